package io.sparkprop.data;

import static io.sparkprop.data.DataTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSummaryTest {
  @TempDir Path dir;

  private static JavaRDD<LabeledPoint> fixture(List<LabeledPoint> rows) {
    return sc().parallelize(rows, 3);  // a tiny test fixture: the readers never do this
  }

  @Test
  void countsFeaturesClassesMeansAndPopulationVariances() {
    // Feature 0: 1, 3, 5, 7 -> mean 4, variance (9+1+1+9)/4 = 5. Feature 1: 2, 2, 2, 6 -> mean 3, variance (1+1+1+9)/4 = 3.
    DataSummary s = DataSummary.of(fixture(List.of(
        new LabeledPoint(0, Vectors.dense(1, 2)),
        new LabeledPoint(2, Vectors.dense(3, 2)),
        new LabeledPoint(1, Vectors.dense(5, 2)),
        new LabeledPoint(0, Vectors.dense(7, 6)))), "four", 255);
    assertEquals(4, s.count());
    assertEquals(2, s.features());
    assertEquals(3, s.classes());
    assertArrayEquals(new double[] {4, 3}, s.mean(), 1e-12);
    assertArrayEquals(new double[] {5, 3}, s.variance(), 1e-12);
    assertTrue(s.uniformWidth());
  }

  @Test
  void treatsMissingSparseEntriesAsZerosAndTakesTheLargestSize() {
    // Feature 0: 2, 0, 0 -> mean 2/3, variance 4/3 - 4/9 = 8/9. Feature 2: 0, 3, 0 -> mean 1, variance 3 - 1 = 2.
    DataSummary s = DataSummary.of(fixture(List.of(
        new LabeledPoint(1, Vectors.sparse(1, new int[] {0}, new double[] {2})),
        new LabeledPoint(0, Vectors.sparse(3, new int[] {2}, new double[] {3})),
        new LabeledPoint(1, Vectors.sparse(0, new int[0], new double[0])))), "sparse", 255);
    assertEquals(3, s.features());
    assertEquals(2, s.classes());
    assertArrayEquals(new double[] {2.0 / 3, 0, 1}, s.mean(), 1e-12);
    assertArrayEquals(new double[] {8.0 / 9, 0, 2}, s.variance(), 1e-12);
  }

  @Test
  void buildsEachKindOfScaler() {
    DataSummary s = DataSummary.of(fixture(List.of(
        new LabeledPoint(0, Vectors.dense(1, 10)),
        new LabeledPoint(1, Vectors.dense(3, 10)))), "two", 255);
    FeatureScaler standardize = s.scaler(FeatureScaler.Kind.STANDARDIZE);
    assertEquals(-1, standardize.apply(0, 1), 1e-12);
    assertEquals(0, standardize.apply(1, 10), 1e-12, "a constant feature is only centred");
    assertEquals(FeatureScaler.divideBy(2, 255), s.scaler(FeatureScaler.Kind.DIVIDE));
    assertEquals(FeatureScaler.identity(2), s.scaler(FeatureScaler.Kind.NONE));
  }

  @Test
  void rejectsAnEmptyDataSet() {
    assertEquals("nothing: no rows", dataError(() -> DataSummary.of(fixture(List.of()), "nothing", 255)).getMessage());
  }

  @Test
  void rejectsASingleClass() {
    assertEquals("one: all 2 rows have label 0: a classifier needs at least 2 classes", dataError(() -> DataSummary.of(fixture(List.of(
        new LabeledPoint(0, Vectors.dense(1)), new LabeledPoint(0, Vectors.dense(2)))), "one", 255)).getMessage());
  }

  @Test
  void summarizesAReadDataSetWithItsSourcesDivisor() {
    DataSource source = DataSources.open("spiral:3:20", DataOptions.DEFAULTS);
    DataSummary s = DataSummary.of(source.read(sc(), DataSource.Expectations.NONE, 4), source);
    assertEquals(60, s.count());
    assertEquals(2, s.features());
    assertEquals(3, s.classes());
    assertEquals(source.fixedScaler(2), s.scaler(FeatureScaler.Kind.DIVIDE));
  }

  @Test
  void countsNonZerosDensityAndLargestMagnitudesOfSparseRows() {
    // 3 rows x 4 features; stored entries 2, -5, 0 (a stored zero), 1: three non-zeros.
    DataSummary s = DataSummary.of(fixture(List.of(
        new LabeledPoint(1, Vectors.sparse(4, new int[] {0, 3}, new double[] {2, -5})),
        new LabeledPoint(0, Vectors.sparse(4, new int[] {3}, new double[] {0})),
        new LabeledPoint(1, Vectors.sparse(4, new int[] {0}, new double[] {1})))), "sparse", 255);
    assertEquals(3, s.nonZeros());
    assertEquals(3.0 / 12, s.density(), 0);
    assertTrue(s.sparseRows());
    assertArrayEquals(new double[] {2, 0, 0, 5}, s.maxAbs(), 0);
  }

  @Test
  void countsNonZerosOfDenseRowsAndSaysTheyAreNotAllSparse() {
    DataSummary s = DataSummary.of(fixture(List.of(
        new LabeledPoint(0, Vectors.dense(0, -3)),
        new LabeledPoint(1, Vectors.sparse(2, new int[] {0}, new double[] {1.5})))), "mixed", 255);
    assertEquals(2, s.nonZeros());
    assertEquals(0.5, s.density(), 0);
    assertFalse(s.sparseRows());
    assertArrayEquals(new double[] {1.5, 3}, s.maxAbs(), 0);
  }

  @Test
  void densityOfMoreEntriesThanAnIntCountsDoesNotOverflow() {
    // 4,096 rows x 2^20 features = 2^32 entries: an int product would wrap to 0.
    int features = 1 << 20;
    List<LabeledPoint> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 4096; i++) rows.add(new LabeledPoint(i % 2, Vectors.sparse(features, new int[] {i}, new double[] {1})));
    DataSummary s = DataSummary.of(fixture(rows), "wide", 255);
    assertEquals(features, s.features());
    assertEquals(4096, s.nonZeros());
    assertEquals(1.0 / features, s.density(), 0);
  }

  @Test
  void buildsAMaxAbsScalerFromTheLargestMagnitudes() {
    DataSummary s = DataSummary.of(fixture(List.of(
        new LabeledPoint(0, Vectors.dense(-4, 0)),
        new LabeledPoint(1, Vectors.dense(2, 0)))), "two", 255);
    assertEquals(FeatureScaler.maxAbs(new double[] {4, 0}), s.scaler(FeatureScaler.Kind.MAXABS));
  }

  @Test
  void readsMinusOneAndPlusOneAsTwoClasses() {
    DataSummary s = DataSummary.of(fixture(List.of(
        new LabeledPoint(1, Vectors.dense(1)), new LabeledPoint(-1, Vectors.dense(2)), new LabeledPoint(-1, Vectors.dense(3)))), "pm", 255);
    assertEquals(LabelMapping.plusMinusOne(), s.labels());
    assertEquals(2, s.classes());
    assertArrayEquals(new double[] {-1, 1}, s.distinctLabels(), 0);
    assertFalse(s.classZeroUnused());
  }

  @Test
  void keepsClassIndicesAsTheyAreAndNoticesAnUnusedClassZero() {
    DataSummary s = DataSummary.of(fixture(List.of(
        new LabeledPoint(1, Vectors.dense(1)), new LabeledPoint(3, Vectors.dense(2)), new LabeledPoint(2, Vectors.dense(3)))), "1..3", 255);
    assertTrue(s.labels().isIdentity());
    assertEquals(4, s.classes());
    assertTrue(s.classZeroUnused());
    assertFalse(DataSummary.of(fixture(List.of(new LabeledPoint(0, Vectors.dense(1)), new LabeledPoint(1, Vectors.dense(2)))),
        "0..1", 255).classZeroUnused());
  }

  @Test
  void rejectsMinusOneAmongClassIndices() {
    assertEquals("mixed: label -1 is not a class index: -1 is read as class 0 only in data labelled -1/+1 alone",
        dataError(() -> DataSummary.of(fixture(List.of(new LabeledPoint(0, Vectors.dense(1)),
            new LabeledPoint(-1, Vectors.dense(2)), new LabeledPoint(1, Vectors.dense(3)))), "mixed", 255)).getMessage());
  }

  @Test
  void rejectsMinusOneAlone() {
    assertEquals("neg: all 2 rows have label -1: a classifier needs at least 2 classes", dataError(() -> DataSummary.of(fixture(List.of(
        new LabeledPoint(-1, Vectors.dense(1)), new LabeledPoint(-1, Vectors.dense(2)))), "neg", 255)).getMessage());
  }

  @Test
  void namesTheLineOfAMinusOneAmongClassIndicesInAFile() {
    Path file = write(dir.resolve("mixed.libsvm"), "0 1:1\n1 1:2\n-1 1:3\n");
    DataSource source = open(file);
    assertEquals(file + ":3: label -1 is not a class index: -1 is read as class 0 only in data labelled -1/+1 alone",
        dataError(() -> DataSummary.of(source.read(sc(), DataSource.Expectations.NONE, 2), source)).getMessage());
  }
}
