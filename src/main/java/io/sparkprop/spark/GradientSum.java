package io.sparkprop.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * What treeAggregate sums over the partitions: the gradient sum, the loss sum and the sample count.
 * The zero value carries no array, so nothing large is shipped to executors; each task allocates its own.
 * Serialized compactly: the gradient as raw bytes in bulk.
 */
public final class GradientSum implements Serializable {
  private static final long serialVersionUID = 1L;

  double[] gradient;
  double loss;
  long count;

  static GradientSum zero() { return new GradientSum(); }

  GradientSum add(GradientSum other) {
    if (other.gradient == null) return this;
    if (gradient == null) return other;
    for (int i = 0; i < gradient.length; i++) gradient[i] += other.gradient[i];
    loss += other.loss;
    count += other.count;
    return this;
  }

  // Each task sends its gradient back to the driver: in bulk, not a double at a time (see PackedDoubles).
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.writeDouble(loss);
    out.writeLong(count);
    PackedDoubles.write(out, gradient);
  }

  private void readObject(ObjectInputStream in) throws IOException {
    loss = in.readDouble();
    count = in.readLong();
    gradient = PackedDoubles.read(in);
  }

  /** The summed gradient (null when the batch was empty). */
  public double[] gradient() { return gradient; }
  public double loss() { return loss; }
  public long count() { return count; }
}
