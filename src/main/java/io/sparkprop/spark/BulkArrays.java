package io.sparkprop.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Primitive arrays written to and read from Java serialization streams as raw little-endian bytes
 * in bulk. Plain Java serialization writes and reads them one element at a time; for the parameters
 * broadcast every step and the gradient each task sends back, that was most of a tiny step's
 * serialization time (see bench --only step-overhead). A null array is written as length -1.
 */
final class BulkArrays {
  private BulkArrays() {}

  private static final int CHUNK_BYTES = 65536; // scratch per copy, not a copy of the array

  static void writeDoubles(ObjectOutputStream out, double[] values) throws IOException {
    if (writeLength(out, values)) write(out, values.length, 8, (bytes, from, n) -> bytes.asDoubleBuffer().put(values, from, n));
  }

  static double[] readDoubles(ObjectInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) return null;
    double[] values = new double[length];
    read(in, length, 8, (bytes, from, n) -> bytes.asDoubleBuffer().get(values, from, n));
    return values;
  }

  static void writeFloats(ObjectOutputStream out, float[] values) throws IOException {
    if (writeLength(out, values)) write(out, values.length, 4, (bytes, from, n) -> bytes.asFloatBuffer().put(values, from, n));
  }

  static float[] readFloats(ObjectInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) return null;
    float[] values = new float[length];
    read(in, length, 4, (bytes, from, n) -> bytes.asFloatBuffer().get(values, from, n));
    return values;
  }

  static void writeInts(ObjectOutputStream out, int[] values) throws IOException {
    if (writeLength(out, values)) write(out, values.length, 4, (bytes, from, n) -> bytes.asIntBuffer().put(values, from, n));
  }

  static int[] readInts(ObjectInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) return null;
    int[] values = new int[length];
    read(in, length, 4, (bytes, from, n) -> bytes.asIntBuffer().get(values, from, n));
    return values;
  }

  /** Moves entries [from, from + n) of an array between it and the (cleared) scratch bytes. */
  private interface Chunk {
    void copy(ByteBuffer bytes, int from, int n);
  }

  private static void write(ObjectOutputStream out, int length, int width, Chunk fill) throws IOException {
    ByteBuffer bytes = scratch(width, length);
    int step = bytes.capacity() / width;
    for (int from = 0; from < length; from += step) {
      int n = Math.min(step, length - from);
      bytes.clear();
      fill.copy(bytes, from, n);
      out.write(bytes.array(), 0, width * n);
    }
  }

  private static void read(ObjectInputStream in, int length, int width, Chunk drain) throws IOException {
    ByteBuffer bytes = scratch(width, length);
    int step = bytes.capacity() / width;
    for (int from = 0; from < length; from += step) {
      int n = Math.min(step, length - from);
      in.readFully(bytes.array(), 0, width * n);
      bytes.clear();
      drain.copy(bytes, from, n);
    }
  }

  /** Bytes {@link #writeDoubles} and the others write for an array of {@code length} entries of {@code width} bytes. */
  static long payloadBytes(int width, int length) { return 4 + (long) width * length; }

  /** Writes the array's length (-1 for null) and says whether entries follow. */
  private static boolean writeLength(ObjectOutputStream out, Object array) throws IOException {
    out.writeInt(array == null ? -1 : java.lang.reflect.Array.getLength(array));
    return array != null;
  }

  private static ByteBuffer scratch(int width, int length) {
    long wanted = Math.min(CHUNK_BYTES, (long) width * Math.max(1, length));
    return ByteBuffer.allocate((int) wanted).order(ByteOrder.LITTLE_ENDIAN);
  }
}
