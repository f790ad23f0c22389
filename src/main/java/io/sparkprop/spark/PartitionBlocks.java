package io.sparkprop.spark;

import io.sparkprop.nn.Block;
import java.io.Serializable;

/** All the blocks of one partition, cached as one object so a step can pick blocks by index. */
public record PartitionBlocks(int partition, Block[] blocks, int samples) implements Serializable {
  public long arrayBytes() {
    long bytes = 0;
    for (Block b : blocks) bytes += b.arrayBytes();
    return bytes;
  }

  /** The samples' weight sum (the sample count, unweighted). */
  public double weightSum() {
    double sum = 0;
    for (Block b : blocks) sum += b.weightSum();
    return sum;
  }

  public long nonZeros() {
    long n = 0;
    for (Block b : blocks) n += b.nonZeros();
    return n;
  }
}
