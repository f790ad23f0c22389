package io.sparkprop.spark;

import io.sparkprop.nn.SparseInputGradient;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * What treeAggregate sums over the partitions: the gradient sum, the loss sum, the sample count and
 * the samples' weight sum (equal to the count for unweighted blocks), which weighted data divide by.
 * The gradient is dense, or for sparse input a {@link SparseInputGradient}, whose first layer has
 * rows only for the features the task's blocks touched. The zero value carries no array, so
 * nothing large is shipped to executors; each task allocates its own. Serialized compactly: the
 * arrays as raw bytes in bulk ({@link BulkArrays}); what was read back is counted in
 * {@link #resultBytes}, so the driver knows what the tasks sent.
 */
public final class GradientSum implements Serializable {
  private static final long serialVersionUID = 3L; // 3: the weight sum joined the serialized form

  double[] gradient;
  SparseInputGradient sparse;
  double loss;
  long count;
  /** The sum of the samples' weights (the count, for unweighted blocks). */
  double weightSum;
  /** Gradient bytes deserialized into this sum and the sums added to it (task results, on the driver). */
  long resultBytes;
  /** Bytes of the step's parameter broadcast (set on the driver). */
  long broadcastBytes;
  /** Driver time packing and broadcasting the parameters, and in the job (set on the driver, not sent). */
  transient long broadcastNanos, jobNanos;

  static GradientSum zero() { return new GradientSum(); }

  private boolean isEmpty() { return gradient == null && sparse == null; }

  GradientSum add(GradientSum other) {
    if (other.isEmpty()) return this;
    if (isEmpty()) return other;
    if (gradient != null) {
      for (int i = 0; i < gradient.length; i++) gradient[i] += other.gradient[i];
    } else {
      sparse = sparse.plus(other.sparse);
    }
    loss += other.loss;
    count += other.count;
    weightSum += other.weightSum;
    resultBytes += other.resultBytes;
    return this;
  }

  // Each task sends its gradient back to the driver: in bulk, not a number at a time.
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.writeDouble(loss);
    out.writeLong(count);
    out.writeDouble(weightSum);
    out.writeBoolean(sparse != null);
    if (sparse == null) {
      BulkArrays.writeDoubles(out, gradient);
      return;
    }
    out.writeInt(sparse.units());
    out.writeInt(sparse.firstLayerWeights());
    BulkArrays.writeInts(out, sparse.features());
    BulkArrays.writeDoubles(out, sparse.rows());
    BulkArrays.writeDoubles(out, sparse.rest());
  }

  private void readObject(ObjectInputStream in) throws IOException {
    loss = in.readDouble();
    count = in.readLong();
    weightSum = in.readDouble();
    if (!in.readBoolean()) {
      gradient = BulkArrays.readDoubles(in);
      resultBytes = gradient == null ? 0 : BulkArrays.payloadBytes(8, gradient.length);
      return;
    }
    int units = in.readInt(), firstLayerWeights = in.readInt();
    int[] features = BulkArrays.readInts(in);
    double[] rows = BulkArrays.readDoubles(in), rest = BulkArrays.readDoubles(in);
    sparse = new SparseInputGradient(units, firstLayerWeights, features, rows, rest);
    resultBytes = BulkArrays.payloadBytes(4, features.length) + BulkArrays.payloadBytes(8, rows.length) + BulkArrays.payloadBytes(8, rest.length);
  }

  /** The summed gradient in the flat parameter layout (null when the batch was empty); a sparse sum is spread out once. */
  public double[] gradient() {
    if (gradient == null && sparse != null) {
      gradient = new double[sparse.firstLayerWeights() + sparse.rest().length];
      sparse.addTo(gradient);
      sparse = null;
    }
    return gradient;
  }

  public double loss() { return loss; }
  public long count() { return count; }
  /** The samples' weight sum: the denominator of a weighted objective. */
  public double weightSum() { return weightSum; }
  /** Bytes of gradient the tasks sent back for this sum. */
  public long resultBytes() { return resultBytes; }
  /** Bytes of parameters broadcast for this sum. */
  public long broadcastBytes() { return broadcastBytes; }
}
