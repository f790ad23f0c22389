package io.sparkprop.train;

import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Precision;

import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.Evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EarlyStoppingTest {
  private static final JavaSparkContext SC = SparkTestSupport.sparkContext();

  /** Overlapping blobs with a third of the labels flipped: a wide network memorises the small training set. */
  private static List<LabeledPoint> noisyBlobs(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<LabeledPoint> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 3;
      double[] x = new double[4];
      for (int j = 0; j < 4; j++) x[j] = (j == label ? 1.0 : 0.0) + r.nextGaussian();
      rows.add(new LabeledPoint(r.nextDouble() < 0.33 ? r.nextInt(3) : label, Vectors.dense(x)));
    }
    return rows;
  }

  private static BlockedData stack(List<LabeledPoint> rows) { return stack(rows, 64); }

  private static BlockedData stack(List<LabeledPoint> rows, int blockSize) {
    return BlockedData.stackShuffled(SC.parallelize(rows, 2), 4, FeatureScaler.identity(4), blockSize, 3L, StorageLevel.MEMORY_ONLY(), InputStorage.DENSE);
  }

  @Test
  void anOverfittingRunStopsAndKeepsTheEpochWithTheLowestValidationLoss() {
    BlockedData train = stack(noisyBlobs(60, 1)), validation = stack(noisyBlobs(300, 2));
    NetworkSpec spec = NetworkSpec.of(4, new int[] {64}, 3, Activation.RELU);
    int epochs = 400, patience = 15;
    TrainingConfig config = TrainingConfig.builder().hidden(new int[] {64}).activation(Activation.RELU).optimizer(new OptimizerConfig.Adam(0.02)).epochs(epochs).batchSize(0).blockSize(64).l2(0).seed(1L).aggregationDepth(1).logEvery(1000).build();
    List<EpochMetrics> seen = new ArrayList<>();
    ValidationMonitor monitor = new ValidationMonitor(SC, train, validation, spec, Precision.DOUBLE, 1, patience, seen::add);
    Trainer.Result result = new Trainer(SC, config).train(train, spec, monitor);

    assertTrue(monitor.stoppedEarly(), "the run should overfit and stop");
    assertTrue(result.epochs() < epochs, "stopped after " + result.epochs() + " epochs");
    assertEquals(monitor.bestEpoch() + patience, result.epochs(), "stops exactly `patience` epochs after the best");
    double best = seen.stream().mapToDouble(EpochMetrics::validationLoss).min().orElseThrow();
    assertEquals(best, seen.get(monitor.bestEpoch() - 1).validationLoss());
    assertTrue(seen.get(seen.size() - 1).validationLoss() > best, "validation loss rose after the best epoch");
    assertTrue(seen.get(seen.size() - 1).trainLoss() < seen.get(monitor.bestEpoch() - 1).trainLoss(), "training loss kept falling");
    // the kept parameters score the best validation loss again
    double kept = Evaluation.of(SC, validation, spec, monitor.bestParameters(), 1, Precision.DOUBLE).meanLoss();
    assertEquals(best, kept, 1e-12);
    train.unpersist();
    validation.unpersist();
  }

  @Test
  void withoutPatienceTheRunGoesToTheLastEpochAndStillRemembersTheBest() {
    BlockedData train = stack(noisyBlobs(60, 1)), validation = stack(noisyBlobs(90, 2));
    NetworkSpec spec = NetworkSpec.of(4, new int[] {8}, 3, Activation.RELU);
    TrainingConfig config = TrainingConfig.builder().hidden(new int[] {8}).activation(Activation.RELU).optimizer(new OptimizerConfig.Adam(0.02)).epochs(12).batchSize(0).blockSize(64).l2(0).seed(1L).aggregationDepth(1).logEvery(1000).build();
    ValidationMonitor monitor = new ValidationMonitor(SC, train, validation, spec, Precision.DOUBLE, 1, 0, m -> {});
    Trainer.Result result = new Trainer(SC, config).train(train, spec, monitor);
    assertEquals(12, result.epochs());
    assertEquals(12, monitor.history().size());
    assertTrue(monitor.bestEpoch() >= 1);
    double best = monitor.history().stream().mapToDouble(EpochMetrics::validationLoss).min().orElseThrow();
    assertEquals(best, Evaluation.of(SC, validation, spec, monitor.bestParameters(), 1, Precision.DOUBLE).meanLoss(), 1e-12);
  }

  /**
   * Interrupted two epochs after its best epoch (mid-epoch, and right after an epoch's last step, before
   * that epoch is scored) and resumed from the state and monitor progress a checkpoint keeps, the run
   * scores the same epochs, stops at the same epoch and keeps the same parameters as the uninterrupted
   * one. Without the progress, the resumed monitor would count its patience from the resume and stop later.
   */
  @ParameterizedTest(name = "interrupted {0} step(s) into the epoch")
  @ValueSource(ints = {1, 0})
  void aResumedRunStopsEarlyAtTheSameEpochWithTheSameBestAsAnUninterruptedOne(int stepsIntoEpoch) {
    int patience = 5;
    TrainingConfig config = TrainingConfig.builder().hidden(new int[] {64}).activation(Activation.RELU).optimizer(new OptimizerConfig.Adam(0.02))
        .epochs(300).batchSize(20).l2(0).seed(1L).aggregationDepth(1).logEvery(1000).build();
    BlockedData train = stack(noisyBlobs(60, 1), Trainer.blockSizeFor(config, 2)), validation = stack(noisyBlobs(300, 2));
    NetworkSpec spec = NetworkSpec.of(4, new int[] {64}, 3, Activation.RELU);
    ValidationMonitor whole = new ValidationMonitor(SC, train, validation, spec, Precision.DOUBLE, 1, patience, m -> {});
    Trainer.Result uninterrupted = new Trainer(SC, config).train(train, spec, whole);
    assertTrue(whole.stoppedEarly(), "the run should overfit and stop");

    int stepsPerEpoch = new Trainer(SC, config).stepsPerEpoch(train.samples());
    long interruptAt = (whole.bestEpoch() + 2L) * stepsPerEpoch + stepsIntoEpoch;
    ValidationMonitor beforeInterruption = new ValidationMonitor(SC, train, validation, spec, Precision.DOUBLE, 1, patience, m -> {});
    TrainingState[] state = new TrainingState[1];
    ValidationProgress[] progress = new ValidationProgress[1];
    new Trainer(SC, config).train(train, spec, new TrainingListener() {
      @Override public void onStep(StepMetrics m, Supplier<TrainingState> next) {
        beforeInterruption.onStep(m, next);
        if (m.step() == interruptAt) {
          state[0] = next.get();
          progress[0] = beforeInterruption.progress();
        }
      }

      @Override public boolean onEpochEnd(int epoch, TrainingState s) { return beforeInterruption.onEpochEnd(epoch, s); }
    });
    assertEquals(whole.bestEpoch(), progress[0].bestEpoch(), "interrupted after the best epoch");

    ValidationMonitor resumed = new ValidationMonitor(SC, train, validation, spec, Precision.DOUBLE, 1, patience, m -> {});
    resumed.continueFrom(progress[0], state[0].step());
    Trainer.Result afterResume = new Trainer(SC, config).resume(train, spec, state[0], resumed);

    assertTrue(resumed.stoppedEarly());
    assertEquals(uninterrupted.epochs(), afterResume.epochs(), "stopping epoch");
    assertEquals(whole.bestEpoch(), resumed.bestEpoch(), "best epoch");
    assertArrayEquals(whole.bestParameters(), resumed.bestParameters(), "kept parameters");
    assertEquals(withoutTimes(whole.history()), withoutTimes(resumed.history()), "scored epochs");
    train.unpersist();
    validation.unpersist();
  }

  private static List<EpochMetrics> withoutTimes(List<EpochMetrics> history) {
    return history.stream().map(m -> new EpochMetrics(m.epoch(), m.step(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(),
        m.validationAccuracy(), 0)).toList();
  }
}
