package io.sparkprop.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;

/**
 * A double[] that Java serialization writes as raw little-endian bytes in bulk. Plain Java
 * serialization writes and reads a double[] one element at a time; for the ~100k parameters
 * broadcast every step and the gradient each task sends back, that was most of a tiny step's
 * serialization time (measured with bench --only step-overhead and JFR).
 */
final class PackedDoubles implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int CHUNK = 8192; // doubles per copy: 64 KB of scratch, not a copy of the array

  private transient double[] values;

  PackedDoubles(double[] values) {
    this.values = values;
  }

  /** The array itself, not a copy. */
  double[] values() { return values; }

  private void writeObject(ObjectOutputStream out) throws IOException {
    write(out, values);
  }

  private void readObject(ObjectInputStream in) throws IOException {
    values = read(in);
  }

  /** Writes {@code values} (may be null) to a serialization stream. */
  static void write(ObjectOutputStream out, double[] values) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    ByteBuffer bytes = ByteBuffer.allocate(8 * Math.min(CHUNK, values.length)).order(ByteOrder.LITTLE_ENDIAN);
    DoubleBuffer doubles = bytes.asDoubleBuffer();
    for (int from = 0; from < values.length; from += CHUNK) {
      int n = Math.min(CHUNK, values.length - from);
      doubles.clear();
      doubles.put(values, from, n);
      out.write(bytes.array(), 0, 8 * n);
    }
  }

  /** Reads what {@link #write} wrote. */
  static double[] read(ObjectInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) return null;
    double[] values = new double[length];
    ByteBuffer bytes = ByteBuffer.allocate(8 * Math.min(CHUNK, length)).order(ByteOrder.LITTLE_ENDIAN);
    DoubleBuffer doubles = bytes.asDoubleBuffer();
    for (int from = 0; from < length; from += CHUNK) {
      int n = Math.min(CHUNK, length - from);
      in.readFully(bytes.array(), 0, 8 * n);
      doubles.clear();
      doubles.get(values, from, n);
    }
    return values;
  }
}
