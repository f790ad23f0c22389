package io.sparkprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeatureScalerTest {

  @Test
  void maxAbsDividesByTheLargestMagnitudeAndKeepsZerosZero() {
    FeatureScaler s = FeatureScaler.maxAbs(new double[] {4, 0.5, 0});
    assertEquals(FeatureScaler.Kind.MAXABS, s.kind());
    assertEquals(-1, s.apply(0, -4), 0);
    assertEquals(0.5, s.apply(0, 2), 0);
    assertEquals(1, s.apply(1, 0.5), 0);
    assertEquals(0, s.apply(1, 0), 0);
    assertEquals(3, s.apply(2, 3), 0, "a feature never seen non-zero keeps factor 1");
    assertArrayEquals(new double[3], s.shift());
    assertTrue(s.keepsZeros());
  }

  @Test
  void standardizingShiftsSoItDoesNotKeepZeros() {
    assertFalse(FeatureScaler.standardize(new double[] {1, 0}, new double[] {1, 1}).keepsZeros());
    assertTrue(FeatureScaler.identity(2).keepsZeros());
  }

  @Test
  void maxAbsHasItsCommandLineName() {
    assertEquals("maxabs", FeatureScaler.Kind.MAXABS.cliName());
  }
}
