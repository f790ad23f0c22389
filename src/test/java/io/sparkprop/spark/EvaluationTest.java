package io.sparkprop.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scoring several sets in one job gives each set exactly what scoring it alone gives, through the
 * tree as much as straight to the driver, whatever the sets' sizes, partitions, block sizes and storage.
 */
class EvaluationTest {
  private static final JavaSparkContext SC = SparkTestSupport.sparkContext();
  private static final int FEATURES = 40;
  private static final NetworkSpec SPEC = NetworkSpec.of(FEATURES, new int[] {7}, 3, Activation.TANH);
  private static final double[] PARAMS = randomParameters(SPEC, 11);

  // rows, partitions and block size differ set by set; 9 partitions take a tree level at depth 2
  private static final BlockedData TRAIN = stack(rows(300, 1), 3, 32, InputStorage.DENSE);
  private static final BlockedData TEST = stack(rows(101, 2), 9, 10, InputStorage.DENSE);
  private static final BlockedData VALIDATION = stack(rows(77, 3), 2, 50, InputStorage.DENSE);
  private static final BlockedData SPARSE = stack(rows(150, 4), 7, 24, InputStorage.SPARSE);

  @AfterAll
  static void unpersist() {
    for (BlockedData d : List.of(TRAIN, TEST, VALIDATION, SPARSE)) d.unpersist();
  }

  /** About eight non-zeros a row among the features; each class favours its own features. */
  private static List<LabeledPoint> rows(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<LabeledPoint> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = r.nextInt(3);
      java.util.TreeMap<Integer, Double> entries = new java.util.TreeMap<>();
      for (int k = 0; k < 8; k++) entries.merge(r.nextDouble() < 0.5 ? label * 10 + r.nextInt(10) : r.nextInt(FEATURES), r.nextGaussian(), Double::sum);
      rows.add(new LabeledPoint(label, Vectors.sparse(FEATURES, entries.keySet().stream().mapToInt(Integer::intValue).toArray(),
          entries.values().stream().mapToDouble(Double::doubleValue).toArray())));
    }
    return rows;
  }

  private static BlockedData stack(List<LabeledPoint> rows, int partitions, int blockSize, InputStorage storage) {
    return BlockedData.stackInOrder(SC.parallelize(rows, partitions), FEATURES, FeatureScaler.identity(FEATURES), blockSize,
        StorageLevel.MEMORY_ONLY(), storage);
  }

  private static double[] randomParameters(NetworkSpec spec, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] p = new double[spec.numParameters()];
    for (int i = 0; i < p.length; i++) p[i] = 0.5 * r.nextGaussian();
    return p;
  }

  private static Precision<?> precision(String name) { return Precision.parse(name); }

  private static void assertSame(Evaluation expected, Evaluation actual, String what) {
    assertEquals(expected.count(), actual.count(), what + ": count");
    assertEquals(expected.meanLoss(), actual.meanLoss(), 0, what + ": loss");
    assertEquals(expected.accuracy(), actual.accuracy(), 0, what + ": accuracy");
    for (int t = 0; t < expected.classes(); t++) assertArrayEquals(expected.confusionCounts()[t], actual.confusionCounts()[t], what + ": confusion");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"float", "double"})
  void eachSetScoresInOneJobBitForBitAsScoredAlone(String precisionName) {
    Precision<?> precision = precision(precisionName);
    List<BlockedData> sets = List.of(TRAIN, TEST, VALIDATION);
    for (int depth : new int[] {1, 2, 3}) {
      List<Evaluation> together = Evaluation.ofEach(SC, sets, SPEC, PARAMS, depth, precision);
      assertEquals(sets.size(), together.size());
      for (int i = 0; i < sets.size(); i++) {
        String what = "set " + i + ", depth " + depth;
        assertEquals(sets.get(i).samples(), together.get(i).count(), what);
        assertSame(Evaluation.of(SC, sets.get(i), SPEC, PARAMS, depth, precision), together.get(i), what);
      }
    }
  }

  /** The driver runs the tree's levels in the tree's order: the same bits as the levels run on the cluster, one job a set. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"float", "double"})
  void combiningOnTheDriverGivesTheSameBitsAsTheTreeOnTheCluster(String precisionName) {
    Precision<?> precision = precision(precisionName);
    List<BlockedData> sets = List.of(TRAIN, TEST, VALIDATION);
    for (int depth : new int[] {2, 3}) {
      List<Evaluation> onDriver = Evaluation.ofEach(SC, sets, SPEC, PARAMS, depth, precision);
      List<Evaluation> throughTree = Evaluation.ofEach(SC, sets, SPEC, PARAMS, depth, precision, 0);
      for (int i = 0; i < sets.size(); i++) assertSame(throughTree.get(i), onDriver.get(i), "set " + i + ", depth " + depth);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"float", "double"})
  void denseAndSparseSetsScoreInOneJobEachWithItsOwnStorage(String precisionName) {
    Precision<?> precision = precision(precisionName);
    List<BlockedData> sets = List.of(SPARSE, TRAIN, SPARSE);
    List<Evaluation> together = Evaluation.ofEach(SC, sets, SPEC, PARAMS, 2, precision);
    for (int i = 0; i < sets.size(); i++) assertSame(Evaluation.of(SC, sets.get(i), SPEC, PARAMS, 2, precision), together.get(i), "set " + i);
    assertEquals(together.get(0).meanLoss(), together.get(2).meanLoss(), 0);
  }

  @Test
  void scoringManySetsRunsOneSparkJob() throws Exception {
    List<BlockedData> sets = List.of(TRAIN, TEST, VALIDATION, SPARSE);
    assertEquals(1, SparkTestSupport.jobsRunBy(SC, () -> Evaluation.ofEach(SC, sets, SPEC, PARAMS, 2, Precision.SINGLE)));
    assertEquals(1, SparkTestSupport.jobsRunBy(SC, () -> Evaluation.of(SC, TEST, SPEC, PARAMS, 2, Precision.SINGLE)), "one set, tree levels on the driver");
    // the counter sees every job: past the driver's bound each set is its own job
    assertTrue(SparkTestSupport.jobsRunBy(SC, () -> Evaluation.ofEach(SC, sets, SPEC, PARAMS, 2, Precision.SINGLE, 0)) >= sets.size());
  }
}
