package io.sparkprop.train;

import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerState;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a run needs to continue bit-exactly: the network and data it was on, its settings,
 * the parameters, the optimizer's state and the position in the data order.
 *
 * @param trainRows   rows of the training data, so a resume on other data is refused
 * @param epoch       0-based epoch the next step belongs to
 * @param stepInEpoch 0-based index of the next step within that epoch
 * @param step        steps taken so far
 */
public record Checkpoint(NetworkSpec spec, long trainRows, Map<String, String> config, double[] parameters,
    OptimizerState optimizer, int epoch, int stepInEpoch, long step) {

  public Checkpoint {
    if (parameters.length != spec.numParameters())
      throw new IllegalArgumentException(parameters.length + " parameters for a network of " + spec.numParameters());
    config = Collections.unmodifiableSortedMap(new TreeMap<>(config));
    parameters = parameters.clone();
  }

  @Override public double[] parameters() { return parameters.clone(); }
}
