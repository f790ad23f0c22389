package io.sparkprop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** The ways a gzip file arrives damaged, for the tests of bad input: each makes a gzip file that cannot be read whole. */
public enum GzipDamage {
  /** Cut off in the middle of the compressed data, as a download cut short is. */
  TRUNCATED {
    @Override byte[] damage(byte[] gz) { return Arrays.copyOf(gz, gz.length / 2); }
  },
  /** The header's magic number is wrong: not gzip at all. */
  BAD_HEADER {
    @Override byte[] damage(byte[] gz) {
      gz[0] ^= (byte) 0xFF;
      return gz;
    }
  },
  /** The trailer's CRC-32 is wrong: every byte decompresses, and the checksum fails at the end. */
  BAD_CRC {
    @Override byte[] damage(byte[] gz) {
      gz[gz.length - 8] ^= (byte) 0xFF;
      return gz;
    }
  },
  /** A sound header, then random bytes where the compressed data should be. */
  GARBAGE_BODY {
    @Override byte[] damage(byte[] gz) {
      byte[] body = new byte[Math.max(64, gz.length - 10)];
      new Random(3).nextBytes(body);  // seeded: the same garbage, and the same failure, every run
      byte[] damaged = Arrays.copyOf(gz, 10 + body.length);
      System.arraycopy(body, 0, damaged, 10, body.length);
      return damaged;
    }
  };

  abstract byte[] damage(byte[] gzipped);

  /** {@code text} gzipped, then damaged. */
  public byte[] gzipped(String text) {
    return gzipped(text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code bytes} gzipped, then damaged. */
  public byte[] gzipped(byte[] bytes) {
    return damage(gzip(bytes));
  }

  /** {@code bytes} gzipped, whole. */
  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
