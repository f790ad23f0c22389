package io.sparkprop.data;

import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * The facts about a data set that training needs, from one distributed pass: row count, number of
 * features and classes, the label mapping, per-feature mean and (population) variance for
 * standardization, per-feature largest |x| for max-abs scaling, and how sparse the rows are.
 *
 * <p>The rows keep their labels as read: callers apply {@link #labels()} to them (and to rows held
 * out from them) before training.
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
  private final double[] distinctLabels;
  private final long[] labelCounts;
  private final boolean labelsComplete;
  private final double minLabel;
  private final LabelMapping labels;

  private DataSummary(String describe, double pixelDivisor, FeatureMoments m) {
    this.describe = describe;
    this.pixelDivisor = pixelDivisor;
    this.count = m.count;
    this.features = m.maxSize;
    this.distinctLabels = m.labels.values();
    this.labelCounts = m.labels.counts();
    this.labelsComplete = m.labels.complete();
    this.minLabel = m.minLabel;
    this.labels = m.labels.complete() ? LabelMapping.chooseFor(distinctLabels) : LabelMapping.IDENTITY;
    this.classes = labels.isIdentity() ? (int) m.maxLabel + 1 : labels.classes();
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

  /**
   * Summarizes {@code data} read from {@code source}; DIVIDE scaling will use the source's divisor.
   * A -1 label outside a -1/+1 set is reported on its line: the source is read again, strictly,
   * to find it (only then).
   */
  public static DataSummary of(JavaRDD<LabeledPoint> data, DataSource source) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
    return summarize(data, source.describe(), source.pixelDivisor(), () -> {
      try {
        source.read(sc, new DataSource.Expectations(-1, -1, LabelMapping.IDENTITY), data.getNumPartitions()).count();
      } catch (Exception e) { // Exception: Scala throws the (checked) SparkException undeclared
        DataException located = DataException.find(e).orElse(null);
        if (located != null) return located;
        throw e;
      }
      return null;
    });
  }

  /**
   * One treeAggregate over {@code data}, then the checks that need the whole data set.
   *
   * @throws DataException when there are no rows, fewer than 2 classes, dense rows of different
   *     widths, or a -1 label among labels other than +1
   */
  public static DataSummary of(JavaRDD<LabeledPoint> data, String describe, double pixelDivisor) {
    return summarize(data, describe, pixelDivisor, () -> null);
  }

  /** @param locateNegativeLabel the located error for a -1 label that has no class, or null if it cannot tell */
  private static DataSummary summarize(JavaRDD<LabeledPoint> data, String describe, double pixelDivisor,
      Supplier<DataException> locateNegativeLabel) {
    FeatureMoments m = data.treeAggregate(new FeatureMoments(), FeatureMoments::add, FeatureMoments::merge);
    if (m.count == 0) throw new DataException(describe, 0, "no rows");
    DataSummary summary = new DataSummary(describe, pixelDivisor, m);
    if (!summary.uniformWidth)
      throw new DataException(describe, 0, "rows differ in width: some have " + m.minDenseWidth + " features, others "
          + m.maxDenseWidth + " (do all files have the same columns?)");
    if (summary.labels.isIdentity() && m.minLabel < 0) {
      DataException located = locateNegativeLabel.get();
      throw located != null ? located : new DataException(describe, 0, LabelMapping.IDENTITY.problem((int) m.minLabel));
    }
    if (summary.classes < 2 || !summary.labels.isIdentity() && summary.distinctLabels.length == 1)
      throw new DataException(describe, 0, "all " + summary.count + " rows have label " + (long) m.maxLabel
          + ": a classifier needs at least 2 classes");
    return summary;
  }

  public String describe() { return describe; }
  public long count() { return count; }
  /** The largest vector size: the column count for dense rows, the largest index for sparse ones (or --num-features). */
  public int features() { return features; }
  /** The number of classes: the largest class index plus one, after {@link #labels()}. */
  public int classes() { return classes; }
  /** How the rows' labels become classes: -1/+1 as 0/1 for a set labelled -1 and +1 alone, else the identity. */
  public LabelMapping labels() { return labels; }
  /** The distinct labels as read, ascending (the first 65,536 seen, if there are more). */
  public double[] distinctLabels() { return distinctLabels.clone(); }
  /** Whether class 0 has no rows although its outputs will be trained (labels 1..K taken as class indices). */
  public boolean classZeroUnused() { return labels.isIdentity() && minLabel > 0; }
  /**
   * Rows of each class 0..classes-1, after {@link #labels()} (0 for a class without rows), or null
   * when there are too many distinct labels to have counted them all.
   */
  public long[] classCounts() {
    if (!labelsComplete) return null;
    long[] counts = new long[classes];
    for (int i = 0; i < distinctLabels.length; i++) {
      int k = labels.classOf((int) distinctLabels[i]);
      if (k >= 0 && k < classes) counts[k] += labelCounts[i];
    }
    return counts;
  }

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
