package io.sparkprop.spark;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Block;
import io.sparkprop.nn.InputStorage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;

/**
 * A data set stacked into blocks once and cached, one {@link PartitionBlocks} per partition.
 * Every training step reads these cached blocks; the rows are never parsed or stacked again.
 * Weighted data ({@link #weighted()}) carry a weight per sample in every block, and the training
 * objective divides by their sum ({@link #weightSum()}) instead of the sample count.
 */
public final class BlockedData {
  private final JavaRDD<PartitionBlocks> partitions;
  private final int[] blocksPerPartition;
  private final long samples;
  private final long cachedBytes;
  private final int features;
  private final int blockSize;
  private final InputStorage storage;
  private final long nonZeros;
  private final boolean weighted;
  private final double weightSum;

  private BlockedData(JavaRDD<PartitionBlocks> partitions, int[] blocksPerPartition, long samples, long cachedBytes,
      int features, int blockSize, InputStorage storage, long nonZeros, boolean weighted, double weightSum) {
    this.partitions = partitions;
    this.blocksPerPartition = blocksPerPartition;
    this.samples = samples;
    this.cachedBytes = cachedBytes;
    this.features = features;
    this.blockSize = blockSize;
    this.storage = storage;
    this.nonZeros = nonZeros;
    this.weighted = weighted;
    this.weightSum = weightSum;
  }

  /**
   * Stacks, caches and materializes {@code rows} for training: the samples of each partition are
   * shuffled (seeded by {@code seed} and the partition) so that blocks mix the classes. The first
   * layer's input is stored as {@code input}: a dense matrix a block, or compressed sparse columns
   * (then the scaler must keep zeros zero). The same rows and seed give the same sample order either way.
   */
  public static BlockedData stackShuffled(JavaRDD<LabeledPoint> rows, int features, FeatureScaler scaler, int blockSize,
      long seed, StorageLevel level, InputStorage input) {
    return stack(rows, features, scaler, blockSize, seed, level, input, false, null);
  }

  /**
   * As {@link #stackShuffled}, each sample weighted by its row's weight ({@link io.sparkprop.data.WeightedPoint#weightOf})
   * times {@code classWeights[label]} (null = the rows' weights alone). The same rows and seed give the same sample order.
   */
  public static BlockedData stackShuffledWeighted(JavaRDD<LabeledPoint> rows, int features, FeatureScaler scaler, int blockSize,
      long seed, StorageLevel level, InputStorage input, double[] classWeights) {
    return stack(rows, features, scaler, blockSize, seed, level, input, true, classWeights);
  }

  /** As {@link #stackShuffled}, keeping the rows' order: for scoring, where order does not matter and shuffling costs. */
  public static BlockedData stackInOrder(JavaRDD<LabeledPoint> rows, int features, FeatureScaler scaler, int blockSize,
      StorageLevel level, InputStorage input) {
    return stack(rows, features, scaler, blockSize, null, level, input, false, null);
  }

  private static BlockedData stack(JavaRDD<LabeledPoint> rows, int features, FeatureScaler scaler, int blockSize,
      Long shuffleSeed, StorageLevel storage, InputStorage input, boolean weighted, double[] classWeights) {
    if (blockSize < 1) throw new IllegalArgumentException("block size must be positive, got " + blockSize);
    BlockStacker.check(features, scaler, input); // on the driver, before any task
    JavaRDD<PartitionBlocks> partitions = rows.mapPartitionsWithIndex((index, it) -> {
      List<Block> blocks = new BlockStacker(features, scaler, blockSize, input, weighted, classWeights).stack(it);
      if (shuffleSeed != null) blocks = BlockStacker.shuffleSamples(blocks, blockSize, new SplittableRandom(SeedMix.mix(shuffleSeed, index)));
      int n = 0;
      for (Block b : blocks) n += b.size();
      return Collections.singletonList(new PartitionBlocks(index, blocks.toArray(new Block[0]), n)).iterator();
    }, true).persist(storage);
    partitions.setName("sparkprop " + input.cliName() + (weighted ? " weighted" : "") + " blocks (" + blockSize + " samples each)");
    return materialize(partitions, features, blockSize, input, weighted);
  }

