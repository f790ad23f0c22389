package io.sparkprop.model;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import java.util.Map;
import java.util.SplittableRandom;

/** Small models with awkward values, for round trips. */
final class ModelFixtures {
  private ModelFixtures() {}

  static Provenance provenance(String testData) {
    return new Provenance("hdfs:///data/train.csv", 60_000, testData,
        Map.of("learning_rate", "0.1", "epochs", "20", "activation", "tanh"),
        "4.1.0", "0.1.0-SNAPSHOT", "2025-01-31T12:34:56Z", "local[4]");
  }

  static TrainedModel model(int inputs, int[] hidden, int classes, long seed) {
    NetworkSpec spec = NetworkSpec.of(inputs, hidden, classes, Activation.TANH);
    SplittableRandom random = new SplittableRandom(seed);
    double[] parameters = new double[spec.numParameters()];
    for (int i = 0; i < parameters.length; i++) parameters[i] = random.nextGaussian();
    // Values a text format would mangle: signed zero, subnormals, extremes.
    double[] awkward = {-0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1.0 / 3, Math.ulp(1.0), Double.longBitsToDouble(0x7ff8_0000_0000_1234L)};
    System.arraycopy(awkward, 0, parameters, 0, Math.min(awkward.length, parameters.length));
    double[] mean = new double[inputs], variance = new double[inputs];
    for (int i = 0; i < inputs; i++) {
      mean[i] = random.nextDouble() * 100 - 50;
      variance[i] = i == 0 ? 0 : random.nextDouble() * 7 + 1e-3; // feature 0 constant
    }
    return new TrainedModel(spec, parameters, FeatureScaler.standardize(mean, variance), provenance("file:/data/test.csv"));
  }

  static TrainedModel model() { return model(4, new int[] {5}, 3, 42); }
}
