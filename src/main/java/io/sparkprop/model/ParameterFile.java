package io.sparkprop.model;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * parameters.bin: 8 magic bytes, format version (int), parameter count (long), then the flat
 * parameter vector as big-endian IEEE doubles. Binary so that parameters round-trip bit-exactly
 * and load fast; model.json holds the CRC32 of the whole file.
 */
final class ParameterFile {
  static final String NAME = "parameters.bin";
  static final int VERSION = 1;
  private static final byte[] MAGIC = "SPRKPRM\n".getBytes(StandardCharsets.US_ASCII);
  static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES;
  /** Doubles per chunk: large models stream through a fixed buffer. */
  private static final int CHUNK = 8192;

  private ParameterFile() {}

  static long length(long count) { return HEADER_BYTES + Double.BYTES * count; }

  /** Writes the file and returns its CRC32. */
  static long write(OutputStream out, double[] parameters) throws IOException {
    CRC32 crc = new CRC32();
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(VERSION).putLong(parameters.length);
    emit(out, crc, header);
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK * Double.BYTES);
    for (int from = 0; from < parameters.length; from += CHUNK) {
      int n = Math.min(CHUNK, parameters.length - from);
      chunk.clear();
      chunk.asDoubleBuffer().put(parameters, from, n);
      chunk.position(n * Double.BYTES);
      emit(out, crc, chunk);
    }
    return crc.getValue();
  }

  private static void emit(OutputStream out, CRC32 crc, ByteBuffer buffer) throws IOException {
    buffer.flip();
    crc.update(buffer.array(), 0, buffer.limit());
    out.write(buffer.array(), 0, buffer.limit());
  }

  /**
   * Reads and checks a parameter file of {@code fileLength} bytes against what model.json declares.
   * {@code path} names the file in error messages.
   */
  static double[] read(InputStream raw, long fileLength, int expectedCount, long expectedCrc, String path)
      throws IOException {
    if (fileLength < HEADER_BYTES)
      throw new ModelException(path, "truncated: " + fileLength + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
    CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
    DataInputStream in = new DataInputStream(checked);
    try {
      FileHeader.check(in, MAGIC, VERSION, "parameter file", path);
      long count = in.readLong();
      if (count != expectedCount)
        throw new ModelException(path, "holds " + count + " parameters but model.json declares " + expectedCount
            + " (parameters.bin from another model?)");
      long expectedLength = length(count);
      if (fileLength < expectedLength)
        throw new ModelException(path, "truncated: " + fileLength + " bytes, expected " + expectedLength);
      if (fileLength > expectedLength)
        throw new ModelException(path, (fileLength - expectedLength) + " unexpected bytes after the last parameter");
      double[] parameters = new double[expectedCount];
      byte[] chunk = new byte[CHUNK * Double.BYTES];
      for (int from = 0; from < expectedCount; from += CHUNK) {
        int n = Math.min(CHUNK, expectedCount - from);
        in.readFully(chunk, 0, n * Double.BYTES);
        ByteBuffer.wrap(chunk, 0, n * Double.BYTES).asDoubleBuffer().get(parameters, from, n);
      }
      long crc = checked.getChecksum().getValue();
      if (crc != expectedCrc)
        throw new ModelException(path, "corrupt: CRC32 is " + hex(crc) + " but model.json records " + hex(expectedCrc));
      return parameters;
    } catch (EOFException e) {
      // The file shrank between the length check and the read.
      throw new ModelException(path, "truncated: ended before all " + expectedCount + " parameters were read", e);
    }
  }

  static String hex(long crc) { return String.format("%08x", crc); }
}
