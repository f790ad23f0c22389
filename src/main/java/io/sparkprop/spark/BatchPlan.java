package io.sparkprop.spark;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Which cached blocks of a partition one step reads. A full-batch step reads them all. A mini-batch
 * step of epoch e reads the s-th of S equal slices of the partition's blocks in an order shuffled
 * per (seed, epoch, partition), so every block is read once per epoch and a step costs O(batch).
 */
public final class BatchPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean fullBatch;
  private final long seed;
  private final int epoch;
  private final int step;
  private final int stepsPerEpoch;

  private BatchPlan(boolean fullBatch, long seed, int epoch, int step, int stepsPerEpoch) {
    this.fullBatch = fullBatch;
    this.seed = seed;
    this.epoch = epoch;
    this.step = step;
    this.stepsPerEpoch = stepsPerEpoch;
  }

  public static BatchPlan fullBatch() { return new BatchPlan(true, 0, 0, 0, 1); }

  /** Step {@code step} (0-based) of {@code stepsPerEpoch} in epoch {@code epoch} (0-based). */
  public static BatchPlan miniBatch(long seed, int epoch, int step, int stepsPerEpoch) {
    if (step < 0 || step >= stepsPerEpoch) throw new IllegalArgumentException("step " + step + " of " + stepsPerEpoch);
    return new BatchPlan(false, seed, epoch, step, stepsPerEpoch);
  }

  /** Indices of the blocks to read out of {@code numBlocks} in partition {@code partition}. */
  public int[] blocks(int partition, int numBlocks) {
    if (fullBatch) {
      int[] all = new int[numBlocks];
      for (int i = 0; i < numBlocks; i++) all[i] = i;
      return all;
    }
    int from = (int) ((long) step * numBlocks / stepsPerEpoch);
    int to = (int) ((long) (step + 1) * numBlocks / stepsPerEpoch);
    int[] order = epochOrder(partition, numBlocks);
    int[] chosen = new int[to - from];
    System.arraycopy(order, from, chosen, 0, chosen.length);
    return chosen;
  }

  private int[] epochOrder(int partition, int numBlocks) {
    int[] order = new int[numBlocks];
    for (int i = 0; i < numBlocks; i++) order[i] = i;
    SplittableRandom random = new SplittableRandom(SeedMix.mix(SeedMix.mix(seed, epoch), partition));
    for (int i = numBlocks - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
