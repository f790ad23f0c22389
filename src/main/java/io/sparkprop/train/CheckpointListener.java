package io.sparkprop.train;

import java.util.function.Supplier;
import io.sparkprop.nn.NetworkSpec;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a checkpoint every {@code every} steps, with the validation monitor's progress. A diverging
 * step throws before this is called, so the last checkpoint is always a good one.
 */
public final class CheckpointListener implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointListener.class);

  /** Settings that checkpoints written before the settings were derived from TrainingConfig's fields named otherwise. */
  private static final Map<String, String> LEGACY_KEYS = Map.of("lbfgs_history", "history");

  private final CheckpointStore store;
  private final int every;
  private final NetworkSpec spec;
  private final long trainRows;
  private final Map<String, String> config;
  private final Supplier<ValidationProgress> validation;

  public CheckpointListener(CheckpointStore store, int every, NetworkSpec spec, long trainRows, Map<String, String> config,
      Supplier<ValidationProgress> validation) {
    if (every < 1) throw new IllegalArgumentException("--checkpoint-every must be at least 1, got " + every);
    this.store = store;
    this.every = every;
    this.spec = spec;
    this.trainRows = trainRows;
    this.config = config;
    this.validation = validation;
  }

  @Override public void onStep(StepMetrics metrics, Supplier<TrainingState> next) {
    if (metrics.step() % every != 0) return;
    TrainingState state = next.get();
    store.save(new Checkpoint(spec, trainRows, config, state, validation.get()));
    LOG.debug("checkpoint at step {} in {}", state.step(), store.folder());
  }

  /** The newest readable checkpoint in {@code store}; damaged ones are skipped with a warning. */
  public static Checkpoint newest(CheckpointStore store) {
    return store.loadNewest(LOG::warn).orElseThrow(() ->
        new IllegalArgumentException("--resume: no complete checkpoint in " + store.folder()));
  }

  /**
   * {@code c}, if a run of this network on data of this size may continue from it; a setting that
   * differs from the checkpoint's is warned about, since the run will then not match an
   * uninterrupted one. {@code from} names where it came from in the log.
   */
  public static Checkpoint check(Checkpoint c, NetworkSpec spec, long trainRows, Map<String, String> config, String from) {
    if (!c.spec().equals(spec))
      throw new IllegalArgumentException("--resume: the checkpoint is for network " + c.spec() + ", this run builds " + spec
          + " (other data or --hidden/--activation?)");
    if (c.trainRows() != trainRows)
      throw new IllegalArgumentException("--resume: the checkpoint was trained on " + c.trainRows() + " rows, this data has "
          + trainRows + " (other data?)");
    c.config().forEach((written, saved) -> {
      String key = LEGACY_KEYS.getOrDefault(written, written);
      String now = config.get(key);
      if (key.equals("batch_size") && saved.equals("full")) saved = "0"; // as checkpoints before 0.1 wrote full batch
      // epochs may grow on resume; log_every changes no result; a key this version lacks has no value to compare
      if (now != null && !key.equals("epochs") && !key.equals("log_every") && !saved.equals(now))
        LOG.warn("resuming with {} = {} (the checkpoint used {}): the run will not match an uninterrupted one", key, now, saved);
    });
    TrainingState state = c.state();
    LOG.info("resuming from step {} (epoch {}, step {} in it) of {}", state.step(), state.epoch() + 1, state.stepInEpoch(), from);
    return c;
  }
}
