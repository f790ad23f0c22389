package io.sparkprop.spark;

import io.sparkprop.nn.Block;
import io.sparkprop.nn.DropoutMasks;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.L2Penalty;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.nn.SparseInputGradient;
import io.sparkprop.optim.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;

/**
 * The training objective over the cached blocks, one distributed pass an evaluation, as Spark's
 * {@code RDDLossFunction}: ship the parameters (packed on the driver in the precision the tasks
 * compute in; inside the task when small, else broadcast: {@link ShippedParameters}), tree-aggregate gradient, loss and count in partition order ({@link OrderedTreeAggregate}),
 * then on the driver divide by the count (by the weight sum, for weighted blocks: sum w_i L_i / sum w_i),
 * add L2 and check that the loss and every gradient entry are finite. Over sparse blocks each task returns the first layer's gradient only for the features its
 * blocks touched ({@link SparseInputGradient}). Update rules see it as an {@link Objective}, one per
 * step ({@link #batch}); the chain rule stays in {@code nn}.
 */
public final class DistributedObjective {
  private final JavaSparkContext sc;
  private final BlockedData data;
  private final NetworkSpec spec;
  private final double l2;
  private final int depth;
  private final Precision<?> precision;

  public DistributedObjective(JavaSparkContext sc, BlockedData data, NetworkSpec spec, double l2, int depth, Precision<?> precision) {
    if (data.features() != spec.inputs())
      throw new IllegalArgumentException("data has " + data.features() + " features, network " + spec.inputs());
    this.sc = sc;
    this.data = data;
    this.spec = spec;
    this.l2 = l2;
    this.depth = depth;
    this.precision = precision;
  }

  /** Whether {@code plan} picks no block in any partition: a step on it would have nothing to learn from. */
  public boolean selectsNothing(BatchPlan plan) {
    for (int p = 0; p < data.numPartitions(); p++) if (plan.blocks(p, data.blocks(p)).length > 0) return false;
    return true;
  }

  /**
   * The objective of one step: the mean loss over the blocks {@code plan} selects, plus L2. With
   * {@code dropout} > 0, each block's masks are seeded by (dropoutSeed, partition, block), so a run is
   * reproducible whatever the task scheduling. Its counters say what the step's evaluations moved.
   */
  public Batch batch(BatchPlan plan, double dropout, long dropoutSeed) { return new Batch(plan, dropout, dropoutSeed); }

  /** One step's objective, with what its evaluations cost. */
  public final class Batch implements Objective {
    private final BatchPlan plan;
    private final double dropout;
    private final long dropoutSeed;
    private int evaluations;
    private long samples, broadcastBytes, resultBytes;
    private long broadcastNanos, jobNanos, reduceNanos;

    private Batch(BatchPlan plan, double dropout, long dropoutSeed) {
      this.plan = plan;
      this.dropout = dropout;
      this.dropoutSeed = dropoutSeed;
    }

    @Override public Value at(double[] x) {
      GradientSum sum = compute(precision, x, plan, dropout, dropoutSeed);
      long reduceStart = System.nanoTime();
      broadcastNanos += sum.broadcastNanos;
      jobNanos += sum.jobNanos;
      evaluations++;
      samples = sum.count();
      broadcastBytes += sum.broadcastBytes();
      resultBytes += sum.resultBytes();
      if (sum.count() == 0) throw new IllegalStateException("the batch selects no sample (check selectsNothing first)");
      double[] gradient = sum.gradient();
      double inv = data.weighted() ? inverseWeight(sum.weightSum()) : 1.0 / sum.count();
      for (int i = 0; i < gradient.length; i++) gradient[i] *= inv;
      double loss = sum.loss() * inv + L2Penalty.addTo(spec, l2, x, gradient);
      checkFinite(loss, gradient);
      reduceNanos += System.nanoTime() - reduceStart;
      return new Value(loss, gradient);
    }

    /** Seconds spent packing and broadcasting the parameters and removing the broadcast, over all evaluations. */
    public double broadcastSeconds() { return broadcastNanos / 1e9; }
    /** Seconds from each aggregate's submission until its result was back, over all evaluations. */
    public double jobSeconds() { return jobNanos / 1e9; }
    /** Seconds spent on the driver's share of the objective (mean, L2, finite check), over all evaluations. */
    public double reduceSeconds() { return reduceNanos / 1e9; }

    public int evaluations() { return evaluations; }
    /** Samples in the batch. */
    public long samples() { return samples; }
    /** Bytes broadcast over all evaluations. */
    public long broadcastBytes() { return broadcastBytes; }
    /** Bytes of task results over all evaluations. */
    public long resultBytes() { return resultBytes; }
  }

  /** Summed gradient and loss over the blocks {@code plan} selects in each partition: the objective before mean and L2. */
  public GradientSum sum(double[] params, BatchPlan plan) {
    return compute(precision, params, plan, 0, 0);
  }

  /**
   * 1 / sum w_i; 0 for a mini-batch whose samples all weigh 0, whose data term is then 0 (the data as a
   * whole cannot weigh 0: {@link io.sparkprop.train.SampleWeights} refuses that before training).
   */
  private static double inverseWeight(double weightSum) { return weightSum > 0 ? 1.0 / weightSum : 0; }

  private static void checkFinite(double loss, double[] gradient) {
    if (!Double.isFinite(loss)) throw new TrainingDivergedException("the loss (" + loss + ")");
    for (double g : gradient) if (!Double.isFinite(g)) throw new TrainingDivergedException("the gradient");
  }

  private <P> GradientSum compute(Precision<P> precision, double[] params, BatchPlan plan, double dropout, long dropoutSeed) {
    long start = System.nanoTime(), releaseNanos;
    PackedParameters<P> packed = new PackedParameters<>(precision.pack(spec, params, data.storage()));
    ShippedParameters<P> weights = ShippedParameters.of(sc, packed);
    long submitted = System.nanoTime();
    GradientSum sum;
    try {
      sum = OrderedTreeAggregate.aggregate(data.partitions(), GradientSum.zero(),
          new PartitionGradient<>(precision, spec, data.blockSize(), data.storage(), weights, plan, dropout, dropoutSeed), GradientSum::add, depth);
      sum.jobNanos = System.nanoTime() - submitted;
    } finally {
      long releaseStart = System.nanoTime();
      weights.release();
      releaseNanos = System.nanoTime() - releaseStart;
    }
    // the parameters' whole trip on the driver: packing, sending, releasing
    sum.broadcastNanos = submitted - start + releaseNanos;
    sum.broadcastBytes = packed.payloadBytes();
    return sum;
  }

  /**
   * One task's share of a step: the gradient over the blocks the plan picks in its partition. A named
   * class, not a lambda: executors restore a lambda through reflection on every task, a cost tiny steps
   * feel (docs/benchmarks.md, "Figures behind choices in the code").
   */
  private static final class PartitionGradient<P> implements Function2<GradientSum, PartitionBlocks, GradientSum> {
    private static final long serialVersionUID = 1L;
    private final Precision<P> precision;
    private final NetworkSpec spec;
    private final int capacity;
    private final InputStorage storage;
    private final ShippedParameters<P> weights;
    private final BatchPlan plan;
    private final double dropout;
    private final long dropoutSeed;

    PartitionGradient(Precision<P> precision, NetworkSpec spec, int capacity, InputStorage storage, ShippedParameters<P> weights,
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
      P w = weights.values();
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
      for (Block block : blocks) {
        partial.count += block.size();
        partial.weightSum += block.weightSum();
      }
      return partial == sum ? sum : sum.add(partial);
    }
  }
}
