package io.sparkprop.train;

import io.sparkprop.nn.InputStorage;

import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.Evaluation;
import io.sparkprop.spark.TrainingDivergedException;

import java.util.function.Supplier;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.optim.OptimizerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

class TrainerTest {
  private static final JavaSparkContext SC = SparkTestSupport.sparkContext();

  /** Three noisy Gaussian blobs in 4 dimensions: small, learnable, and not linearly trivial. */
  static List<LabeledPoint> blobs(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<LabeledPoint> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 3;
      double[] x = new double[4];
      for (int j = 0; j < 4; j++) x[j] = (j == label ? 2.0 : 0.0) + r.nextDouble() * 1.5 + 10 * j;
      rows.add(new LabeledPoint(label, Vectors.dense(x)));
    }
    return rows;
  }

  private static BlockedData stack(List<LabeledPoint> rows, int partitions, int blockSize) {
    JavaRDD<LabeledPoint> rdd = SC.parallelize(rows, partitions);
    return BlockedData.stackShuffled(rdd, 4, FeatureScaler.identity(4), blockSize, 11L, StorageLevel.MEMORY_ONLY(), InputStorage.DENSE);
  }

  private static TrainingConfig config(int epochs, int batch, OptimizerConfig optimizer) {
    return TrainingConfig.builder().hidden(new int[] {8}).activation(Activation.TANH).optimizer(optimizer).epochs(epochs).batchSize(batch).blockSize(16).l2(1e-3).seed(5).aggregationDepth(1).logEvery(0).build();
  }

  @Test
  void miniBatchBlocksAreNarrowEnoughThatEachStepMixesSeveral() {
    TrainingConfig wide = TrainingConfig.builder().hidden(new int[] {8}).activation(Activation.TANH).optimizer(new OptimizerConfig.Adam(0.01)).epochs(1).batchSize(1024).blockSize(512).l2(0).seed(5).aggregationDepth(1).logEvery(0).build();
    assertEquals(128, Trainer.blockSizeFor(wide, 2)); // 512 samples a partition a step: 4 blocks, not 1
    assertEquals(256, Trainer.blockSizeFor(wide, 1)); // 1024 on one partition: 4 blocks of 256
    TrainingConfig fullBatch = TrainingConfig.builder().hidden(new int[] {8}).activation(Activation.TANH).optimizer(new OptimizerConfig.Adam(0.01)).epochs(1).batchSize(0).blockSize(512).l2(0).seed(5).aggregationDepth(1).logEvery(0).build();
    assertEquals(512, Trainer.blockSizeFor(fullBatch, 2));
    TrainingConfig tiny = TrainingConfig.builder().hidden(new int[] {8}).activation(Activation.TANH).optimizer(new OptimizerConfig.Adam(0.01)).epochs(1).batchSize(2).blockSize(512).l2(0).seed(5).aggregationDepth(1).logEvery(0).build();
    assertEquals(1, Trainer.blockSizeFor(tiny, 2));
  }

  @Test
  void fullBatchLossDoesNotDependOnThePartitionCountInDoublePrecision() {
    assertPartitionCountIndependent(blobs(300, 1), Precision.DOUBLE, 1e-9);
  }

  /**
   * Float blocks of other widths round differently (sgemm kernels differ by shape): the runs agree to
   * float round-off. On centered features, as training should see them: on the raw blobs (features
   * near 30) ten momentum steps amplify float rounding to ~2e-4.
   */
  @Test
  void fullBatchLossDoesNotDependOnThePartitionCountBeyondFloatRoundOff() {
    List<LabeledPoint> centered = new ArrayList<>();
    for (LabeledPoint p : blobs(300, 1)) {
      double[] x = p.features().toArray();
      for (int j = 0; j < x.length; j++) x[j] -= 10 * j + 1;
      centered.add(new LabeledPoint(p.label(), Vectors.dense(x)));
    }
    assertPartitionCountIndependent(centered, Precision.SINGLE, 1e-5);
  }

  private static void assertPartitionCountIndependent(List<LabeledPoint> rows, Precision<?> precision, double tolerance) {
    NetworkSpec spec = NetworkSpec.of(4, new int[] {8}, 3, Activation.TANH);
    TrainingConfig config = config(10, 0, new OptimizerConfig.Sgd(0.05, 0.9, false)).toBuilder().precision(precision).build();
    double[] losses = new double[3];
    double[][] params = new double[3][];
    int[] partitionCounts = {1, 3, 8};
    for (int i = 0; i < 3; i++) {
      BlockedData data = stack(rows, partitionCounts[i], 16);
      Trainer.Result result = new Trainer(SC, config).train(data, spec, TrainingListener.NONE);
      losses[i] = result.lastLoss();
      params[i] = result.parameters();
      data.unpersist();
    }
    for (int i = 1; i < 3; i++) {
      assertEquals(losses[0], losses[i], tolerance * Math.abs(losses[0]), partitionCounts[i] + " partitions");
      for (int p = 0; p < params[0].length; p++) assertEquals(params[0][p], params[i][p], tolerance * (1 + Math.abs(params[0][p])));
    }
  }

  @Test
  void theSameSeedGivesTheSameMiniBatchRunBitForBit() {
    List<LabeledPoint> rows = blobs(300, 2);
    NetworkSpec spec = NetworkSpec.of(4, new int[] {8}, 3, Activation.TANH);
    TrainingConfig config = config(3, 32, new OptimizerConfig.Adam(0.01));
    BlockedData a = stack(rows, 5, Trainer.blockSizeFor(config, 5));
    BlockedData b = stack(rows, 5, Trainer.blockSizeFor(config, 5));
    assertArrayEquals(new Trainer(SC, config).train(a, spec, TrainingListener.NONE).parameters(),
        new Trainer(SC, config).train(b, spec, TrainingListener.NONE).parameters());
    a.unpersist();
    b.unpersist();
  }

  @Test
  void miniBatchEpochReadsEverySampleOnce() {
    List<LabeledPoint> rows = blobs(250, 3);
    TrainingConfig config = config(2, 40, new OptimizerConfig.Adam(0.01));
    BlockedData data = stack(rows, 3, Trainer.blockSizeFor(config, 3));
    NetworkSpec spec = NetworkSpec.of(4, new int[] {8}, 3, Activation.TANH);
    long[] perEpoch = new long[2];
    new Trainer(SC, config).train(data, spec, new TrainingListener() {
      @Override public void onStep(StepMetrics m, Supplier<TrainingState> state) { perEpoch[m.epoch() - 1] += m.samples(); }
    });
    assertArrayEquals(new long[] {250, 250}, perEpoch);
    data.unpersist();
  }

  @Test
  void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes() {
    List<LabeledPoint> rows = blobs(200, 6);
    TrainingConfig config = config(3, 30, new OptimizerConfig.Adam(0.01));
    NetworkSpec spec = NetworkSpec.of(4, new int[] {8}, 3, Activation.TANH);
    BlockedData data = stack(rows, 3, Trainer.blockSizeFor(config, 3));
    double[] uninterrupted = new Trainer(SC, config).train(data, spec, TrainingListener.NONE).parameters();
    TrainingState[] midway = new TrainingState[1];
    new Trainer(SC, config).train(data, spec, new TrainingListener() {
      @Override public void onStep(StepMetrics m, Supplier<TrainingState> state) { if (m.step() == 9) midway[0] = state.get(); }
    });
    assertEquals(1, midway[0].epoch(), "step 9 of 7-step epochs is in the second epoch");
    double[] resumed = new Trainer(SC, config).resume(data, spec, midway[0], TrainingListener.NONE).parameters();
    assertArrayEquals(uninterrupted, resumed);
    data.unpersist();
  }

  @Test
  void anEpochListenerCanStopTraining() {
    List<LabeledPoint> rows = blobs(90, 7);
    TrainingConfig config = config(10, 30, new OptimizerConfig.Adam(0.01));
    NetworkSpec spec = NetworkSpec.of(4, new int[] {8}, 3, Activation.TANH);
    BlockedData data = stack(rows, 2, Trainer.blockSizeFor(config, 2));
    Trainer.Result r = new Trainer(SC, config).train(data, spec, new TrainingListener() {
      @Override public boolean onEpochEnd(int epoch, TrainingState state) { return epoch < 4; }
    });
    assertEquals(4, r.epochs());
    data.unpersist();
  }

  @Test
  void trainingLearnsTheBlobs() {
    List<LabeledPoint> rows = blobs(600, 4);
    JavaRDD<LabeledPoint> rdd = SC.parallelize(rows, 2);
    // standardize by hand: the blobs sit at offsets 0, 10, 20, 30
    double[] mean = new double[4], var = new double[4];
    for (LabeledPoint p : rows) for (int j = 0; j < 4; j++) mean[j] += p.features().apply(j) / rows.size();
    for (LabeledPoint p : rows) for (int j = 0; j < 4; j++) var[j] += Math.pow(p.features().apply(j) - mean[j], 2) / rows.size();
    TrainingConfig config = config(20, 50, new OptimizerConfig.Adam(0.02));
    BlockedData data = BlockedData.stackShuffled(rdd, 4, FeatureScaler.standardize(mean, var), Trainer.blockSizeFor(config, 2), 3L, StorageLevel.MEMORY_ONLY(), InputStorage.DENSE);
    NetworkSpec spec = NetworkSpec.of(4, new int[] {8}, 3, Activation.TANH);
    Trainer.Result result = new Trainer(SC, config).train(data, spec, TrainingListener.NONE);
    Evaluation e = Evaluation.of(SC, data, spec, result.parameters(), 2, Precision.DOUBLE);
    assertEquals(600, e.count());
    assertTrue(e.accuracy() > 0.95, "accuracy " + e.accuracy());
    data.unpersist();
  }

  @Test
  void aNonFiniteLossStopsTrainingWithTheStepNamed() {
    List<LabeledPoint> rows = new ArrayList<>(blobs(90, 5));
    // readers reject NaN; the guard is the last line of defence (and catches an exploding learning rate)
    rows.set(7, new LabeledPoint(1, Vectors.dense(1, Double.NaN, 0, 0)));
    NetworkSpec spec = NetworkSpec.of(4, new int[] {8}, 3, Activation.RELU);
    TrainingConfig config = config(5, 0, new OptimizerConfig.Sgd(0.1, 0, false));
    BlockedData data = stack(rows, 2, 16);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new Trainer(SC, config).train(data, spec, TrainingListener.NONE));
    assertTrue(e.getMessage().contains("at step 1:"), e.getMessage());
    data.unpersist();
  }
}
