package io.sparkprop.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The distinct labels of a data set, ascending, gathered row by row: a sorted primitive array, so
 * a row costs a binary search and no object. Past {@link #LIMIT} distinct labels it stops adding
 * and says so ({@link #complete()} false): a label mapping is only chosen from a complete set.
 */
final class LabelSet implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int LIMIT = 1 << 16;

  private double[] values = new double[0];
  private boolean complete = true;

  void add(double label) {
    int at = Arrays.binarySearch(values, label);
    if (at >= 0) return;
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
  }

  void addAll(LabelSet other) {
    for (double v : other.values) add(v);
    complete &= other.complete;
  }

  /** The labels seen, ascending (all of them when {@link #complete()}). */
  double[] values() { return values.clone(); }

  /** Whether every distinct label is in {@link #values()}. */
  boolean complete() { return complete; }
}
