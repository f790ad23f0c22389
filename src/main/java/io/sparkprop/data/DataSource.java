package io.sparkprop.data;

import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * A labelled data set read distributed: each row becomes a {@link LabeledPoint} whose label is the
 * class index (0, 1, ...) as a double; or, for training data whose labels are not known yet, -1
 * as written (see {@link Expectations#labels()} and {@link DataSummary#labels()}).
 *
 * <p>Features are dense vectors for CSV, IDX and spiral. LIBSVM rows are sparse vectors whose size
 * is {@code expect.features()} when known, and otherwise the row's own largest index (1-based),
 * so rows of one LIBSVM data set may differ in size; the number of features of the data set is
 * the largest size (see {@link DataSummary#features()}) and consumers treat missing trailing
 * entries as zero.
 */
public interface DataSource extends Serializable {

  /** The 8-bit pixel range: DIVIDE sources divide by this to bring features into [0, 1]. */
  double PIXEL_DIVISOR = 255;

  /**
   * What the rows must agree with, e.g. the model a test set is scored against; -1 = unknown.
   * When known, every row is checked: its feature count (CSV, IDX), largest index (LIBSVM) and label.
   *
   * @param labels how labels become classes: rows get the mapped class, and a label the mapping
   *     lacks is refused on its line. Null = not known yet (training data): text formats then also
   *     accept -1, which the summary reads as class 0 in a -1/+1 set and refuses otherwise.
   */
  record Expectations(int features, int classes, LabelMapping labels) implements Serializable {
    public static final Expectations NONE = new Expectations(-1, -1);

    public Expectations {
      if (features < -1 || features == 0) throw new IllegalArgumentException("features must be positive or -1, was " + features);
      if (classes < -1 || classes == 0) throw new IllegalArgumentException("classes must be positive or -1, was " + classes);
    }

    /** Labels not known yet: class indices, or -1/+1 for the summary to map. */
    public Expectations(int features, int classes) {
      this(features, classes, null);
    }

    public boolean knowsFeatures() { return features > 0; }
    public boolean knowsClasses() { return classes > 0; }
    public boolean knowsLabels() { return labels != null; }
  }

  /** The path as given, or a description of generated data such as {@code spiral (3 classes x 100 points)}. */
  String describe();

  /**
   * The rows, parsed on the executors. Problems surface as a {@link DataException} (on the driver
   * for missing or empty input, otherwise inside the SparkException of the failed job: see
   * {@link DataException#find}).
   *
   * @param minPartitions at least this many partitions (a hint for text files, whose splits follow the file system's blocks)
   */
  JavaRDD<LabeledPoint> read(JavaSparkContext sc, Expectations expect, int minPartitions);

  /** DIVIDE for pixel data (IDX), STANDARDIZE otherwise. */
  FeatureScaler.Kind defaultScaling();

  /** The divisor of DIVIDE scaling. */
  default double pixelDivisor() { return PIXEL_DIVISOR; }

  /** The scaler of a DIVIDE source, which needs no pass over the data. */
  default FeatureScaler fixedScaler(int features) {
    return FeatureScaler.divideBy(features, pixelDivisor());
  }
}
