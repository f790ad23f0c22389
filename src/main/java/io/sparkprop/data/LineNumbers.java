package io.sparkprop.data;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Turns the byte offset at which Hadoop's text reader started a line into that line's number.
 * Only called when a line is bad, so the happy path pays nothing for exact line numbers.
 */
final class LineNumbers {
  private LineNumbers() {}

  /**
   * The 1-based number of the line starting at {@code offset} (in the decompressed stream for a
   * compressed file). Counts line ends as Hadoop's LineRecordReader does: \n, \r\n and a lone \r.
   */
  static long lineAt(Configuration conf, Path path, String shown, long offset) throws IOException {
    try (InputStream in = HadoopFiles.open(conf, path, shown)) {
      return lineAt(in, offset);
    }
  }

  static long lineAt(InputStream in, long offset) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long line = 1;
    long remaining = offset;
    boolean afterCr = false;
    while (remaining > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) break;
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        if (b == '\n') {
          if (!afterCr) line++;
          afterCr = false;
        } else {
          afterCr = b == '\r';
          if (afterCr) line++;
        }
      }
      remaining -= n;
    }
    return line;
  }
}
