package io.sparkprop.data;

import static io.sparkprop.data.DataTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sparkprop.data.DataSource.Expectations;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.junit.jupiter.api.Test;

class SpiralDataSourceTest {

  private static DataSource spiral(String spec, long seed) {
    return DataSources.open(spec, DataOptions.DEFAULTS.withSeed(seed));
  }

  @Test
  void isTheSameForAnyNumberOfPartitions() {
    DataSource source = spiral("spiral:4:50", 7);
    assertEquals(rows(source, Expectations.NONE, 1), rows(source, Expectations.NONE, 4));
  }

  @Test
  void hasNPointsOfEachOfKClasses() {
    DataSource source = spiral("spiral:5:30", 1);
    assertEquals("spiral (5 classes x 30 points)", source.describe());
    Map<Double, Long> perClass = rows(source, Expectations.NONE, 3).stream()
        .collect(Collectors.groupingBy(LabeledPoint::label, Collectors.counting()));
    assertEquals(Map.of(0.0, 30L, 1.0, 30L, 2.0, 30L, 3.0, 30L, 4.0, 30L), perClass);
  }

  @Test
  void placesPointsOnTheArmsWithTheNoiseOfTheirIndex() {
    List<LabeledPoint> rows = rows(spiral("spiral", 3));
    assertEquals(300, rows.size());
    // Class 1, point 50 of 100: r = 50/99, t = 4 + 4 * 50/99 + 0.2 * noise(seed 3, global index 150).
    double r = 50.0 / 99;
    double t = 4 + 4 * r + 0.2 * new SplittableRandom(SpiralDataSource.mix(3, 150)).nextGaussian();
    LabeledPoint p = rows.get(150);
    assertEquals(1.0, p.label());
    assertEquals(r * Math.sin(t), p.features().apply(0), 1e-15);
    assertEquals(r * Math.cos(t), p.features().apply(1), 1e-15);
    assertEquals(0, rows.get(0).features().apply(0), 0, "the first point of an arm is at the centre");
  }

  @Test
  void dependsOnTheSeed() {
    assertNotEquals(rows(spiral("spiral:2:10", 1)), rows(spiral("spiral:2:10", 2)));
  }

  @Test
  void rejectsAModelItDoesNotFit() {
    assertEquals("spiral (3 classes x 100 points): label 2 out of range: the model has 2 classes (0..1)",
        dataError(() -> spiral("spiral", 1).read(sc(), new Expectations(2, 2), 1)).getMessage());
    assertEquals("spiral (3 classes x 100 points): spiral points have 2 features, the model expects 5",
        dataError(() -> spiral("spiral", 1).read(sc(), new Expectations(5, 3), 1)).getMessage());
  }

  @Test
  void rejectsMalformedSpecs() {
    assertEquals("spiral:x: expected spiral, spiral:K or spiral:K:N (K classes of N points)",
        dataError(() -> spiral("spiral:x", 1)).getMessage());
    assertEquals("spiral:1: a spiral needs at least 2 classes, was 1", dataError(() -> spiral("spiral:1", 1)).getMessage());
  }
}
