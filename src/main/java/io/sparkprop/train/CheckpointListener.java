package io.sparkprop.train;

import java.util.function.Supplier;
import io.sparkprop.nn.NetworkSpec;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Saves a checkpoint every {@code every} steps. A diverging step throws before this is called, so the last checkpoint is always a good one. */
public final class CheckpointListener implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointListener.class);

  private final CheckpointStore store;
  private final int every;
  private final NetworkSpec spec;
  private final long trainRows;
  private final Map<String, String> config;

  public CheckpointListener(CheckpointStore store, int every, NetworkSpec spec, long trainRows, Map<String, String> config) {
    if (every < 1) throw new IllegalArgumentException("--checkpoint-every must be at least 1, got " + every);
    this.store = store;
    this.every = every;
    this.spec = spec;
    this.trainRows = trainRows;
    this.config = config;
  }

  @Override public void onStep(StepMetrics metrics, Supplier<TrainingState> next) {
    if (metrics.step() % every != 0) return;
    TrainingState state = next.get();
    store.save(new Checkpoint(spec, trainRows, config, state.parameters(), state.optimizer(),
        state.epoch(), state.stepInEpoch(), state.step()));
    LOG.debug("checkpoint at step {} in {}", state.step(), store.folder());
  }

  /**
   * The state to resume from: the newest readable checkpoint under {@code runDir}, which must be for
   * this network on data of this size. Damaged checkpoints are skipped with a warning.
   */
  public static TrainingState resumeState(CheckpointStore store, NetworkSpec spec, long trainRows, Map<String, String> config) {
    Checkpoint c = store.loadNewest(LOG::warn).orElseThrow(() ->
        new IllegalArgumentException("--resume: no complete checkpoint in " + store.folder()));
    if (!c.spec().equals(spec))
      throw new IllegalArgumentException("--resume: the checkpoint is for network " + c.spec() + ", this run builds " + spec
          + " (other data or --hidden/--activation?)");
    if (c.trainRows() != trainRows)
      throw new IllegalArgumentException("--resume: the checkpoint was trained on " + c.trainRows() + " rows, this data has "
          + trainRows + " (other data?)");
    c.config().forEach((key, saved) -> {
      String now = config.get(key);
      if (!key.equals("epochs") && !saved.equals(now))
        LOG.warn("resuming with {} = {} (the checkpoint used {}): the run will not match an uninterrupted one", key, now, saved);
    });
    LOG.info("resuming from step {} (epoch {}, step {} in it) of {}", c.step(), c.epoch() + 1, c.stepInEpoch(), store.folder());
    return new TrainingState(c.parameters(), c.optimizer(), c.epoch(), c.stepInEpoch(), c.step());
  }
}
