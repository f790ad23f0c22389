package io.sparkprop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.data.LabelMapping;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainedModelTest {
  private static final NetworkSpec SPEC = NetworkSpec.of(2, new int[] {3}, 2, Activation.RELU); // 9 + 8 = 17

  @Test
  void rejectsAParameterVectorOfTheWrongLength() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new TrainedModel(SPEC, new double[16], FeatureScaler.identity(2), ModelFixtures.provenance(null)));
    assertEquals("network [2, 3, 2] relu has 17 parameters, got 16", e.getMessage());
  }

  @Test
  void rejectsAScalerForAnotherNumberOfFeatures() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new TrainedModel(SPEC, new double[17], FeatureScaler.identity(3), ModelFixtures.provenance(null)));
    assertEquals("scaler covers 3 features, network [2, 3, 2] relu has 2 inputs", e.getMessage());
  }

  @Test
  void rejectsANonFiniteScaler() {
    FeatureScaler broken = new FeatureScaler(FeatureScaler.Kind.STANDARDIZE, new double[] {0, Double.NaN}, new double[] {1, 1});
    assertThrows(IllegalArgumentException.class,
        () -> new TrainedModel(SPEC, new double[17], broken, ModelFixtures.provenance(null)));
  }

  @Test
  void rejectsALabelMappingForAnotherNumberOfClasses() {
    var e = assertThrows(IllegalArgumentException.class, () -> new TrainedModel(SPEC, new double[17], FeatureScaler.identity(2),
        LabelMapping.of(new int[] {1, 2, 3}), ModelFixtures.provenance(null)));
    assertEquals("label mapping has 3 labels, network [2, 3, 2] relu has 2 classes", e.getMessage());
  }

  @Test
  void aModelWithoutAMappingTakesLabelsAsClasses() {
    assertTrue(new TrainedModel(SPEC, new double[17], FeatureScaler.identity(2), ModelFixtures.provenance(null)).labels().isIdentity());
  }

  @Test
  void parametersAreCopiedInAndOut() {
    double[] params = new double[17];
    TrainedModel m = new TrainedModel(SPEC, params, FeatureScaler.identity(2), ModelFixtures.provenance(null));
    params[0] = 5;
    assertEquals(0, m.parameters()[0]);
    m.parameters()[1] = 5;
    assertEquals(0, m.parameters()[1]);
  }

  @Test
  void provenanceKeepsConfigSortedAndUnmodifiable() {
    Map<String, String> config = new HashMap<>(Map.of("zeta", "1", "alpha", "2", "mid", "3"));
    Provenance p = new Provenance("train.csv", 10, null, config, "4.1.0", "dev", "2025-01-01T00:00:00Z", "local");
    config.put("late", "4");
    assertEquals(List.of("alpha", "mid", "zeta"), List.copyOf(p.config().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> p.config().put("x", "y"));
  }

  @Test
  void provenanceRejectsATimestampThatIsNotAnIsoInstant() {
    assertThrows(IllegalArgumentException.class,
        () -> new Provenance("t", 1, null, Map.of(), "4.1.0", "dev", "31/01/2025 12:00", "local"));
  }

  @Test
  void capturedProvenanceRecordsThisSparkAndANowTimestamp() {
    Provenance p = Provenance.capture("train.csv", 100, "test.csv", Map.of("epochs", "3"), "local[2]");
    assertEquals("4.2.0", p.sparkVersion());
    assertEquals(SparkpropVersion.current(), p.sparkpropVersion());
    assertTrue(p.createdAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), p.createdAt());
    assertNotEquals(null, p.config().get("epochs"));
  }
}
