package io.sparkprop.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Parameters as the executors' kernels read them (double[] or float[], see
 * {@link io.sparkprop.nn.Precision#pack}), packed once on the driver and broadcast, bulk-serialized
 * (see {@link BulkArrays}). Float tasks get floats: half the bytes of doubles, and no task converts.
 */
final class PackedParameters<P> implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient Object values;

  PackedParameters(P values) {
    if (!(values instanceof double[] || values instanceof float[])) throw new IllegalArgumentException("parameters must be double[] or float[]");
    this.values = values;
  }

  /** The array itself, not a copy. */
  @SuppressWarnings("unchecked")
  P values() { return (P) values; }

  /** What a broadcast of these parameters carries. */
  long payloadBytes() {
    return values instanceof double[] d ? BulkArrays.payloadBytes(8, d.length) : BulkArrays.payloadBytes(4, ((float[]) values).length);
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    boolean isDouble = values instanceof double[];
    out.writeBoolean(isDouble);
    if (isDouble) BulkArrays.writeDoubles(out, (double[]) values);
    else BulkArrays.writeFloats(out, (float[]) values);
  }

  private void readObject(ObjectInputStream in) throws IOException {
    values = in.readBoolean() ? BulkArrays.readDoubles(in) : BulkArrays.readFloats(in);
  }
}
