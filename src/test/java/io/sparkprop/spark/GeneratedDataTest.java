package io.sparkprop.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.bench.ClassClusters;
import io.sparkprop.nn.Block;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

class GeneratedDataTest {
  private static final JavaSparkContext SC = SparkTestSupport.sparkContext();

  @Test
  void aSampleDependsOnlyOnSeedAndRow() {
    float[] a = new float[2 * 784], b = new float[784];
    ClassClusters one = ClassClusters.fashionMnistShape(7), same = ClassClusters.fashionMnistShape(7);
    int label = one.sample(12345, a, 784);
    assertEquals(label, same.sample(12345, b, 0));
    assertArrayEquals(b, Arrays.copyOfRange(a, 784, 2 * 784));
    float[] other = new float[784];
    ClassClusters.fashionMnistShape(8).sample(12345, other, 0);
    assertTrue(!Arrays.equals(b, other), "seeds 7 and 8 made the same sample");
  }

  @Test
  void labelsCoverEveryClassAndNoise() {
    ClassClusters gen = ClassClusters.fashionMnistShape(3);
    int[] counts = new int[10];
    float[] x = new float[784];
    double sum = 0, sumSq = 0;
    for (long row = 0; row < 5000; row++) {
      int label = gen.sample(row, x, 0);
      assertTrue(label >= 0 && label < 10, "label " + label);
      counts[label]++;
      for (float v : x) {
        assertTrue(Float.isFinite(v));
        sum += v;
        sumSq += v * v;
      }
    }
    for (int c : counts) assertTrue(c > 350 && c < 650, "class counts " + Arrays.toString(counts));
    double n = 5000.0 * 784, mean = sum / n;
    assertEquals(0.5, mean, 0.05, "centres are uniform in [0, 1)");
    // spread of the centres (1/12) plus noise of sd 0.5
    assertEquals(1.0 / 12 + 0.25, sumSq / n - mean * mean, 0.03);
  }

  @Test
  void generatedBlocksHoldTheRequestedRowsWhateverThePartitioning() {
    long rows = 1003;
    BlockedData two = BlockedData.generate(SC, rows, 2, 64, ClassClusters.fashionMnistShape(5), StorageLevel.MEMORY_ONLY());
    BlockedData three = BlockedData.generate(SC, rows, 3, 64, ClassClusters.fashionMnistShape(5), StorageLevel.MEMORY_ONLY());
    try {
      assertEquals(rows, two.samples());
      assertEquals(rows, three.samples());
      assertEquals(2, two.numPartitions());
      assertEquals(3, three.numPartitions());
      assertEquals(784, two.features());
      // partition 0 of 2 has rows 0..500: 7 full blocks of 64 and one of 53
      assertEquals(8, two.blocks(0));
      assertEquals(rows * (784 + 1) * 4, two.cachedBytes());
      // the same samples in the same row order, however they are partitioned
      assertArrayEquals(labelsInRowOrder(two), labelsInRowOrder(three));
      assertEquals(featureSum(two), featureSum(three), 1e-3);
    } finally {
      two.unpersist();
      three.unpersist();
    }
  }

  private static int[] labelsInRowOrder(BlockedData data) {
    List<PartitionBlocks> parts = new ArrayList<>(data.partitions().collect());
    parts.sort(Comparator.comparingInt(PartitionBlocks::partition));
    return parts.stream().flatMap(p -> Arrays.stream(p.blocks())).flatMapToInt(b -> Arrays.stream(b.labels(), 0, b.size()))
        .toArray();
  }

  private static double featureSum(BlockedData data) {
    return data.partitions().map(p -> {
      double s = 0;
      for (Block b : p.blocks()) for (float v : b.features()) s += v;
      return s;
    }).reduce(Double::sum);
  }

  @Test
  void generatedSparseRowsHaveTheirNonZerosWhateverThePartitioning() {
    io.sparkprop.bench.HashedTopics topics = new io.sparkprop.bench.HashedTopics(1 << 18, 5, 40, 100, 0.3, 9);
    BlockedData two = BlockedData.generateSparse(SC, 1000, 2, 64, topics, StorageLevel.MEMORY_ONLY());
    BlockedData three = BlockedData.generateSparse(SC, 1000, 3, 64, topics, StorageLevel.MEMORY_ONLY());
    assertEquals(40L * 1000, two.nonZeros());
    assertEquals(two.nonZeros(), three.nonZeros());
    assertEquals(io.sparkprop.nn.InputStorage.SPARSE, two.storage());
    int[] indices = new int[80];
    float[] values = new float[80];
    int[] label = new int[1], again = new int[1];
    int n = topics.sample(77, indices, values, 0, label);
    assertEquals(40, n);
    for (int k = 1; k < n; k++) assertTrue(indices[k] > indices[k - 1], "indices increase and are distinct");
    int[] other = new int[80];
    topics.sample(77, other, new float[80], 40, again);
    assertArrayEquals(Arrays.copyOf(indices, 40), Arrays.copyOfRange(other, 40, 80));
    assertEquals(label[0], again[0]);
    two.unpersist();
    three.unpersist();
  }
}
