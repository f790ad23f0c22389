package io.sparkprop.train;

import io.sparkprop.optim.OptimizerState;
import java.io.Serializable;

/**
 * Where a run stands, as a plain value: the parameters, the optimizer's state and the position in
 * the data order. Handing it back to {@link Trainer#resume} continues the run exactly where it was.
 *
 * @param epoch 0-based epoch the next step belongs to
 * @param stepInEpoch 0-based index of the next step within that epoch
 * @param step steps taken so far
 */
public record TrainingState(double[] parameters, OptimizerState optimizer, int epoch, int stepInEpoch, long step)
    implements Serializable {

  public TrainingState {
    parameters = parameters.clone();
    if (epoch < 0 || stepInEpoch < 0 || step < 0) throw new IllegalArgumentException("negative training position");
  }

  @Override public double[] parameters() { return parameters.clone(); }
}
