package io.sparkprop.model;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.data.LabelMapping;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything needed to classify new data and to say how the classifier was made: the network's
 * shape and parameters, the feature scaling fitted on the training data, how the data's labels
 * map to the network's classes, and the provenance.
 */
public final class TrainedModel implements Serializable {
  private static final long serialVersionUID = 2L;  // 2: the label mapping

  private final NetworkSpec spec;
  private final double[] parameters;
  private final FeatureScaler scaler;
  private final LabelMapping labels;
  private final Provenance provenance;

  /** A model whose classes are the labels themselves ({@link LabelMapping#IDENTITY}). */
  public TrainedModel(NetworkSpec spec, double[] parameters, FeatureScaler scaler, Provenance provenance) {
    this(spec, parameters, scaler, LabelMapping.IDENTITY, provenance);
  }

  /** @param labels how the training data's labels became the classes; a table must have one label per class */
  public TrainedModel(NetworkSpec spec, double[] parameters, FeatureScaler scaler, LabelMapping labels, Provenance provenance) {
    this.spec = Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(parameters, "parameters");
    this.scaler = Objects.requireNonNull(scaler, "scaler");
    this.labels = Objects.requireNonNull(labels, "labels");
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
    if (!labels.isIdentity() && labels.classes() != spec.classes())
      throw new IllegalArgumentException("label mapping has " + labels.classes() + " labels, network " + spec
          + " has " + spec.classes() + " classes");
    this.parameters = parameters.clone();
  }

  public NetworkSpec spec() { return spec; }
  /** A copy: the model stays immutable. */
  public double[] parameters() { return parameters.clone(); }
  /** The backing array, for writing it out without a copy of a possibly large vector. Do not modify. */
  double[] parametersUnsafe() { return parameters; }
  public FeatureScaler scaler() { return scaler; }
  /** How data labels map to classes: apply it to labelled data, and {@link LabelMapping#originalLabel} to predictions. */
  public LabelMapping labels() { return labels; }
  public Provenance provenance() { return provenance; }

  /**
   * What the network was trained in, as its provenance records it: what scoring computes in unless
   * told otherwise. Double for a model whose provenance does not say (what scoring always used).
   */
  public Precision<?> trainingPrecision() {
    String recorded = provenance.config().get("precision");
    return recorded == null ? Precision.DOUBLE : Precision.parse(recorded);
  }

  /** Bit-exact on parameters (Arrays.equals compares doubles by their bits). */
  @Override public boolean equals(Object o) {
    return o instanceof TrainedModel m && spec.equals(m.spec) && Arrays.equals(parameters, m.parameters)
        && scaler.equals(m.scaler) && labels.equals(m.labels) && provenance.equals(m.provenance);
  }
  @Override public int hashCode() { return Objects.hash(spec, Arrays.hashCode(parameters), scaler, labels, provenance); }
  @Override public String toString() { return "TrainedModel " + spec + " trained on " + provenance.trainData(); }
}
