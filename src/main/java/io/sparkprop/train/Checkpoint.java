package io.sparkprop.train;

import io.sparkprop.nn.NetworkSpec;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a run needs to continue bit-exactly: where it stands ({@link TrainingState}), what the
 * validation monitor has seen ({@link ValidationProgress}), and the network, data size and settings
 * it stood there with, so that a resume on something else is refused or warned about.
 *
 * @param trainRows  rows of the training data, so a resume on other data is refused
 * @param config     the settings as {@link FitPipeline#describe()} wrote them (the config's and the class weights)
 * @param validation null in checkpoints written before it was kept (format version 1)
 */
public record Checkpoint(NetworkSpec spec, long trainRows, Map<String, String> config, TrainingState state,
    ValidationProgress validation) {

  public Checkpoint {
    if (state.parameters().length != spec.numParameters())
      throw new IllegalArgumentException(state.parameters().length + " parameters for a network of " + spec.numParameters());
    double[] best = validation == null ? null : validation.bestParameters();
    if (best != null && best.length != spec.numParameters())
      throw new IllegalArgumentException(best.length + " best parameters for a network of " + spec.numParameters());
    config = Collections.unmodifiableSortedMap(new TreeMap<>(config));
  }

  /** A checkpoint of a run that has scored no epoch yet. */
  public Checkpoint(NetworkSpec spec, long trainRows, Map<String, String> config, TrainingState state) {
    this(spec, trainRows, config, state, ValidationProgress.NONE);
  }

  /** Steps taken when it was written. */
  public long step() { return state.step(); }
}
