package io.sparkprop.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * The facts about a data set that training needs, from one distributed pass: row count, number of
 * features and classes, and per-feature mean and (population) variance for standardization.
 */
public final class DataSummary {
  private final String describe;
  private final double pixelDivisor;
  private final long count;
  private final int features;
  private final int classes;
  private final double[] mean;
  private final double[] variance;
  private final boolean uniformWidth;

  private DataSummary(String describe, double pixelDivisor, FeatureMoments m) {
    this.describe = describe;
    this.pixelDivisor = pixelDivisor;
    this.count = m.count;
    this.features = m.maxSize;
    this.classes = (int) m.maxLabel + 1;
    this.uniformWidth = m.maxDenseWidth < 0 || m.minDenseWidth == m.maxDenseWidth;
    this.mean = new double[features];
    this.variance = new double[features];
    for (int i = 0; i < features; i++) {
      mean[i] = m.sum[i] / count;
      // E[x^2] - E[x]^2 in double precision: ample for pixels and ordinary feature scales.
      variance[i] = Math.max(0, m.sumOfSquares[i] / count - mean[i] * mean[i]);
    }
  }

  /** Summarizes {@code data} read from {@code source}; DIVIDE scaling will use the source's divisor. */
  public static DataSummary of(JavaRDD<LabeledPoint> data, DataSource source) {
    return of(data, source.describe(), source.pixelDivisor());
  }

  /**
   * One treeAggregate over {@code data}, then the checks that need the whole data set.
   *
   * @throws DataException when there are no rows, fewer than 2 classes, or dense rows of different widths
   */
  public static DataSummary of(JavaRDD<LabeledPoint> data, String describe, double pixelDivisor) {
    FeatureMoments m = data.treeAggregate(new FeatureMoments(), FeatureMoments::add, FeatureMoments::merge);
    if (m.count == 0) throw new DataException(describe, 0, "no rows");
    DataSummary summary = new DataSummary(describe, pixelDivisor, m);
    if (!summary.uniformWidth)
      throw new DataException(describe, 0, "rows differ in width: some have " + m.minDenseWidth + " features, others "
          + m.maxDenseWidth + " (do all files have the same columns?)");
    if (summary.classes < 2)
      throw new DataException(describe, 0, "all " + summary.count + " rows have label 0: a classifier needs at least 2 classes");
    return summary;
  }

  public String describe() { return describe; }
  public long count() { return count; }
  /** The largest vector size: the column count for dense rows, the largest index for sparse ones. */
  public int features() { return features; }
  /** The largest label plus one. */
  public int classes() { return classes; }
  public double[] mean() { return mean.clone(); }
  /** Population variance (divided by the count, not count - 1). */
  public double[] variance() { return variance.clone(); }
  /** Whether all dense rows had the same width (always true for sparse rows, whose size varies). */
  public boolean uniformWidth() { return uniformWidth; }

  /** The scaler of the given kind for this data set. */
  public FeatureScaler scaler(FeatureScaler.Kind kind) {
    return switch (kind) {
      case STANDARDIZE -> FeatureScaler.standardize(mean, variance);
      case DIVIDE -> FeatureScaler.divideBy(features, pixelDivisor);
      case NONE -> FeatureScaler.identity(features);
    };
  }
}
