package io.sparkprop.data;

/**
 * Class labels: integers written as 3, 3.0 or +1. Non-negative ones are class indices; -1 is kept
 * for the summary to decide (see {@link LabelMapping#chooseFor}) unless the expectations know the
 * labels, whose mapping then gives each label its class or refuses it.
 */
final class Labels {
  private Labels() {}

  /** The class of the label written as {@code token} (or, with the labels unknown, the label itself). */
  static int parse(String token, DataSource.Expectations expect) throws LineProblem {
    double value;
    try {
      value = Double.parseDouble(token);
    } catch (NumberFormatException e) {
      throw notAClassIndex(token);
    }
    if (!(value >= -1) || value != Math.rint(value) || value > Integer.MAX_VALUE) throw notAClassIndex(token);
    int label = (int) value;
    String problem = problem(label, expect);
    if (problem != null) throw new LineProblem(problem);
    return classOf(label, expect);
  }

  /** The problem with original label {@code label} under {@code expect}'s mapping and class count, or null if none. */
  static String problem(int label, DataSource.Expectations expect) {
    if (!expect.knowsLabels()) return outOfRange(label, expect);
    String problem = expect.labels().problem(label);
    return problem != null ? problem : outOfRange(expect.labels().classOf(label), expect);
  }

  /** The class that {@code expect} gives original label {@code label}: the label itself when the labels are unknown. */
  static int classOf(int label, DataSource.Expectations expect) {
    return expect.knowsLabels() ? expect.labels().classOf(label) : label;
  }

  /** The problem with class {@code label} for a model of {@code expect.classes()} classes, or null if none. */
  static String outOfRange(int label, DataSource.Expectations expect) {
    if (!expect.knowsClasses() || label < expect.classes()) return null;
    return "label " + label + " out of range: the model has " + expect.classes() + " classes (0.." + (expect.classes() - 1) + ")";
  }

  private static LineProblem notAClassIndex(String token) {
    return new LineProblem("label must be a class index (a non-negative integer), found '" + token + "'");
  }
}
