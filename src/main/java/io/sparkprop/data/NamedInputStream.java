package io.sparkprop.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.io.compress.CompressionCodec;

/**
 * A file's stream (decompressed, for a compressed file) whose read failures are {@link ReadFailure}s
 * naming the file. The end of the data is still -1 (or an EOFException from a DataInputStream
 * on top), so readers can tell a file that ends early in its format from one whose bytes are damaged.
 */
final class NamedInputStream extends FilterInputStream {
  private final String shown;
  private final CompressionCodec codec;

  /** @param codec the codec that {@code in} decompresses, or null */
  NamedInputStream(InputStream in, String shown, CompressionCodec codec) {
    super(in);
    this.shown = shown;
    this.codec = codec;
  }

  @Override public int read() {
    try {
      return in.read();
    } catch (IOException e) {
      throw ReadFailure.of(shown, codec, e);
    }
  }

  @Override public int read(byte[] b, int off, int len) {
    try {
      return in.read(b, off, len);
    } catch (IOException e) {
      throw ReadFailure.of(shown, codec, e);
    }
  }

  @Override public long skip(long n) {
    try {
      return in.skip(n);
    } catch (IOException e) {
      throw ReadFailure.of(shown, codec, e);
    }
  }

  @Override public int available() {
    try {
      return in.available();
    } catch (IOException e) {
      throw ReadFailure.of(shown, codec, e);
    }
  }
}
