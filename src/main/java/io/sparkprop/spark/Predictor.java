package io.sparkprop.spark;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Block;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.mllib.regression.LabeledPoint;

/** Predicts the class of every row, in the rows' order, stacking them into blocks as it goes. */
public final class Predictor {
  private Predictor() {}

  /** The most probable class and its probability. */
  public record Prediction(int label, double probability) implements Serializable {}

  public static JavaRDD<Prediction> predict(JavaSparkContext sc, JavaRDD<LabeledPoint> rows, NetworkSpec spec, double[] params,
      FeatureScaler scaler, int blockSize) {
    return predict(sc, rows, spec, params, scaler, blockSize, InputStorage.DENSE);
  }

  /** As above, stacking the rows' input as {@code storage}. */
  public static JavaRDD<Prediction> predict(JavaSparkContext sc, JavaRDD<LabeledPoint> rows, NetworkSpec spec, double[] params,
      FeatureScaler scaler, int blockSize, InputStorage storage) {
    BlockStacker.check(spec.inputs(), scaler, storage);
    Broadcast<double[]> weights = sc.broadcast(params);
    return rows.mapPartitions(it -> {
      BlockStacker stacker = new BlockStacker(spec.inputs(), scaler, blockSize, storage);
      Network<double[]> network = Precision.DOUBLE.network(spec, blockSize, storage);
      int[] classes = new int[blockSize];
      double[] confidence = new double[blockSize];
      List<Prediction> out = new ArrayList<>();
      for (Block block : stacker.stack(it)) {
        network.predict(weights.value(), block, classes, confidence);
        for (int i = 0; i < block.size(); i++) out.add(new Prediction(classes[i], confidence[i]));
      }
      return out.iterator();
    });
  }
}
