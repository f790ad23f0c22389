package io.sparkprop.train;

import io.sparkprop.nn.InputStorage;

import io.sparkprop.spark.BlockedData;

import java.util.function.Supplier;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.LearningRateSchedule;
import io.sparkprop.optim.OptimizerConfig;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * Resuming mid-run reproduces the uninterrupted run bit for bit with a warm-up/cosine schedule,
 * dropout and weight decay (all keyed to the global step), and with L-BFGS (its history in the state).
 */
class ResumeWithRegimenTest {
  private static final JavaSparkContext SC = SparkTestSupport.sparkContext();

  private static double[] uninterruptedVersusResumed(TrainingConfig config, long stopAt, double[][] resumedOut) {
    NetworkSpec spec = NetworkSpec.of(4, new int[] {8}, 3, Activation.RELU);
    BlockedData data = BlockedData.stackShuffled(SC.parallelize(TrainerTest.blobs(200, 6), 2), 4, FeatureScaler.identity(4), Trainer.blockSizeFor(config, 2), 11L, StorageLevel.MEMORY_ONLY(), InputStorage.DENSE);
    double[] uninterrupted = new Trainer(SC, config).train(data, spec, TrainingListener.NONE).parameters();
    TrainingState[] midway = new TrainingState[1];
    new Trainer(SC, config).train(data, spec, new TrainingListener() {
      @Override public void onStep(StepMetrics m, Supplier<TrainingState> state) { if (m.step() == stopAt) midway[0] = state.get(); }
    });
    resumedOut[0] = new Trainer(SC, config).resume(data, spec, midway[0], TrainingListener.NONE).parameters();
    data.unpersist();
    return uninterrupted;
  }

  @Test
  void scheduleDropoutAndWeightDecaySurviveAResume() {
    LearningRateSchedule.Config cosine = new LearningRateSchedule.Config(LearningRateSchedule.Kind.COSINE, 3, 0, 1, 1, 0);
    TrainingConfig config = new TrainingConfig(new int[] {8}, Activation.RELU, OptimizerConfig.adam(0.01), 3, 30, 16, 0, 5L, 1, 1000,
        cosine, 0.25, 0.01);
    double[][] resumed = new double[1][];
    assertArrayEquals(uninterruptedVersusResumed(config, 9, resumed), resumed[0]);
  }

  @Test
  void lbfgsSurvivesAResume() {
    TrainingConfig config = new TrainingConfig(new int[] {8}, Activation.RELU, OptimizerConfig.lbfgs(5), 8, 0, 16, 1e-3, 5L, 1, 1000,
        LearningRateSchedule.Config.CONSTANT, 0, 0);
    double[][] resumed = new double[1][];
    assertArrayEquals(uninterruptedVersusResumed(config, 4, resumed), resumed[0]);
  }
}
