package io.sparkprop.spark;

import io.sparkprop.train.Trainer;
import io.sparkprop.train.TrainingConfig;
import io.sparkprop.train.TrainingListener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.optim.OptimizerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * Training on sparse blocks: the same run as on dense blocks of the same rows (same shuffle, same
 * batches), whatever the partitioning, with a cache that grows with the non-zeros.
 */
class SparseTrainingTest {
  private static final JavaSparkContext SC = SparkTestSupport.sparkContext();
  private static final int FEATURES = 2000;

  /** Rows of about 12 non-zeros among 2,000 features; each class has its own frequent features. */
  static List<LabeledPoint> sparseRows(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<LabeledPoint> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 3;
      java.util.TreeMap<Integer, Double> entries = new java.util.TreeMap<>();
      for (int k = 0; k < 12; k++) {
        int feature = r.nextDouble() < 0.5 ? label * 50 + r.nextInt(50) : r.nextInt(FEATURES);
        entries.merge(feature, 1.0 + r.nextInt(3), Double::sum);
      }
      rows.add(new LabeledPoint(label, Vectors.sparse(FEATURES, entries.keySet().stream().mapToInt(Integer::intValue).toArray(),
          entries.values().stream().mapToDouble(Double::doubleValue).toArray())));
    }
    return rows;
  }

  private static BlockedData stack(List<LabeledPoint> rows, int partitions, int blockSize, InputStorage storage) {
    return BlockedData.stackShuffled(SC.parallelize(rows, partitions), FEATURES, FeatureScaler.identity(FEATURES), blockSize, 7L, StorageLevel.MEMORY_ONLY(), storage);
  }

  private static double[] train(BlockedData data, int batch, Precision<?> precision) {
    TrainingConfig config = TrainingConfig.builder().hidden(new int[] {16}).activation(Activation.RELU).optimizer(new OptimizerConfig.Adam(0.01)).epochs(3).batchSize(batch).blockSize(32).l2(1e-4).seed(5).aggregationDepth(2).logEvery(0).build()
        .toBuilder().precision(precision).build();
    NetworkSpec spec = NetworkSpec.of(FEATURES, config.hidden(), 3, config.activation());
    return new Trainer(SC, config).train(data, spec, TrainingListener.NONE).parameters();
  }

  @Test
  void sparseAndDenseBlocksTrainToTheSameParametersInDouble() {
    List<LabeledPoint> rows = sparseRows(300, 1);
    for (int batch : new int[] {0, 64}) {
      double[] dense = train(stack(rows, 3, 32, InputStorage.DENSE), batch, Precision.DOUBLE);
      double[] sparse = train(stack(rows, 3, 32, InputStorage.SPARSE), batch, Precision.DOUBLE);
      assertTrue(relativeDifference(dense, sparse) < 1e-9, "batch " + batch + ": " + relativeDifference(dense, sparse));
    }
  }

  @Test
  void sparseAndDenseBlocksTrainAlikeInFloat() {
    List<LabeledPoint> rows = sparseRows(300, 2);
    double[] dense = train(stack(rows, 2, 32, InputStorage.DENSE), 64, Precision.SINGLE);
    double[] sparse = train(stack(rows, 2, 32, InputStorage.SPARSE), 64, Precision.SINGLE);
    assertTrue(relativeDifference(dense, sparse) < 1e-4, "relative difference " + relativeDifference(dense, sparse));
  }

  @Test
  void fullBatchSparseTrainingDoesNotDependOnThePartitioning() {
    List<LabeledPoint> rows = sparseRows(240, 3);
    double[] two = train(stack(rows, 2, 16, InputStorage.SPARSE), 0, Precision.DOUBLE);
    double[] five = train(stack(rows, 5, 16, InputStorage.SPARSE), 0, Precision.DOUBLE);
    assertTrue(relativeDifference(two, five) < 1e-12, "relative difference " + relativeDifference(two, five));
  }

  @Test
  void sparseCacheGrowsWithTheNonZerosNotTheFeatures() {
    List<LabeledPoint> rows = sparseRows(300, 4);
    BlockedData sparse = stack(rows, 2, 32, InputStorage.SPARSE);
    long labelsAndOffsets = 4L * 300 + 4L * (300 + sparse.numPartitions() * 10);
    assertTrue(sparse.cachedBytes() <= 8 * sparse.nonZeros() + labelsAndOffsets,
        sparse.cachedBytes() + " bytes for " + sparse.nonZeros() + " non-zeros");
    assertEquals(InputStorage.SPARSE, sparse.storage());
    BlockedData dense = stack(rows, 2, 32, InputStorage.DENSE);
    assertEquals(4L * FEATURES * 300 + 4L * 300, dense.cachedBytes());
  }

  @Test
  void aStepReportsTheBytesItMovedAndSparseResultsCarryOnlyTouchedRows() {
    List<LabeledPoint> rows = sparseRows(200, 5);
    NetworkSpec spec = NetworkSpec.of(FEATURES, new int[] {16}, 3, Activation.RELU);
    double[] params = io.sparkprop.nn.Initializer.initialParameters(spec, 1);
    GradientSum dense = new DistributedObjective(SC, stack(rows, 2, 32, InputStorage.DENSE), spec, 0, 2, Precision.SINGLE)
        .sum(params, BatchPlan.fullBatch());
    GradientSum sparse = new DistributedObjective(SC, stack(rows, 2, 32, InputStorage.SPARSE), spec, 0, 2, Precision.SINGLE)
        .sum(params, BatchPlan.fullBatch());
    assertEquals(4L + 4L * Precision.SINGLE.pack(spec, params).length, dense.broadcastBytes()); // floats, not doubles
    assertEquals(2 * (4L + 8L * spec.numParameters()), dense.resultBytes());
    assertTrue(sparse.resultBytes() < dense.resultBytes() / 2, sparse.resultBytes() + " vs " + dense.resultBytes());
  }

  @Test
  void sparseStorageRefusesAScalingThatMovesZeros() {
    List<LabeledPoint> rows = sparseRows(20, 6);
    double[] mean = new double[FEATURES], variance = new double[FEATURES];
    java.util.Arrays.fill(mean, 0.5);
    java.util.Arrays.fill(variance, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockedData.stackInOrder(SC.parallelize(rows, 2), FEATURES, FeatureScaler.standardize(mean, variance), 8, StorageLevel.MEMORY_ONLY(), InputStorage.SPARSE));
    assertTrue(e.getMessage().contains("maxabs"), e.getMessage());
  }

  private static double relativeDifference(double[] a, double[] b) {
    double diff = 0, norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff += (a[i] - b[i]) * (a[i] - b[i]);
      norm += a[i] * a[i];
    }
    return Math.sqrt(diff / norm);
  }
}
