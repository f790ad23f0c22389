package io.sparkprop.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The distinct labels of a data set, ascending, gathered row by row: a sorted primitive array, so
 * a row costs a binary search and no object. Past {@link #LIMIT} distinct labels it stops adding
 * and says so ({@link #complete()} false): a label mapping is only chosen from a complete set.
 * Each kept label's rows are counted (for balanced class weights).
 */
final class LabelSet implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int LIMIT = 1 << 16;

  private double[] values = new double[0];
  /** counts[i]: rows with label values[i]. */
  private long[] counts = new long[0];
  private boolean complete = true;

  void add(double label) {
    add(label, 1);
  }

  private void add(double label, long rows) {
    int at = Arrays.binarySearch(values, label);
    if (at >= 0) {
      counts[at] += rows;
      return;
    }
    if (values.length == LIMIT) {
      complete = false;
      return;
    }
    int insert = -at - 1;
    double[] grown = new double[values.length + 1];
    System.arraycopy(values, 0, grown, 0, insert);
    grown[insert] = label;
    System.arraycopy(values, insert, grown, insert + 1, values.length - insert);
    values = grown;
    long[] grownCounts = new long[counts.length + 1];
    System.arraycopy(counts, 0, grownCounts, 0, insert);
    grownCounts[insert] = rows;
    System.arraycopy(counts, insert, grownCounts, insert + 1, counts.length - insert);
    counts = grownCounts;
  }

  void addAll(LabelSet other) {
    for (int i = 0; i < other.values.length; i++) add(other.values[i], other.counts[i]);
    complete &= other.complete;
  }

  /** The labels seen, ascending (all of them when {@link #complete()}). */
  double[] values() { return values.clone(); }

  /** The rows of each label of {@link #values()}, in the same order. */
  long[] counts() { return counts.clone(); }

  /** Whether every distinct label is in {@link #values()}. */
  boolean complete() { return complete; }
}
