package io.sparkprop.model;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.NetworkSpec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything needed to classify new data and to say how the classifier was made: the network's
 * shape and parameters, the feature scaling fitted on the training data, and the provenance.
 */
public final class TrainedModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final NetworkSpec spec;
  private final double[] parameters;
  private final FeatureScaler scaler;
  private final Provenance provenance;

  public TrainedModel(NetworkSpec spec, double[] parameters, FeatureScaler scaler, Provenance provenance) {
    this.spec = Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(parameters, "parameters");
    this.scaler = Objects.requireNonNull(scaler, "scaler");
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    if (parameters.length != spec.numParameters())
      throw new IllegalArgumentException("network " + spec + " has " + spec.numParameters()
          + " parameters, got " + parameters.length);
    if (scaler.features() != spec.inputs())
      throw new IllegalArgumentException("scaler covers " + scaler.features() + " features, network "
          + spec + " has " + spec.inputs() + " inputs");
    // The scaler is stored as JSON, which has no NaN or infinity; catch a broken fit here, not at load.
    double[] shift = scaler.shift(), factor = scaler.factor();
    for (int i = 0; i < shift.length; i++)
      if (!Double.isFinite(shift[i]) || !Double.isFinite(factor[i]))
        throw new IllegalArgumentException("scaler of feature " + i + " is not finite: shift "
            + shift[i] + ", factor " + factor[i]);
    this.parameters = parameters.clone();
  }

  public NetworkSpec spec() { return spec; }
  /** A copy: the model stays immutable. */
  public double[] parameters() { return parameters.clone(); }
  /** The backing array, for writing it out without a copy of a possibly large vector. Do not modify. */
  double[] parametersUnsafe() { return parameters; }
  public FeatureScaler scaler() { return scaler; }
  public Provenance provenance() { return provenance; }

  /** Bit-exact on parameters (Arrays.equals compares doubles by their bits). */
  @Override public boolean equals(Object o) {
    return o instanceof TrainedModel m && spec.equals(m.spec) && Arrays.equals(parameters, m.parameters)
        && scaler.equals(m.scaler) && provenance.equals(m.provenance);
  }
  @Override public int hashCode() { return Objects.hash(spec, Arrays.hashCode(parameters), scaler, provenance); }
  @Override public String toString() { return "TrainedModel " + spec + " trained on " + provenance.trainData(); }
}
