package io.sparkprop.train;

import io.sparkprop.nn.Initializer;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.LearningRateSchedule;
import io.sparkprop.optim.Optimizer;
import io.sparkprop.optim.ParameterLayout;
import io.sparkprop.spark.BatchPlan;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.DistributedObjective;
import io.sparkprop.spark.SeedMix;
import io.sparkprop.spark.TrainingDivergedException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop, the only one: epochs of steps, each a {@link DistributedObjective.Batch} (the
 * parameters broadcast, the gradient summed over the step's blocks on the executors, mean and L2 on
 * the driver) handed to the update rule, which evaluates it once (a gradient step: sgd, adam, lamb, lars) or as often as its line
 * search needs (L-BFGS, one full-batch step an epoch). Listeners see every step and every epoch's
 * end: metrics, checkpoints, validation and early stopping hook in there.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final JavaSparkContext sc;
  private final TrainingConfig config;

  public Trainer(JavaSparkContext sc, TrainingConfig config) {
    this.sc = sc;
    this.config = config;
  }

  /** Parameters after training, and what it took. */
  public record Result(double[] parameters, long steps, int epochs, double seconds, double lastLoss, TrainingState finalState) {}

  /** Trains {@code spec} from its seeded initial parameters on the cached blocks. */
  public Result train(BlockedData data, NetworkSpec spec, TrainingListener listener) {
    return train(data, spec, Initializer.initialParameters(spec, config.seed()), listener);
  }

  /** Trains {@code spec} from {@code initial} (a warm start), with a fresh optimizer, from the first epoch. */
  public Result train(BlockedData data, NetworkSpec spec, double[] initial, TrainingListener listener) {
    if (initial.length != spec.numParameters())
      throw new IllegalArgumentException(initial.length + " initial parameters, network " + spec.numParameters());
    return run(data, spec, new TrainingState(initial, optimizer(spec).state(), 0, 0, 0), listener);
  }

  /**
   * Continues a run from {@code state}, as {@link TrainingListener#onStep} handed it out (checkpoints
   * keep those): the same parameters, optimizer state and data order. A state taken after an epoch's
   * last step comes before that epoch's end, so the listener gets that end first, as it would have
   * in the uninterrupted run, and may stop the run there.
   */
  public Result resume(BlockedData data, NetworkSpec spec, TrainingState state, TrainingListener listener) {
    if (state.parameters().length != spec.numParameters())
      throw new IllegalArgumentException("state has " + state.parameters().length + " parameters, network " + spec.numParameters());
    boolean atEpochEnd = state.step() > 0 && state.stepInEpoch() == 0;
    if (atEpochEnd && !listener.onEpochEnd(state.epoch(), state))
      return new Result(state.parameters(), state.step(), state.epoch(), 0, Double.NaN, state);
    return run(data, spec, state, listener);
  }

  private Optimizer optimizer(NetworkSpec spec) {
    return config.optimizer().create(layout(spec), config.weightDecay());
  }

  /** The flat vector as the update rules see it: each layer's weight matrix, then its bias vector. */
  static ParameterLayout layout(NetworkSpec spec) {
    List<ParameterLayout.Tensor> tensors = new ArrayList<>();
    for (int l = 0; l < spec.numLayers(); l++) {
      tensors.add(new ParameterLayout.Tensor(spec.weightOffset(l), spec.fanIn(l) * spec.fanOut(l), false));
      tensors.add(new ParameterLayout.Tensor(spec.biasOffset(l), spec.fanOut(l), true));
    }
    return new ParameterLayout(tensors);
  }

  private Result run(BlockedData data, NetworkSpec spec, TrainingState from, TrainingListener listener) {
    double[] params = from.parameters();
    Optimizer optimizer = optimizer(spec);
    optimizer.restore(from.optimizer());
    DistributedObjective objective = new DistributedObjective(sc, data, spec, config.l2(), config.aggregationDepth(), config.precision());
    int stepsPerEpoch = stepsPerEpoch(data.samples());
    int logEvery = config.logEvery() > 0 ? config.logEvery() : Math.max(1, stepsPerEpoch / 10);
    boolean searchesLine = config.optimizer().searchesLine();
    LearningRateSchedule schedule = config.schedule().resolve(config.optimizer().learningRate(), stepsPerEpoch, config.epochs());
    long step = from.step();
    int epochsRun = from.epoch();
    double lastLoss = Double.NaN;
    TrainingState state = from;
    long start = System.nanoTime();
    for (int epoch = from.epoch(); epoch < config.epochs(); epoch++) {
      double epochLoss = 0;
      long epochSamples = 0;
      long epochStart = System.nanoTime();
      int firstStep = epoch == from.epoch() ? from.stepInEpoch() : 0;
      for (int s = firstStep; s < stepsPerEpoch; s++) {
        long t0 = System.nanoTime();
        BatchPlan plan = config.fullBatch() ? BatchPlan.fullBatch() : BatchPlan.miniBatch(config.seed(), epoch, s, stepsPerEpoch);
        if (objective.selectsNothing(plan)) continue; // a slice that fell between blocks: nothing to learn from
        DistributedObjective.Batch batch = objective.batch(plan, config.dropout(), SeedMix.mix(config.seed() ^ 0xD509L, step));
        step++;
        double lr = searchesLine ? Double.NaN : schedule.rate(step - 1);
        double loss;
        long stepStart = System.nanoTime();
        try {
          loss = optimizer.step(params, batch, lr);
        } catch (TrainingDivergedException e) {
          throw e.atStep(step);
        }
        long stepEnd = System.nanoTime();
        double inObjective = batch.broadcastSeconds() + batch.jobSeconds() + batch.reduceSeconds();
        StepPhases phases = new StepPhases(batch.broadcastSeconds(), batch.jobSeconds(), batch.reduceSeconds(),
            Math.max(0, (stepEnd - stepStart) / 1e9 - inObjective));
        StepMetrics m = new StepMetrics(step, epoch + 1, loss, lr, batch.samples(), (stepEnd - t0) / 1e9,
            batch.broadcastBytes(), batch.resultBytes(), phases);
        boolean lastOfEpoch = s == stepsPerEpoch - 1;
        int nextEpoch = lastOfEpoch ? epoch + 1 : epoch, nextInEpoch = lastOfEpoch ? 0 : s + 1;
        long taken = step;
        listener.onStep(m, () -> new TrainingState(params, optimizer.state(), nextEpoch, nextInEpoch, taken));
        lastLoss = loss;
        epochLoss += loss * batch.samples();
        epochSamples += batch.samples();
        if (step % logEvery == 0 || config.fullBatch()) log(m, batch.evaluations());
      }
      if (!config.fullBatch() && epochSamples > 0) {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        LOG.info(String.format("epoch %d done  mean loss %.5f  %.2f s  %,.0f samples/s",
            epoch + 1, epochLoss / epochSamples, seconds, epochSamples / seconds));
      }
      epochsRun = epoch + 1;
      state = new TrainingState(params, optimizer.state(), epoch + 1, 0, step);
      if (!listener.onEpochEnd(epoch + 1, state)) break;
    }
    return new Result(params, step, epochsRun, (System.nanoTime() - start) / 1e9, lastLoss, state);
  }

  private static void log(StepMetrics m, int evaluations) {
    String rate = Double.isNaN(m.learningRate()) ? evaluations + " evaluations" : String.format("lr %.3g", m.learningRate());
    LOG.info(String.format("epoch %d step %d  loss %.5f  %s  %.3f s  %,.0f samples/s  %.1f MB out, %.1f MB back",
        m.epoch(), m.step(), m.loss(), rate, m.seconds(), m.samplesPerSecond(), m.broadcastBytes() / 1e6, m.resultBytes() / 1e6));
  }

  /** Full batch: one step an epoch; otherwise enough steps for the epoch to see every sample once. */
  public int stepsPerEpoch(long samples) {
    if (config.fullBatch()) return 1;
    return (int) Math.max(1, (samples + config.batchSize() - 1) / config.batchSize());
  }

  /** Blocks a mini-batch step reads at least, per partition. */
  static final int BLOCKS_PER_STEP = 4;

  /**
   * Mini-batches are built from whole blocks, so blocks must not be wider than a partition's share of
   * a batch; and a step reads at least {@value #BLOCKS_PER_STEP} of them, so that the batches mix anew
   * every epoch. With one block a step, every epoch repeats the same batches in another order, and
   * accuracy comes epochs later (docs/benchmarks.md, "Figures behind choices in the code").
   */
  public static int blockSizeFor(TrainingConfig config, int partitions) {
    if (config.fullBatch()) return config.blockSize();
    int share = (config.batchSize() + partitions - 1) / partitions;
    return Math.max(1, Math.min(config.blockSize(), (share + BLOCKS_PER_STEP - 1) / BLOCKS_PER_STEP));
  }
}
