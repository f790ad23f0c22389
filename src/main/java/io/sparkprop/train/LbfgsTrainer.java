package io.sparkprop.train;

import io.sparkprop.spark.BatchPlan;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.DistributedGradient;
import io.sparkprop.spark.GradientSum;
import io.sparkprop.spark.TrainingDivergedException;

import io.sparkprop.nn.L2Penalty;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.Lbfgs;
import io.sparkprop.optim.OptimizerState;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full-batch training with L-BFGS: one iteration per epoch, every function evaluation of its line
 * search one distributed gradient pass over all blocks (plus L2 on the driver, as {@link Trainer}).
 */
final class LbfgsTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(LbfgsTrainer.class);

  private final JavaSparkContext sc;
  private final TrainingConfig config;

  LbfgsTrainer(JavaSparkContext sc, TrainingConfig config) {
    this.sc = sc;
    this.config = config;
  }

  static OptimizerState initialState() { return Lbfgs.initialState(); }

  Trainer.Result run(BlockedData data, NetworkSpec spec, TrainingState from, TrainingListener listener) {
    if (data.features() != spec.inputs())
      throw new IllegalArgumentException("data has " + data.features() + " features, network " + spec.inputs());
    double[] params = from.parameters();
    Lbfgs lbfgs = new Lbfgs(spec.numParameters(), config.optimizer().history());
    lbfgs.restore(from.optimizer());
    DistributedGradient gradientPass = new DistributedGradient(sc, data, spec, config.aggregationDepth(), config.precision());
    long[] evaluations = {0};
    long[] samples = {0};
    Lbfgs.Objective objective = (x, gradient) -> {
      GradientSum sum = gradientPass.compute(x, BatchPlan.fullBatch());
      evaluations[0]++;
      samples[0] = sum.count();
      double inv = 1.0 / sum.count();
      double[] g = sum.gradient();
      for (int i = 0; i < g.length; i++) gradient[i] = g[i] * inv;
      double loss = sum.loss() * inv + L2Penalty.addTo(spec, config.l2(), x, gradient);
      if (!Double.isFinite(loss)) throw new TrainingDivergedException(from.step() + evaluations[0], "the loss (" + loss + ")");
      return loss;
    };
    long step = from.step();
    int epochsRun = from.epoch();
    double lastLoss = Double.NaN;
    TrainingState state = from;
    long start = System.nanoTime();
    for (int epoch = from.epoch(); epoch < config.epochs(); epoch++) {
      long t0 = System.nanoTime();
      long before = evaluations[0];
      lastLoss = lbfgs.iterate(params, objective);
      step++;
      StepMetrics m = new StepMetrics(step, epoch + 1, lastLoss, Double.NaN, samples[0], (System.nanoTime() - t0) / 1e9);
      state = new TrainingState(params, lbfgs.state(), epoch + 1, 0, step);
      TrainingState after = state;
      listener.onStep(m, () -> after);
      LOG.info(String.format("epoch %d iteration %d  loss %.5f  %d evaluations  %.3f s",
          m.epoch(), step, lastLoss, evaluations[0] - before, m.seconds()));
      epochsRun = epoch + 1;
      if (!listener.onEpochEnd(epoch + 1, state)) break;
    }
    return new Trainer.Result(params, step, epochsRun, (System.nanoTime() - start) / 1e9, lastLoss, state);
  }
}
