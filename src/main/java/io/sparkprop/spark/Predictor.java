package io.sparkprop.spark;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * Predicts the class of every row, in the rows' order, stacking them into blocks as it goes
 * ({@link BlockScorer}): a task holds one block of rows at a time, however large its partition.
 */
public final class Predictor {
  private Predictor() {}

  /** The most probable class and its probability. */
  public record Prediction(int label, double probability) implements Serializable {}

  /** Stacking the rows' input as {@code storage}, computing in {@code precision} (see {@link BlockScorer}). */
  public static JavaRDD<Prediction> predict(JavaSparkContext sc, JavaRDD<LabeledPoint> rows, NetworkSpec spec, double[] params,
      FeatureScaler scaler, int blockSize, InputStorage storage, Precision<?> precision) {
    BlockStacker.check(spec.inputs(), scaler, storage); // on the driver: a bad scaler fails before any task
    Broadcast<double[]> weights = sc.broadcast(params);
    int k = spec.classes();
    // streamed: a task holds one block of rows and its predictions, not the partition's
    return rows.mapPartitions(it -> new BlockScorer(spec, scaler, blockSize, storage, precision).stream(weights.value(), it, row -> row.features().asML(),
        (row, p, offset) -> best(p, offset, k)));
  }

  /** The first most probable class, as Network.predict picks it. */
  private static Prediction best(double[] p, int offset, int classes) {
    int best = 0;
    for (int j = 1; j < classes; j++) if (p[offset + j] > p[offset + best]) best = j;
    return new Prediction(best, p[offset + best]);
  }
}
