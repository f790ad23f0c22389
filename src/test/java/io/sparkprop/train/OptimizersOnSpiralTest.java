package io.sparkprop.train;

import io.sparkprop.nn.InputStorage;

import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.Evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import io.sparkprop.data.DataSummary;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.optim.LearningRateSchedule;
import io.sparkprop.optim.OptimizerConfig;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each optimizer fits the 300-point, 3-class spiral (one hidden layer of 100) to at least 98 %. */
class OptimizersOnSpiralTest {
  private static final JavaSparkContext SC = SparkTestSupport.sparkContext();
  private static BlockedData spiral;
  private static NetworkSpec spec;

  @BeforeAll
  static void stackSpiral() throws Exception {
    DataSource source = DataSources.open("spiral", DataOptions.DEFAULTS, SC.hadoopConfiguration());
    JavaRDD<LabeledPoint> rows = source.read(SC, DataSource.Expectations.NONE, 2);
    DataSummary summary = DataSummary.of(rows, source);
    spec = NetworkSpec.of(2, new int[] {100}, 3, Activation.RELU);
    spiral = BlockedData.stackShuffled(rows, 2, summary.scaler(FeatureScaler.Kind.STANDARDIZE), 128, 1L, StorageLevel.MEMORY_ONLY(), InputStorage.DENSE);
  }

  @AfterAll
  static void release() { spiral.unpersist(); }

  private static double trainAccuracy(TrainingConfig config) {
    Trainer.Result result = new Trainer(SC, config).train(spiral, spec, TrainingListener.NONE);
    return Evaluation.of(SC, spiral, spec, result.parameters(), 1, Precision.DOUBLE).accuracy();
  }

  private static TrainingConfig fullBatch(OptimizerConfig optimizer, int epochs, LearningRateSchedule.Config schedule) {
    return TrainingConfig.builder().hidden(new int[] {100}).activation(Activation.RELU).optimizer(optimizer).epochs(epochs).batchSize(0).blockSize(128).l2(0).seed(1L).aggregationDepth(1).logEvery(1000).schedule(schedule).dropout(0).weightDecay(0).build();
  }

  @Test
  void lbfgsFitsTheSpiral() {
    double accuracy = trainAccuracy(fullBatch(new OptimizerConfig.Lbfgs(10), 100, LearningRateSchedule.Config.DEFAULT));
    assertTrue(accuracy >= 0.98, "lbfgs train accuracy " + accuracy);
  }

  @Test
  void nesterovSgdFitsTheSpiral() {
    double accuracy = trainAccuracy(fullBatch(new OptimizerConfig.Sgd(0.5, 0.9, true), 300, LearningRateSchedule.Config.DEFAULT));
    assertTrue(accuracy >= 0.98, "sgd+nesterov train accuracy " + accuracy);
  }

  @Test
  void adamWithCosineScheduleFitsTheSpiral() {
    LearningRateSchedule.Config cosine = new LearningRateSchedule.Config(LearningRateSchedule.Kind.COSINE, 10, 0, 1, 1, 0);
    double accuracy = trainAccuracy(fullBatch(new OptimizerConfig.Adam(0.05), 300, cosine));
    assertTrue(accuracy >= 0.98, "adam train accuracy " + accuracy);
  }

  /** The paper's setting: warm-up, then decay (cosine here), decoupled weight decay inside the update. */
  @Test
  void lambWithWarmUpCosineAndWeightDecayFitsTheSpiral() {
    LearningRateSchedule.Config cosine = new LearningRateSchedule.Config(LearningRateSchedule.Kind.COSINE, 10, 0, 1, 1, 0);
    double accuracy = trainAccuracy(fullBatch(new OptimizerConfig.Lamb(0.02), 300, cosine).toBuilder().weightDecay(0.01).build());
    assertTrue(accuracy >= 0.98, "lamb train accuracy " + accuracy);
  }

  /** The paper's trust coefficient, 0.001: the global rate is then a few units (biases take it as it is). */
  @Test
  void larsWithWarmUpCosineAndWeightDecayFitsTheSpiral() {
    LearningRateSchedule.Config cosine = new LearningRateSchedule.Config(LearningRateSchedule.Kind.COSINE, 10, 0, 1, 1, 0);
    double accuracy = trainAccuracy(fullBatch(new OptimizerConfig.Lars(5, 0.9, 0.001), 300, cosine).toBuilder().weightDecay(0.0005).build());
    assertTrue(accuracy >= 0.98, "lars train accuracy " + accuracy);
  }

  @Test
  void dropoutRunsAreReproducible() {
    TrainingConfig config = TrainingConfig.builder().hidden(new int[] {100}).activation(Activation.RELU).optimizer(new OptimizerConfig.Adam(0.01)).epochs(3).batchSize(64).blockSize(32).l2(0).seed(7L).aggregationDepth(1).logEvery(1000).schedule(LearningRateSchedule.Config.DEFAULT).dropout(0.3).weightDecay(0.01).build();
    double[] a = new Trainer(SC, config).train(spiral, spec, TrainingListener.NONE).parameters();
    double[] b = new Trainer(SC, config).train(spiral, spec, TrainingListener.NONE).parameters();
    assertArrayEquals(a, b);
  }
}
