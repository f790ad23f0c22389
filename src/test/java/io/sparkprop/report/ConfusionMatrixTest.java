package io.sparkprop.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  private static final double EPS = 1e-12;

  /**
   * Hand-computed: truth 0 -> predicted 0,0,0,1; truth 1 -> 1,1,0; truth 2 -> 0,1 (class 2 never predicted).
   * Rows [3 1 0] [1 2 0] [1 1 0]; 5 of 9 correct.
   */
  static ConfusionMatrix example() {
    return new ConfusionMatrix(3)
        .add(0, 0).add(0, 0).add(0, 0).add(0, 1)
        .add(1, 1).add(1, 1).add(1, 0)
        .add(2, 0).add(2, 1);
  }

  @Test
  void metricsMatchAHandComputedExampleWithANeverPredictedClass() {
    ConfusionMatrix m = example();
    assertArrayEquals(new long[][] {{3, 1, 0}, {1, 2, 0}, {1, 1, 0}}, m.counts());
    assertEquals(9, m.total());
    assertEquals(5.0 / 9, m.accuracy(), EPS);

    assertEquals(3.0 / 5, m.precision(0), EPS);
    assertEquals(3.0 / 4, m.recall(0), EPS);
    assertEquals(2.0 / 3, m.f1(0), EPS);
    assertEquals(4, m.support(0));

    assertEquals(2.0 / 4, m.precision(1), EPS);
    assertEquals(2.0 / 3, m.recall(1), EPS);
    assertEquals(4.0 / 7, m.f1(1), EPS);

    assertTrue(m.neverPredicted(2));
    assertFalse(m.neverPredicted(0));
    assertEquals(0, m.precision(2));
    assertEquals(0, m.recall(2));
    assertEquals(0, m.f1(2));
    assertEquals(2, m.support(2));

    assertEquals((0.6 + 0.5 + 0) / 3, m.macroPrecision(), EPS);
    assertEquals((0.75 + 2.0 / 3 + 0) / 3, m.macroRecall(), EPS);
    assertEquals(26.0 / 63, m.macroF1(), EPS);
  }

  @Test
  void macroAveragesSkipAClassAbsentFromBothTruthAndPredictions() {
    ConfusionMatrix four = new ConfusionMatrix(4).merge(padded(example()));
    assertTrue(four.noSupport(3) && four.neverPredicted(3));
    assertEquals(example().macroF1(), four.macroF1(), EPS);
    assertEquals(example().macroRecall(), four.macroRecall(), EPS);
  }

  private static ConfusionMatrix padded(ConfusionMatrix three) {
    ConfusionMatrix four = new ConfusionMatrix(4);
    long[][] c = three.counts();
    for (int t = 0; t < 3; t++) for (int p = 0; p < 3; p++) for (long i = 0; i < c[t][p]; i++) four.add(t, p);
    return four;
  }

  @Test
  void anEmptyMatrixReportsZerosNotNaN() {
    ConfusionMatrix empty = new ConfusionMatrix(2);
    assertEquals(0, empty.accuracy());
    assertEquals(0, empty.precision(0));
    assertEquals(0, empty.recall(1));
    assertEquals(0, empty.f1(1));
    assertEquals(0, empty.macroF1());
  }

  @Test
  void mergeSumsCountsAsIfAllPairsWentIntoOneMatrix() {
    ConfusionMatrix a = new ConfusionMatrix(3).add(0, 0).add(0, 0).add(0, 0).add(0, 1).add(1, 1);
    ConfusionMatrix b = new ConfusionMatrix(3).add(1, 1).add(1, 0).add(2, 0).add(2, 1);
    assertArrayEquals(example().counts(), a.merge(b).counts());
    assertEquals(4, b.total()); // the argument is left alone
  }

  @Test
  void mergeRejectsAMatrixWithAnotherNumberOfClasses() {
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(3).merge(new ConfusionMatrix(4)));
  }

  @Test
  void addRejectsAClassOutsideTheRange() {
    var e = assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(3).add(0, 3));
    assertEquals("predicted class 3 outside 0..2", e.getMessage());
  }

  @Test
  void addsABlockOfLabelsAndPredictions() {
    ConfusionMatrix m = new ConfusionMatrix(3).add(new int[] {0, 0, 0, 0, 1, 1, 1, 2, 2, 9}, new int[] {0, 0, 0, 1, 1, 1, 0, 0, 1, 9}, 9);
    assertArrayEquals(example().counts(), m.counts());
  }

  @Test
  void survivesJavaSerialization() throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(example());
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertArrayEquals(example().counts(), ((ConfusionMatrix) in.readObject()).counts());
    }
  }

  @Test
  void sumsAcrossPartitionsWithSparkTreeAggregate() {
    List<int[]> pairs = new ArrayList<>();
    long[][] c = example().counts();
    for (int rep = 0; rep < 100; rep++)
      for (int t = 0; t < 3; t++) for (int p = 0; p < 3; p++) for (long i = 0; i < c[t][p]; i++) pairs.add(new int[] {t, p});
    JavaRDD<int[]> rdd = SparkTestSupport.sparkContext().parallelize(pairs, 7);
    ConfusionMatrix total = rdd.treeAggregate(new ConfusionMatrix(3), (m, pair) -> m.add(pair[0], pair[1]), ConfusionMatrix::merge, 2);
    assertEquals(900, total.total());
    assertEquals(300, total.count(0, 0));
    assertEquals(example().macroF1(), total.macroF1(), EPS);
  }

  @Test
  void textHasAPerClassRowMacroAndAccuracyLinesAndTheMatrix() {
    String text = example().toText();
    List<String> lines = text.lines().toList();
    assertEquals("class      precision     recall         f1  support", lines.get(0));
    assertEquals("0             0.6000     0.7500     0.6667        4", lines.get(1));
    assertEquals("1             0.5000     0.6667     0.5714        3", lines.get(2));
    assertEquals("2             0.0000     0.0000     0.0000        2  never predicted", lines.get(3));
    assertEquals("macro avg     0.3667     0.4722     0.4127        9", lines.get(4));
    assertEquals("accuracy                            0.5556        9", lines.get(5));
    assertEquals("(a class never predicted has precision 0)", lines.get(6));
    assertEquals("", lines.get(7));
    assertTrue(text.contains("confusion matrix (rows: true class, columns: predicted class)\n"
        + "true\\pred 0 1 2\n"
        + "        0 3 1 0\n"
        + "        1 1 2 0\n"
        + "        2 1 1 0\n"), text);
  }

  @Test
  void textStaysAlignedWithLongClassNamesAndLargeCounts() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    for (int i = 0; i < 123_456; i++) m.add(i % 3, (i / 3) % 3);
    String text = m.toText(List.of("cat", "dog", "hippopotamus"));
    List<String> matrixLines = text.lines().dropWhile(l -> !l.startsWith("confusion")).skip(1).toList();
    assertEquals(4, matrixLines.size());
    for (String line : matrixLines) assertEquals(matrixLines.get(0).length(), line.length(), text);
    assertTrue(matrixLines.get(0).endsWith("hippopotamus"));
    List<String> tableLines = text.lines().limit(6).toList();
    for (String line : tableLines) assertTrue(line.length() >= tableLines.get(0).length(), text);
  }

  @Test
  void textExplainsAClassThatNeverOccurredAndLeavesItOutOfTheMacroAverages() {
    String text = padded(example()).toText();
    assertTrue(text.contains("3             0.0000     0.0000     0.0000        0  never predicted  no true samples\n"), text);
    assertTrue(text.contains("macro avg     0.3667     0.4722     0.4127        9\n"), text);
    assertTrue(text.contains("(classes neither true nor predicted are left out of the macro averages)\n"), text);
  }

  @Test
  void mapForSummaryJsonHoldsMetricsAndMatrix() {
    Map<String, Object> map = example().toMap();
    assertEquals(5.0 / 9, (double) map.get("accuracy"), EPS);
    assertEquals(9L, map.get("total"));
    assertArrayEquals(example().counts(), (long[][]) map.get("matrix"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> perClass = (List<Map<String, Object>>) map.get("per_class");
    assertEquals(true, perClass.get(2).get("never_predicted"));
  }
}
