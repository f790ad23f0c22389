package io.sparkprop.data;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.mllib.linalg.DenseVector;
import org.apache.spark.mllib.linalg.SparseVector;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * What one pass over the rows gathers: counts, widths, the labels seen, non-zeros, and per feature
 * the sums of values and squares and the largest |x| (only the stored entries of sparse rows: their
 * zeros add nothing). Per-feature arrays only, nothing per row. Mutable, as treeAggregate's
 * accumulators may be.
 */
final class FeatureMoments implements Serializable {
  private static final long serialVersionUID = 3L;

  long count;
  int maxSize;
  int minDenseWidth = Integer.MAX_VALUE;
  int maxDenseWidth = -1;
  double maxLabel = -1;
  double minLabel = Double.POSITIVE_INFINITY;
  /** The distinct labels, ascending; only the first {@link LabelSet#LIMIT} are kept. */
  LabelSet labels = new LabelSet();
  /** Entries whose value is not 0, stored or dense. */
  long nonZeros;
  boolean allSparse = true;
  double[] sum = new double[0];
  double[] sumOfSquares = new double[0];
  double[] maxAbs = new double[0];

  FeatureMoments add(LabeledPoint row) {
    count++;
    maxLabel = Math.max(maxLabel, row.label());
    minLabel = Math.min(minLabel, row.label());
    labels.add(row.label());
    Vector v = row.features();
    grow(v.size());
    if (v instanceof SparseVector s) {
      int[] indices = s.indices();
      double[] values = s.values();
      for (int k = 0; k < indices.length; k++) accumulate(indices[k], values[k]);
    } else {
      allSparse = false;
      double[] values = ((DenseVector) v).values();
      minDenseWidth = Math.min(minDenseWidth, values.length);
      maxDenseWidth = Math.max(maxDenseWidth, values.length);
      for (int i = 0; i < values.length; i++) accumulate(i, values[i]);
    }
    return this;
  }

  FeatureMoments merge(FeatureMoments other) {
    count += other.count;
    maxLabel = Math.max(maxLabel, other.maxLabel);
    minLabel = Math.min(minLabel, other.minLabel);
    labels.addAll(other.labels);
    nonZeros += other.nonZeros;
    allSparse &= other.allSparse;
    minDenseWidth = Math.min(minDenseWidth, other.minDenseWidth);
    maxDenseWidth = Math.max(maxDenseWidth, other.maxDenseWidth);
    grow(other.maxSize);
    for (int i = 0; i < other.sum.length; i++) {
      sum[i] += other.sum[i];
      sumOfSquares[i] += other.sumOfSquares[i];
      maxAbs[i] = Math.max(maxAbs[i], other.maxAbs[i]);
    }
    return this;
  }

  private void accumulate(int i, double x) {
    sum[i] += x;
    sumOfSquares[i] += x * x;
    if (x != 0) nonZeros++;
    maxAbs[i] = Math.max(maxAbs[i], Math.abs(x));
  }

  private void grow(int size) {
    if (size <= maxSize) return;
    maxSize = size;
    sum = Arrays.copyOf(sum, size);
    sumOfSquares = Arrays.copyOf(sumOfSquares, size);
    maxAbs = Arrays.copyOf(maxAbs, size);
  }
}
