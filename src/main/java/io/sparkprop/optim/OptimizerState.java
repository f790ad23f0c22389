package io.sparkprop.optim;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything an optimizer needs to take its next step, as a plain value: its name, how many steps
 * it has taken, and its named buffers (momentum, moments...). Saved with checkpoints.
 */
public record OptimizerState(String optimizer, long steps, Map<String, double[]> buffers) implements Serializable {
  public OptimizerState {
    Map<String, double[]> copy = new LinkedHashMap<>();
    buffers.forEach((k, v) -> copy.put(k, v.clone()));
    buffers = Collections.unmodifiableMap(copy);
  }

  /** A copy of the named buffer. */
  public double[] buffer(String name) {
    double[] b = buffers.get(name);
    if (b == null) throw new IllegalArgumentException(optimizer + " state has no buffer '" + name + "'");
    return b.clone();
  }
}
