package io.sparkprop.data;

import static io.sparkprop.data.DataTestSupport.sc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.junit.jupiter.api.Test;

class LabelMappingTest {

  @Test
  void choosesPlusMinusOneOnlyForLabelsWithinMinusOneAndPlusOne() {
    assertEquals(LabelMapping.plusMinusOne(), LabelMapping.chooseFor(new double[] {-1, 1}));
    assertEquals(LabelMapping.plusMinusOne(), LabelMapping.chooseFor(new double[] {-1}));
    assertTrue(LabelMapping.chooseFor(new double[] {0, 1}).isIdentity());
    assertTrue(LabelMapping.chooseFor(new double[] {1}).isIdentity(), "+1 alone is class 1, as before");
    assertTrue(LabelMapping.chooseFor(new double[] {-1, 0, 1}).isIdentity(), "-1 among class indices is refused, not mapped");
    assertTrue(LabelMapping.chooseFor(new double[] {-1, 1, 2}).isIdentity());
  }

  @Test
  void plusMinusOneMapsBothWaysAndRefusesOtherLabels() {
    LabelMapping m = LabelMapping.plusMinusOne();
    assertEquals(0, m.classOf(-1));
    assertEquals(1, m.classOf(1));
    assertEquals(-1, m.classOf(0));
    assertEquals(-1, m.originalLabel(0));
    assertEquals(1, m.originalLabel(1));
    assertEquals(2, m.classes());
    assertNull(m.problem(-1));
    assertEquals("label 0 is not one of the model's labels (-1, +1)", m.problem(0));
    assertEquals("-1/+1 read as classes 0/1", m.describe());
  }

  @Test
  void identityTakesClassIndicesAndRefusesMinusOne() {
    LabelMapping m = LabelMapping.IDENTITY;
    assertEquals(7, m.classOf(7));
    assertEquals(7, m.originalLabel(7));
    assertNull(m.originalLabels());
    assertEquals("label -1 is not a class index: -1 is read as class 0 only in data labelled -1/+1 alone", m.problem(-1));
  }

  @Test
  void aTableMustAscendAndHaveTwoLabels() {
    assertThrows(IllegalArgumentException.class, () -> LabelMapping.of(new int[] {1, -1}));
    assertThrows(IllegalArgumentException.class, () -> LabelMapping.of(new int[] {3}));
    assertEquals("1/2/3 read as classes 0/1/2", LabelMapping.of(new int[] {1, 2, 3}).describe());
  }

  @Test
  void mapsRowsKeepingFeaturesAndOrder() {
    List<LabeledPoint> rows = List.of(new LabeledPoint(1, Vectors.dense(5)), new LabeledPoint(-1, Vectors.dense(6)),
        new LabeledPoint(1, Vectors.sparse(3, new int[] {2}, new double[] {7})));
    List<LabeledPoint> mapped = LabelMapping.plusMinusOne().apply(sc().parallelize(rows, 2)).collect();
    assertArrayEquals(new double[] {1, 0, 1}, mapped.stream().mapToDouble(LabeledPoint::label).toArray());
    for (int i = 0; i < rows.size(); i++) assertEquals(rows.get(i).features(), mapped.get(i).features());
  }

  @Test
  void identityReturnsTheRowsThemselves() {
    JavaRDD<LabeledPoint> rows = sc().parallelize(List.of(new LabeledPoint(0, Vectors.dense(1))), 1);
    assertSame(rows, LabelMapping.IDENTITY.apply(rows));
  }

  @Test
  void equalityFollowsTheTable() {
    assertEquals(LabelMapping.plusMinusOne(), LabelMapping.of(new int[] {-1, 1}));
    assertFalse(LabelMapping.plusMinusOne().equals(LabelMapping.IDENTITY));
  }
}
