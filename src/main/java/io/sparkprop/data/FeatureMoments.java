package io.sparkprop.data;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.mllib.linalg.DenseVector;
import org.apache.spark.mllib.linalg.SparseVector;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * What one pass over the rows gathers: counts, widths, the largest label, and per-feature sums of
 * values and squares (only the stored entries of sparse rows: their zeros add nothing). Mutable,
 * as treeAggregate's accumulators may be.
 */
final class FeatureMoments implements Serializable {
  private static final long serialVersionUID = 1L;

  long count;
  int maxSize;
  int minDenseWidth = Integer.MAX_VALUE;
  int maxDenseWidth = -1;
  double maxLabel = -1;
  double[] sum = new double[0];
  double[] sumOfSquares = new double[0];

  FeatureMoments add(LabeledPoint row) {
    count++;
    maxLabel = Math.max(maxLabel, row.label());
    Vector v = row.features();
    grow(v.size());
    if (v instanceof SparseVector s) {
      int[] indices = s.indices();
      double[] values = s.values();
      for (int k = 0; k < indices.length; k++) accumulate(indices[k], values[k]);
    } else {
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
    minDenseWidth = Math.min(minDenseWidth, other.minDenseWidth);
    maxDenseWidth = Math.max(maxDenseWidth, other.maxDenseWidth);
    grow(other.maxSize);
    for (int i = 0; i < other.sum.length; i++) {
      sum[i] += other.sum[i];
      sumOfSquares[i] += other.sumOfSquares[i];
    }
    return this;
  }

  private void accumulate(int i, double x) {
    sum[i] += x;
    sumOfSquares[i] += x * x;
  }

  private void grow(int size) {
    if (size <= maxSize) return;
    maxSize = size;
    sum = Arrays.copyOf(sum, size);
    sumOfSquares = Arrays.copyOf(sumOfSquares, size);
  }
}
