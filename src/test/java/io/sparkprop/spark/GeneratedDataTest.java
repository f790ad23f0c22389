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
}
