package io.sparkprop.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

  @Test
  void everyBlockIsReadExactlyOncePerEpoch() {
    int blocks = 37, steps = 5;
    int[] reads = new int[blocks];
    for (int s = 0; s < steps; s++)
      for (int b : BatchPlan.miniBatch(42, 3, s, steps).blocks(1, blocks)) reads[b]++;
    int[] once = new int[blocks];
    Arrays.fill(once, 1);
    assertArrayEquals(once, reads);
  }

  @Test
  void orderIsReshuffledEachEpochAndReproducibleFromTheSeed() {
    assertArrayEquals(order(7, 0), order(7, 0));
    assertFalse(Arrays.equals(order(7, 0), order(7, 1)), "epochs 0 and 1 read blocks in the same order");
    assertFalse(Arrays.equals(order(7, 0), order(8, 0)), "seeds 7 and 8 read blocks in the same order");
  }

  @Test
  void fullBatchReadsAllBlocksInOrder() {
    assertArrayEquals(new int[] {0, 1, 2, 3}, BatchPlan.fullBatch().blocks(0, 4));
  }

  @Test
  void stepSizesDifferByAtMostOneBlock() {
    List<Integer> sizes = new ArrayList<>();
    for (int s = 0; s < 4; s++) sizes.add(BatchPlan.miniBatch(1, 0, s, 4).blocks(0, 10).length);
    assertEquals(List.of(2, 3, 2, 3), sizes);
  }

  private static int[] order(long seed, int epoch) {
    int[] all = new int[20];
    int k = 0;
    for (int s = 0; s < 4; s++) for (int b : BatchPlan.miniBatch(seed, epoch, s, 4).blocks(0, 20)) all[k++] = b;
    return all;
  }
}
