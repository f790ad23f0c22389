package io.sparkprop.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * The facts about a data set that training needs, from one distributed pass: row count, number of
 * features and classes, per-feature mean and (population) variance for standardization,
 * per-feature largest |x| for max-abs scaling, and how sparse the rows are.
 */
public final class DataSummary {
  private final String describe;
  private final double pixelDivisor;
  private final long count;
  private final int features;
  private final int classes;
  private final double[] mean;
  private final double[] variance;
  private final double[] maxAbs;
  private final boolean uniformWidth;
  private final long nonZeros;
  private final boolean sparseRows;

  private DataSummary(String describe, double pixelDivisor, FeatureMoments m) {
    this.describe = describe;
    this.pixelDivisor = pixelDivisor;
    this.count = m.count;
    this.features = m.maxSize;
    this.classes = (int) m.maxLabel + 1;
    this.uniformWidth = m.maxDenseWidth < 0 || m.minDenseWidth == m.maxDenseWidth;
    this.nonZeros = m.nonZeros;
    this.sparseRows = m.allSparse;
    this.maxAbs = m.maxAbs;
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
  /** Per feature, the largest |x| over the rows (0 for a feature that is always 0). */
  public double[] maxAbs() { return maxAbs.clone(); }
  /** Whether all dense rows had the same width (always true for sparse rows, whose size varies). */
  public boolean uniformWidth() { return uniformWidth; }
  /** Entries whose value is not 0 over all rows, sparse or dense (a stored 0 does not count). */
  public long nonZeros() { return nonZeros; }
  /** {@link #nonZeros()} over count x features, in [0, 1]; the product is formed in double, so it cannot overflow. */
  public double density() { return features == 0 ? 0 : nonZeros / ((double) count * features); }
  /** Whether every row arrived as a sparse vector (LIBSVM), as sparse blocks would want. */
  public boolean sparseRows() { return sparseRows; }

  /** The scaler of the given kind for this data set. */
  public FeatureScaler scaler(FeatureScaler.Kind kind) {
    return switch (kind) {
      case STANDARDIZE -> FeatureScaler.standardize(mean, variance);
      case MAXABS -> FeatureScaler.maxAbs(maxAbs);
      case DIVIDE -> FeatureScaler.divideBy(features, pixelDivisor);
      case NONE -> FeatureScaler.identity(features);
    };
  }
}
