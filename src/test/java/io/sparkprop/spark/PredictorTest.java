package io.sparkprop.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.Block;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.spark.Predictor.Prediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.junit.jupiter.api.Test;

/**
 * predict streams blocks through each task and gives, in the rows' order, exactly what stacking the
 * whole partition and predicting each block gave before.
 */
class PredictorTest {
  private static final int BLOCK = 4;
  private static final int[] PARTITION_SIZES = {0, 1, BLOCK, BLOCK + 1, 23};

  private static JavaRDD<LabeledPoint> rows(JavaSparkContext sc, int inputs, boolean sparse) {
    List<Integer> partitions = new ArrayList<>();
    for (int i = 0; i < PARTITION_SIZES.length; i++) partitions.add(i);
    int[] sizes = PARTITION_SIZES;
    return sc.parallelize(partitions, partitions.size()).flatMap(p -> {
      SplittableRandom random = new SplittableRandom(p);
      List<LabeledPoint> out = new ArrayList<>();
      for (int i = 0; i < sizes[p]; i++) {
        double[] x = new double[inputs];
        for (int j = 0; j < inputs; j++) x[j] = random.nextInt(sparse ? 500 : 3) == 0 ? random.nextGaussian() : 0;
        out.add(new LabeledPoint(0, sparse ? Vectors.dense(x).toSparse() : Vectors.dense(x)));
      }
      return out.iterator();
    });
  }

  /** The former Predictor: a partition stacked whole, then predicted block by block. */
  private static List<Prediction> stackedWhole(JavaRDD<LabeledPoint> rows, NetworkSpec spec, double[] params, FeatureScaler scaler,
      InputStorage storage) {
    List<Prediction> all = new ArrayList<>();
    for (List<LabeledPoint> partition : rows.glom().collect()) {
      Network<double[]> network = Precision.DOUBLE.network(spec, BLOCK, storage);
      int[] classes = new int[BLOCK];
      double[] confidence = new double[BLOCK];
      for (Block block : new BlockStacker(spec.inputs(), scaler, BLOCK, storage).stack(partition.iterator())) {
        network.predict(params, block, classes, confidence);
        for (int i = 0; i < block.size(); i++) all.add(new Prediction(classes[i], confidence[i]));
      }
    }
    return all;
  }

  private static void assertUnchanged(int inputs, FeatureScaler scaler, InputStorage storage, boolean sparse) {
    JavaSparkContext sc = SparkTestSupport.sparkContext();
    NetworkSpec spec = NetworkSpec.of(inputs, new int[] {8}, 3, Activation.TANH);
    SplittableRandom random = new SplittableRandom(9);
    double[] params = new double[spec.numParameters()];
    for (int i = 0; i < params.length; i++) params[i] = random.nextGaussian();
    JavaRDD<LabeledPoint> rows = rows(sc, inputs, sparse);
    List<Prediction> streamed = Predictor.predict(sc, rows, spec, params, scaler, BLOCK, storage, Precision.DOUBLE).collect();
    assertEquals(Arrays.stream(PARTITION_SIZES).sum(), streamed.size());
    assertEquals(stackedWhole(rows, spec, params, scaler, storage), streamed);
  }

  @Test
  void denseRowsPredictAsBefore() {
    double[] mean = new double[12], variance = new double[12];
    Arrays.fill(mean, 0.25);
    Arrays.fill(variance, 2);
    assertUnchanged(12, FeatureScaler.standardize(mean, variance), InputStorage.DENSE, false);
  }

  @Test
  void sparseRowsPredictAsBefore() {
    double[] maxAbs = new double[6000];
    Arrays.fill(maxAbs, 3);
    assertUnchanged(6000, FeatureScaler.maxAbs(maxAbs), InputStorage.SPARSE, true);
    assertUnchanged(6000, FeatureScaler.maxAbs(maxAbs), InputStorage.DENSE, true);
  }
}
