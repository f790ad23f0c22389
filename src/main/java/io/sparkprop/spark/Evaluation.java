package io.sparkprop.spark;

import io.sparkprop.nn.Block;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Loss and confusion counts of a parameter vector over whole blocked data sets, one forward pass a
 * block. {@link #ofEach} scores several sets with the same parameters in one Spark job and one
 * broadcast: a union of the sets' cached blocks, each partition scored with its own set's block size
 * and input storage (the broadcast carries one packing per storage the sets use, so any mix of sets
 * fits in one job), and each set's partials combined on the driver in the order
 * {@link OrderedTreeAggregate}'s tree at {@code depth} would combine them, so every result is
 * bit-identical to scoring that set alone through the tree.
 *
 * <p>Depth: a partial is a confusion matrix, small next to a gradient, so the driver takes every
 * partition's partial and runs the tree's levels itself, with no shuffle stage. Only when the
 * matrices of all partitions together would exceed {@link #DRIVER_ENTRIES_AT_MOST} does each set go
 * through the tree on the cluster, one job a set, still under the one broadcast.
 */
public final class Evaluation implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Confusion entries the driver takes from one job at most, over all partitions of all sets: beyond
   * it (many classes over many partitions) the tree's levels stay on the cluster.
   */
  static final long DRIVER_ENTRIES_AT_MOST = 1L << 22;

  private final int classes;
  private long[] confusion; // row = true class, column = predicted
  private double loss;
  private long count;

  private Evaluation(int classes) { this.classes = classes; }

  /**
   * Scores {@code params} over {@code data}, computing in {@code precision}: the training precision
   * by default (float scores at sgemm's rate), double for checks. Parameters go out packed as the
   * tasks read them (float: half the bytes, no conversion per task).
   */
  public static <P> Evaluation of(JavaSparkContext sc, BlockedData data, NetworkSpec spec, double[] params, int depth, Precision<P> precision) {
    return ofEach(sc, List.of(data), spec, params, depth, precision).get(0);
  }

  /**
   * As {@link #of} on each of {@code sets} (none null), in one job and one broadcast: the i-th result
   * scores the i-th set, bit for bit as {@link #of} on it alone.
   */
  public static <P> List<Evaluation> ofEach(JavaSparkContext sc, List<BlockedData> sets, NetworkSpec spec, double[] params, int depth,
      Precision<P> precision) {
    return ofEach(sc, sets, spec, params, depth, precision, DRIVER_ENTRIES_AT_MOST);
  }

  /** As {@link #ofEach}, with the driver's share bounded by {@code driverEntriesAtMost} (tests force the tree with 0). */
  static <P> List<Evaluation> ofEach(JavaSparkContext sc, List<BlockedData> sets, NetworkSpec spec, double[] params, int depth,
      Precision<P> precision, long driverEntriesAtMost) {
    if (sets.isEmpty()) return List.of();
    int k = spec.classes();
    EnumMap<InputStorage, PackedParameters<P>> packed = new EnumMap<>(InputStorage.class);
    for (BlockedData set : sets) packed.computeIfAbsent(set.storage(), storage -> new PackedParameters<>(precision.pack(spec, params, storage)));
    Broadcast<EnumMap<InputStorage, PackedParameters<P>>> weights = sc.broadcast(packed);
    try {
      List<JavaRDD<PartitionBlocks>> blocks = new ArrayList<>();
      List<Evaluation> zeros = new ArrayList<>();
      List<ScoreBlocks<P>> scorers = new ArrayList<>();
      long partitions = 0;
      for (BlockedData set : sets) {
        blocks.add(set.partitions());
        zeros.add(new Evaluation(k));
        scorers.add(new ScoreBlocks<>(precision, spec, set.blockSize(), set.storage(), weights));
        partitions += set.numPartitions();
      }
      if (partitions * k * k <= driverEntriesAtMost) return OrderedTreeAggregate.aggregateEach(blocks, zeros, scorers, Evaluation::add, depth);
      List<Evaluation> results = new ArrayList<>();
      for (int i = 0; i < sets.size(); i++) results.add(OrderedTreeAggregate.aggregate(blocks.get(i), zeros.get(i), scorers.get(i), Evaluation::add, depth));
      return results;
    } finally {
      // Blocking: an asynchronous removal of a large broadcast raced Spark's ContextCleaner, which
      // then logged "Block broadcast_N_piece does not exist" with a stack trace.
      weights.destroy(true);
    }
  }

  /**
   * One partition's share: a forward pass a block, with a network for its own set's block size and
   * input storage. A named class, not a lambda: Spark's closure cleaner re-reads a lambda's
   * declaring class file on every job (docs/benchmarks.md).
   */
  private static final class ScoreBlocks<P> implements Function2<Evaluation, PartitionBlocks, Evaluation> {
    private static final long serialVersionUID = 1L;
    private final Precision<P> precision;
    private final NetworkSpec spec;
    private final int capacity;
    private final InputStorage storage;
    private final Broadcast<EnumMap<InputStorage, PackedParameters<P>>> weights;

    ScoreBlocks(Precision<P> precision, NetworkSpec spec, int capacity, InputStorage storage,
        Broadcast<EnumMap<InputStorage, PackedParameters<P>>> weights) {
      this.precision = precision;
      this.spec = spec;
      this.capacity = capacity;
      this.storage = storage;
      this.weights = weights;
    }

    @Override public Evaluation call(Evaluation e, PartitionBlocks part) {
      int k = spec.classes();
      if (e.confusion == null) e.confusion = new long[k * k];
      Network<P> network = precision.network(spec, capacity, storage);
      P packed = weights.value().get(storage).values();
      int[] predicted = new int[capacity];
      for (Block block : part.blocks()) {
        e.loss += network.lossAndPredictions(packed, block, predicted);
        for (int i = 0; i < block.size(); i++) e.confusion[block.label(i) * k + predicted[i]]++;
        e.count += block.size();
      }
      return e;
    }
  }

  private Evaluation add(Evaluation other) {
    if (other.confusion == null) return this;
    if (confusion == null) return other;
    for (int i = 0; i < confusion.length; i++) confusion[i] += other.confusion[i];
    loss += other.loss;
    count += other.count;
    return this;
  }

  public int classes() { return classes; }
  public long count() { return count; }
  /** Mean cross-entropy per sample. */
  public double meanLoss() { return count == 0 ? Double.NaN : loss / count; }

  public double accuracy() {
    if (count == 0) return Double.NaN;
    long correct = 0;
    for (int c = 0; c < classes; c++) correct += confusion[c * classes + c];
    return (double) correct / count;
  }

  /** counts[truth][predicted]. */
  public long[][] confusionCounts() {
    long[][] m = new long[classes][classes];
    for (int t = 0; t < classes; t++)
      for (int p = 0; p < classes; p++) m[t][p] = confusion == null ? 0 : confusion[t * classes + p];
    return m;
  }
}
