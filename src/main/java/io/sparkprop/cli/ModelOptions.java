package io.sparkprop.cli;

import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import io.sparkprop.model.ModelStore;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.nn.Precision;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A saved model and data to apply it to: shared by evaluate and predict. */
final class ModelOptions {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "a folder written by train (DIR or DIR/model)")
  String model;

  @Option(names = "--data", required = true, paramLabel = "DATA", description = "data in the model's feature layout")
  String data;

  @Option(names = "--block-size", paramLabel = "N", description = "samples stacked per block (default: ${DEFAULT-VALUE})")
  int blockSize;

  @Option(names = "--precision", paramLabel = "P",
      description = "what scoring computes in: float (sgemm) or double, for checks (default: what the model was trained in)")
  String precision;

  @Mixin DataOptionsMixin dataOptions;
  @Mixin SparkOptionsMixin sparkOptions;

  TrainedModel load(JavaSparkContext sc) { return load(model, sc); }

  /** The model in {@code dir}: a folder written by train (its model/ inside) or the model folder itself. */
  static TrainedModel load(String dir, JavaSparkContext sc) { return ModelStore.loadFromRun(dir, sc.hadoopConfiguration()); }

  /** What to score {@code m} in: --precision, else the model's training precision. */
  Precision<?> precision(TrainedModel m) {
    if (precision == null) return m.trainingPrecision();
    try {
      return Precision.parse(precision);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--precision: " + e.getMessage());
    }
  }

  /**
   * The rows, checked against the model's feature count and, with {@code checkLabels}, mapped by the
   * model's label mapping and checked against its classes.
   */
  JavaRDD<LabeledPoint> read(JavaSparkContext sc, TrainedModel m, boolean checkLabels) {
    DataOptions options = dataOptions.toDataOptions(0);
    if (options.numFeatures() > 0 && options.numFeatures() != m.spec().inputs())
      throw new IllegalArgumentException("--num-features " + options.numFeatures() + " but the model has "
          + m.spec().inputs() + " features");
    DataSource source = DataSources.open(data, options, sc.hadoopConfiguration());
    DataSource.Expectations expect = checkLabels
        ? new DataSource.Expectations(m.spec().inputs(), m.spec().classes(), m.labels())
        : new DataSource.Expectations(m.spec().inputs(), -1);
    return source.read(sc, expect, dataOptions.partitions(sc));
  }
}
