package io.sparkprop.train;

import io.sparkprop.nn.InputStorage;

import io.sparkprop.spark.BlockedData;

import java.util.function.Supplier;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.LearningRateSchedule;
import io.sparkprop.optim.OptimizerConfig;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/**
 * Resuming mid-run reproduces the uninterrupted run bit for bit with a warm-up/cosine schedule,
 * dropout and weight decay (all keyed to the global step), with L-BFGS (its history in the state), and
 * with lamb and lars from a checkpoint file (their moments and velocity in it).
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
    TrainingConfig config = TrainingConfig.builder().hidden(new int[] {8}).activation(Activation.RELU).optimizer(new OptimizerConfig.Adam(0.01)).epochs(3).batchSize(30).blockSize(16).l2(0).seed(5L).aggregationDepth(1).logEvery(1000).schedule(cosine).dropout(0.25).weightDecay(0.01).build();
    double[][] resumed = new double[1][];
    assertArrayEquals(uninterruptedVersusResumed(config, 9, resumed), resumed[0]);
  }

  /**
   * Through checkpoint files: 7 steps an epoch, 21 in all, a checkpoint every 8 steps; the run resumes
   * from the newest, at step 16 (mid-epoch), and must end where the uninterrupted run does.
   */
  private static void assertResumesFromACheckpointFileBitForBit(OptimizerConfig rule, Path dir) {
    LearningRateSchedule.Config warmupCosine = new LearningRateSchedule.Config(LearningRateSchedule.Kind.COSINE, 4, 0, 1, 1, 0);
    TrainingConfig config = TrainingConfig.builder().hidden(new int[] {8}).activation(Activation.RELU).optimizer(rule).epochs(3).batchSize(30).blockSize(16).l2(1e-4).seed(5L).aggregationDepth(1).logEvery(1000).schedule(warmupCosine).dropout(0).weightDecay(0.01).build();
    NetworkSpec spec = NetworkSpec.of(4, new int[] {8}, 3, Activation.RELU);
    BlockedData data = BlockedData.stackShuffled(SC.parallelize(TrainerTest.blobs(200, 6), 2), 4, FeatureScaler.identity(4), Trainer.blockSizeFor(config, 2), 11L, StorageLevel.MEMORY_ONLY(), InputStorage.DENSE);
    double[] uninterrupted = new Trainer(SC, config).train(data, spec, TrainingListener.NONE).parameters();
    CheckpointStore store = new CheckpointStore(dir.toString(), SC.hadoopConfiguration());
    new Trainer(SC, config).train(data, spec, new CheckpointListener(store, 8, spec, data.samples(), config.describe(), () -> ValidationProgress.NONE));
    TrainingState midway = CheckpointListener.check(CheckpointListener.newest(store), spec, data.samples(), config.describe(), store.folder()).state();
    assertEquals(16, midway.step());
    assertEquals(rule.name(), midway.optimizer().optimizer());
    double[] resumed = new Trainer(SC, config).resume(data, spec, midway, TrainingListener.NONE).parameters();
    data.unpersist();
    assertArrayEquals(uninterrupted, resumed);
  }

  @Test
  void lambResumesFromACheckpointBitForBit(@TempDir Path dir) {
    assertResumesFromACheckpointFileBitForBit(new OptimizerConfig.Lamb(0.01), dir);
  }

  @Test
  void larsResumesFromACheckpointBitForBit(@TempDir Path dir) {
    assertResumesFromACheckpointFileBitForBit(new OptimizerConfig.Lars(2, 0.9, 0.001), dir);
  }

  @Test
  void lbfgsSurvivesAResume() {
    TrainingConfig config = TrainingConfig.builder().hidden(new int[] {8}).activation(Activation.RELU).optimizer(new OptimizerConfig.Lbfgs(5)).epochs(8).batchSize(0).blockSize(16).l2(1e-3).seed(5L).aggregationDepth(1).logEvery(1000).schedule(LearningRateSchedule.Config.DEFAULT).dropout(0).weightDecay(0).build();
    double[][] resumed = new double[1][];
    assertArrayEquals(uninterruptedVersusResumed(config, 4, resumed), resumed[0]);
  }
}
