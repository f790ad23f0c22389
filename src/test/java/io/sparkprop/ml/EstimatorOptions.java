package io.sparkprop.ml;

import io.sparkprop.train.TrainingConfig;
import org.apache.spark.ml.param.Param;

/** For tests outside this package: the estimator's Param for a training option, and the config its Params make. */
public final class EstimatorOptions {
  private EstimatorOptions() {}

  /** The Param for command-line option {@code option} (no dashes), by {@link NeuralNetClassifier#paramName}. */
  public static Param<?> param(NeuralNetClassifier classifier, String option) {
    return classifier.getParam(NeuralNetClassifier.paramName(option));
  }

  /** What {@code fit} would train with. */
  public static TrainingConfig trainingConfig(NeuralNetClassifier classifier) {
    return classifier.trainingConfig();
  }
}
