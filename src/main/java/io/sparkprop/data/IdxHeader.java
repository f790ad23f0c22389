package io.sparkprop.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The header of an IDX file (the MNIST format): a big-endian magic number 0x000008NN, where NN is
 * the number of dimensions, then one 32-bit size per dimension. Unsigned bytes follow.
 */
record IdxHeader(int count, int recordBytes, int bytes) implements Serializable {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  /** Reads and checks the header of {@code path}, an images (3 dimensions) or labels (1 dimension) file. */
  static IdxHeader read(Configuration conf, Path path, String shown, int magic) {
    try (DataInputStream in = new DataInputStream(HadoopFiles.open(conf, path, shown))) {
      int found = in.readInt();
      if (found != magic)
        throw new DataException(shown, 0, String.format("not an IDX %s file: magic number 0x%08X, expected 0x%08X",
            magic == IMAGES_MAGIC ? "images" : "labels", found, magic));
      int count = in.readInt();
      int recordBytes = 1;
      for (int d = 1; d < (magic & 0xFF); d++) recordBytes = Math.multiplyExact(recordBytes, in.readInt());
      if (count < 0 || recordBytes <= 0) throw new DataException(shown, 0, "IDX header has a negative size");
      return new IdxHeader(count, recordBytes, 4 + 4 * (magic & 0xFF));
    } catch (EOFException e) {  // the end of the data: damaged bytes are a DataException of HadoopFiles.open's
      throw new DataException(shown, 0, "file ends inside the IDX header");
    } catch (IOException e) {
      throw new DataException(shown, 0, "cannot read: " + e.getMessage());
    }
  }

  /** Skips up to {@code n} bytes, decompressing if need be; returns how many there were. */
  static long skip(InputStream in, long n) throws IOException {
    long skipped = 0;
    while (skipped < n) {
      long s = in.skip(n - skipped);
      if (s <= 0) {
        if (in.read() < 0) break;  // skip() may return 0 before the end; read() tells for sure
        s = 1;
      }
      skipped += s;
    }
    return skipped;
  }
}
