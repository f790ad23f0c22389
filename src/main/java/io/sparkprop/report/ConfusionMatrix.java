package io.sparkprop.report;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Counts of (true class, predicted class) pairs for a K-class classifier: rows are the true class,
 * columns the predicted one. A mutable accumulator: {@link #add} and {@link #merge} return this, so
 * it serves directly as the zero value, seqOp and combOp of Spark's treeAggregate.
 *
 * <p>Metrics never return NaN. A class that was never predicted has precision 0 (there is nothing
 * to be precise about) and is flagged by {@link #neverPredicted}; a class absent from the truth
 * has recall 0 and is flagged by {@link #noSupport}; F1 is 0 when precision and recall are both 0.
 */
public final class ConfusionMatrix implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int classes;
  /** counts[truth * classes + predicted] */
  private final long[] counts;

  public ConfusionMatrix(int classes) {
    if (classes < 1) throw new IllegalArgumentException("need at least one class, got " + classes);
    if ((long) classes * classes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("too many classes: " + classes);
    this.classes = classes;
    this.counts = new long[classes * classes];
  }

  /** A matrix holding {@code counts[truth][predicted]}, e.g. as summed by a distributed evaluation. */
  public static ConfusionMatrix of(long[][] counts) {
    ConfusionMatrix m = new ConfusionMatrix(counts.length);
    for (int t = 0; t < counts.length; t++) {
      if (counts[t].length != counts.length) throw new IllegalArgumentException("confusion counts must be square");
      for (int p = 0; p < counts.length; p++) {
        if (counts[t][p] < 0) throw new IllegalArgumentException("negative count at (" + t + ", " + p + ")");
        m.counts[t * counts.length + p] = counts[t][p];
      }
    }
    return m;
  }

  public int classes() { return classes; }

  public ConfusionMatrix add(int truth, int predicted) {
    check(truth, "true class");
    check(predicted, "predicted class");
    counts[truth * classes + predicted]++;
    return this;
  }

  /** Adds the first {@code n} pairs, e.g. a block's labels and the network's predictions for it. */
  public ConfusionMatrix add(int[] truths, int[] predictions, int n) {
    for (int i = 0; i < n; i++) add(truths[i], predictions[i]);
    return this;
  }

  /** Adds {@code other}'s counts into this matrix. */
  public ConfusionMatrix merge(ConfusionMatrix other) {
    if (other.classes != classes)
      throw new IllegalArgumentException("cannot merge a " + other.classes + "-class matrix into a " + classes + "-class one");
    for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
    return this;
  }

  public long count(int truth, int predicted) {
    check(truth, "true class");
    check(predicted, "predicted class");
    return counts[truth * classes + predicted];
  }

  /** A copy of the counts, [truth][predicted]. */
  public long[][] counts() {
    long[][] rows = new long[classes][];
    for (int t = 0; t < classes; t++) rows[t] = java.util.Arrays.copyOfRange(counts, t * classes, (t + 1) * classes);
    return rows;
  }

  public long total() {
    long sum = 0;
    for (long c : counts) sum += c;
    return sum;
  }

  public long correct() {
    long sum = 0;
    for (int k = 0; k < classes; k++) sum += counts[k * classes + k];
    return sum;
  }

  /** Samples whose true class is k (the row sum). */
  public long support(int k) {
    check(k, "class");
    long sum = 0;
    for (int p = 0; p < classes; p++) sum += counts[k * classes + p];
    return sum;
  }

  /** Samples predicted as class k (the column sum). */
  public long predictedCount(int k) {
    check(k, "class");
    long sum = 0;
    for (int t = 0; t < classes; t++) sum += counts[t * classes + k];
    return sum;
  }

  public boolean neverPredicted(int k) { return predictedCount(k) == 0; }
  public boolean noSupport(int k) { return support(k) == 0; }

  /** Fraction of samples classified correctly; 0 for an empty matrix. */
  public double accuracy() { return ratio(correct(), total()); }

  public double precision(int k) { return ratio(count(k, k), predictedCount(k)); }
  public double recall(int k) { return ratio(count(k, k), support(k)); }

  public double f1(int k) {
    double p = precision(k), r = recall(k);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /**
   * Unweighted means over the classes that occur in the truth or the predictions (as scikit-learn
   * does), so a class a data set simply lacks does not drag the average down.
   */
  public double macroPrecision() { return macro(this::precision); }
  public double macroRecall() { return macro(this::recall); }
  public double macroF1() { return macro(this::f1); }

  private double macro(java.util.function.IntToDoubleFunction metric) {
    double sum = 0;
    int seen = 0;
    for (int k = 0; k < classes; k++) {
      if (noSupport(k) && neverPredicted(k)) continue;
      sum += metric.applyAsDouble(k);
      seen++;
    }
    return seen == 0 ? 0 : sum / seen;
  }

  /** The report with classes named 0..K-1. */
  public String toText() {
    return toText(IntStream.range(0, classes).mapToObj(Integer::toString).collect(Collectors.toList()));
  }

  /** The per-class table, then the matrix, in aligned columns for a terminal. */
  public String toText(List<String> classNames) {
    return ConfusionMatrixText.render(this, classNames);
  }

  /** For summary.json: overall and per-class metrics, and the matrix as [truth][predicted]. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("classes", classes);
    map.put("total", total());
    map.put("accuracy", accuracy());
    map.put("macro_precision", macroPrecision());
    map.put("macro_recall", macroRecall());
    map.put("macro_f1", macroF1());
    List<Map<String, Object>> perClass = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("class", k);
      c.put("precision", precision(k));
      c.put("recall", recall(k));
      c.put("f1", f1(k));
      c.put("support", support(k));
      c.put("never_predicted", neverPredicted(k));
      perClass.add(c);
    }
    map.put("per_class", perClass);
    map.put("matrix", counts());
    return map;
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }

  private void check(int k, String what) {
    if (k < 0 || k >= classes) throw new IllegalArgumentException(what + " " + k + " outside 0.." + (classes - 1));
  }
}
