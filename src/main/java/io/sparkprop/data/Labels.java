package io.sparkprop.data;

/** Class labels: non-negative integers, written as 3 or 3.0. */
final class Labels {
  private Labels() {}

  static int parse(String token, DataSource.Expectations expect) throws LineProblem {
    double value;
    try {
      value = Double.parseDouble(token);
    } catch (NumberFormatException e) {
      throw notAClassIndex(token);
    }
    if (!(value >= 0) || value != Math.rint(value) || value > Integer.MAX_VALUE) throw notAClassIndex(token);
    int label = (int) value;
    String problem = outOfRange(label, expect);
    if (problem != null) throw new LineProblem(problem);
    return label;
  }

  /** The problem with {@code label} for a model of {@code expect.classes()} classes, or null if none. */
  static String outOfRange(int label, DataSource.Expectations expect) {
    if (!expect.knowsClasses() || label < expect.classes()) return null;
    return "label " + label + " out of range: the model has " + expect.classes() + " classes (0.." + (expect.classes() - 1) + ")";
  }

  private static LineProblem notAClassIndex(String token) {
    return new LineProblem("label must be a class index (a non-negative integer), found '" + token + "'");
  }
}
