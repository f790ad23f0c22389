package io.sparkprop.spark;

import io.sparkprop.nn.Block;
import io.sparkprop.nn.DropoutMasks;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.nn.SparseInputGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * One synchronized step's data pass: broadcast the parameters, packed on the driver in the precision
 * the tasks compute in, then tree-aggregate gradient, loss and count (in partition order, see
 * {@link OrderedTreeAggregate}). Over sparse blocks each task returns the first layer's gradient only
 * for the features its blocks touched ({@link SparseInputGradient}).
 */
public final class DistributedGradient {
  private final JavaSparkContext sc;
  private final BlockedData data;
  private final NetworkSpec spec;
  private final int depth;
  private final Precision<?> precision;

  public DistributedGradient(JavaSparkContext sc, BlockedData data, NetworkSpec spec, int depth, Precision<?> precision) {
    this.sc = sc;
    this.data = data;
    this.spec = spec;
    this.depth = depth;
    this.precision = precision;
  }

  /** Summed gradient and loss over the blocks {@code plan} selects in each partition. */
  public GradientSum compute(double[] params, BatchPlan plan) {
    return compute(params, plan, 0, 0);
  }

  /**
   * As above, with inverted dropout at {@code dropout}; each block's masks are seeded by
   * (dropoutSeed, partition, block), so a run is reproducible whatever the task scheduling.
   */
  public GradientSum compute(double[] params, BatchPlan plan, double dropout, long dropoutSeed) {
    return compute(precision, params, plan, dropout, dropoutSeed);
  }

  private <P> GradientSum compute(Precision<P> precision, double[] params, BatchPlan plan, double dropout, long dropoutSeed) {
    PackedParameters<P> packed = new PackedParameters<>(precision.pack(spec, params, data.storage()));
    Broadcast<PackedParameters<P>> weights = sc.broadcast(packed);
    try {
      GradientSum sum = OrderedTreeAggregate.aggregate(data.partitions(), GradientSum.zero(),
          new PartitionGradient<>(precision, spec, data.blockSize(), data.storage(), weights, plan, dropout, dropoutSeed), GradientSum::add, depth);
      sum.broadcastBytes = packed.payloadBytes();
      return sum;
    } finally {
      // Blocking: an asynchronous removal of a large broadcast raced Spark's ContextCleaner, which
      // then logged "Block broadcast_N_piece does not exist" with a stack trace.
      weights.destroy(true);
    }
  }

  /**
   * One task's share of a step: the gradient over the blocks the plan picks in its partition. A named
   * class, not a lambda: executors restore a lambda through reflection on every task (measured: about
   * an eighth of a tiny step's executor time).
   */
  private static final class PartitionGradient<P> implements Function2<GradientSum, PartitionBlocks, GradientSum> {
    private static final long serialVersionUID = 1L;
    private final Precision<P> precision;
    private final NetworkSpec spec;
    private final int capacity;
    private final InputStorage storage;
    private final Broadcast<PackedParameters<P>> weights;
    private final BatchPlan plan;
    private final double dropout;
    private final long dropoutSeed;

    PartitionGradient(Precision<P> precision, NetworkSpec spec, int capacity, InputStorage storage, Broadcast<PackedParameters<P>> weights,
        BatchPlan plan, double dropout, long dropoutSeed) {
      this.precision = precision;
      this.spec = spec;
      this.capacity = capacity;
      this.storage = storage;
      this.weights = weights;
      this.plan = plan;
      this.dropout = dropout;
      this.dropoutSeed = dropoutSeed;
    }

    @Override public GradientSum call(GradientSum sum, PartitionBlocks part) {
      int[] chosen = plan.blocks(part.partition(), part.blocks().length);
      if (chosen.length == 0) return sum;
      P w = weights.value().values();
      List<Block> blocks = new ArrayList<>(chosen.length);
      for (int index : chosen) blocks.add(part.blocks()[index]);
      IntFunction<DropoutMasks> masks = dropout <= 0 ? null
          : i -> DropoutMasks.random(dropout, SeedMix.mix(SeedMix.mix(dropoutSeed, part.partition()), chosen[i]));
      Network<P> network = precision.network(spec, capacity, storage);
      GradientSum partial = sum;
      if (storage == InputStorage.SPARSE) {
        // A partition holds one PartitionBlocks, so this is the task's only call: its own rows, then the running sum.
        partial = new GradientSum();
        partial.sparse = SparseInputGradient.over(spec, blocks);
        partial.loss = network.accumulateGradient(w, blocks, partial.sparse, masks);
      } else {
        if (sum.gradient == null) sum.gradient = new double[spec.numParameters()];
        sum.loss += network.accumulateGradient(w, blocks, sum.gradient, masks);
      }
      for (Block block : blocks) partial.count += block.size();
      return partial == sum ? sum : sum.add(partial);
    }
  }
}