  /**
   * Generates {@code rows} samples on the executors, partition p making rows [p N / P, (p + 1) N / P),
   * and caches and materializes them. Only the partition indices leave the driver.
   */
  public static BlockedData generate(JavaSparkContext sc, long rows, int numPartitions, int blockSize, SampleGenerator generator,
      StorageLevel storage) {
    int features = generator.features();
    return generated(sc, rows, numPartitions, blockSize, storage, features, InputStorage.DENSE, (start, n) -> {
      float[] x = new float[Math.multiplyExact(features, n)];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) y[i] = generator.sample(start + i, x, i * features);
      return new Block(features, n, x, y);
    });
  }

  /** As {@link #generate}, for a sparse data set: the blocks store compressed columns. */
  public static BlockedData generateSparse(JavaSparkContext sc, long rows, int numPartitions, int blockSize,
      SparseSampleGenerator generator, StorageLevel storage) {
    int features = generator.features();
    return generated(sc, rows, numPartitions, blockSize, storage, features, InputStorage.SPARSE, (start, n) -> {
      int[] starts = new int[n + 1];
      int[] indices = new int[Math.multiplyExact(n, generator.maxNonZeros())];
      float[] values = new float[indices.length];
      int[] y = new int[n];
      int[] label = new int[1];
      for (int i = 0; i < n; i++) {
        starts[i + 1] = starts[i] + generator.sample(start + i, indices, values, starts[i], label);
        y[i] = label[0];
      }
      int nnz = starts[n];
      return Block.sparse(features, n, starts, java.util.Arrays.copyOf(indices, nnz), java.util.Arrays.copyOf(values, nnz), y);
    });
  }

  /** Makes the block of rows [start, start + n) of a generated data set. */
  private interface BlockMaker extends java.io.Serializable {
    Block make(long start, int n);
  }

  /** Partition p makes rows [p N / P, (p + 1) N / P) in blocks; only the partition indices leave the driver. */
  private static BlockedData generated(JavaSparkContext sc, long rows, int numPartitions, int blockSize, StorageLevel storage,
      int features, InputStorage input, BlockMaker maker) {
    if (blockSize < 1) throw new IllegalArgumentException("block size must be positive, got " + blockSize);
    if (rows < 1 || numPartitions < 1) throw new IllegalArgumentException("need rows and partitions, got " + rows + " and " + numPartitions);
    List<Integer> indices = IntStream.range(0, numPartitions).boxed().toList();
    JavaRDD<PartitionBlocks> partitions = sc.parallelize(indices, numPartitions).mapPartitionsWithIndex((index, ignored) -> {
      long from = rows * index / numPartitions, to = rows * (index + 1) / numPartitions;
      List<Block> blocks = new ArrayList<>();
      for (long start = from; start < to; start += blockSize) blocks.add(maker.make(start, (int) Math.min(blockSize, to - start)));
      return Collections.singletonList(new PartitionBlocks(index, blocks.toArray(new Block[0]), (int) (to - from))).iterator();
    }, true).persist(storage);
    partitions.setName("sparkprop generated " + input.cliName() + " blocks (" + rows + " rows, " + blockSize + " samples each)");
    return materialize(partitions, features, blockSize, input, false);
  }

  /** Computes and caches every partition, and records their block counts and sizes on the driver. */
  private static BlockedData materialize(JavaRDD<PartitionBlocks> partitions, int features, int blockSize, InputStorage input,
      boolean weighted) {
    // the weight sum travels as its bits in the same long[] as the counts
    List<long[]> sizes = partitions.map(p -> new long[] {p.partition(), p.blocks().length, p.samples(), p.arrayBytes(), p.nonZeros(),
        Double.doubleToRawLongBits(p.weightSum())}).collect();
    int[] blocksPerPartition = new int[partitions.getNumPartitions()];
    long samples = 0, bytes = 0, nonZeros = 0;
    double[] weightSums = new double[blocksPerPartition.length];
    for (long[] s : sizes) {
      blocksPerPartition[(int) s[0]] = (int) s[1];
      samples += s[2];
      bytes += s[3];
      nonZeros += s[4];
      weightSums[(int) s[0]] = Double.longBitsToDouble(s[5]);
    }
    double weightSum = 0;
    for (double w : weightSums) weightSum += w; // in partition order, whatever order the results came in
    return new BlockedData(partitions, blocksPerPartition, samples, bytes, features, blockSize, input, nonZeros, weighted, weightSum);
  }

  JavaRDD<PartitionBlocks> partitions() { return partitions; }
  public int numPartitions() { return blocksPerPartition.length; }
  public int blocks(int partition) { return blocksPerPartition[partition]; }
  public long samples() { return samples; }
  public int features() { return features; }
  public int blockSize() { return blockSize; }
  /** How the first layer's input is stored in the blocks. */
  public InputStorage storage() { return storage; }
  /** Whether the blocks carry sample weights: then the objective is sum w_i L_i / sum w_i. */
  public boolean weighted() { return weighted; }
  /** The samples' weight sum (the sample count when unweighted). */
  public double weightSum() { return weightSum; }
  /** Stored non-zeros of sparse blocks; every entry of dense ones. */
  public long nonZeros() { return nonZeros; }
  /** What the cache costs per stored non-zero (the goal for sparse input: about 8 bytes). */
  public double cachedBytesPerNonZero() { return cachedBytes / (double) Math.max(1, nonZeros); }
  /** Bytes of the cached feature and label arrays (object headers not counted). */
  public long cachedBytes() { return cachedBytes; }

  /** Id of the cached RDD, to look up its storage in Spark's UI or status tracker. */
  public int rddId() { return partitions.id(); }

  public void unpersist() { partitions.unpersist(false); }
}
