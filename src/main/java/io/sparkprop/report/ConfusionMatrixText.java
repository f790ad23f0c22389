package io.sparkprop.report;

import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link ConfusionMatrix} for a terminal: a per-class table (precision, recall, F1,
 * support, flags), the macro averages and accuracy, then the counts with row and column headers.
 * Widths follow the widest entry, so large counts and long class names stay aligned.
 */
final class ConfusionMatrixText {
  private static final String MACRO = "macro avg";
  private static final String ACCURACY = "accuracy";
  private static final String CORNER = "true\\pred";

  private ConfusionMatrixText() {}

  static String render(ConfusionMatrix m, List<String> names) {
    int k = m.classes();
    if (names.size() != k) throw new IllegalArgumentException(names.size() + " class names for " + k + " classes");
    StringBuilder out = new StringBuilder();
    metricsTable(m, names, out);
    out.append('\n');
    matrix(m, names, out);
    return out.toString();
  }

  private static void metricsTable(ConfusionMatrix m, List<String> names, StringBuilder out) {
    int nameWidth = Math.max(widest(names), Math.max("class".length(), MACRO.length()));
    int supportWidth = Math.max("support".length(), Long.toString(m.total()).length());
    String row = "%-" + nameWidth + "s  %9s  %9s  %9s  %" + supportWidth + "s%s%n";
    out.append(String.format(Locale.ROOT, row, "class", "precision", "recall", "f1", "support", ""));
    boolean anyNeverPredicted = false, anyNoSupport = false, anyUnseen = false;
    for (int c = 0; c < m.classes(); c++) {
      String flags = "";
      if (m.neverPredicted(c)) flags += "  never predicted";
      if (m.noSupport(c)) flags += "  no true samples";
      anyNeverPredicted |= m.neverPredicted(c);
      anyNoSupport |= m.noSupport(c);
      anyUnseen |= m.neverPredicted(c) && m.noSupport(c);
      out.append(String.format(Locale.ROOT, row, names.get(c), fixed(m.precision(c)), fixed(m.recall(c)),
          fixed(m.f1(c)), m.support(c), flags));
    }
    out.append(String.format(Locale.ROOT, row, MACRO, fixed(m.macroPrecision()), fixed(m.macroRecall()),
        fixed(m.macroF1()), m.total(), ""));
    out.append(String.format(Locale.ROOT, row, ACCURACY, "", "", fixed(m.accuracy()), m.total(), ""));
    // Say why the flagged zeros are zeros, so nobody reads them as measured.
    if (anyNeverPredicted) out.append("(a class never predicted has precision 0)\n");
    if (anyNoSupport) out.append("(a class with no true samples has recall 0)\n");
    if (anyUnseen) out.append("(classes neither true nor predicted are left out of the macro averages)\n");
  }

  private static void matrix(ConfusionMatrix m, List<String> names, StringBuilder out) {
    int k = m.classes();
    long[][] counts = m.counts();
    long largest = 0;
    for (long[] r : counts) for (long c : r) largest = Math.max(largest, c);
    int cell = Math.max(widest(names), Long.toString(largest).length());
    int header = Math.max(widest(names), CORNER.length());
    out.append("confusion matrix (rows: true class, columns: predicted class)\n");
    out.append(pad(CORNER, header));
    for (String name : names) out.append(' ').append(pad(name, cell));
    out.append('\n');
    for (int t = 0; t < k; t++) {
      out.append(pad(names.get(t), header));
      for (int p = 0; p < k; p++) out.append(' ').append(pad(Long.toString(counts[t][p]), cell));
      out.append('\n');
    }
  }

  private static String fixed(double v) { return String.format(Locale.ROOT, "%.4f", v); }

  private static String pad(String s, int width) { return " ".repeat(Math.max(0, width - s.length())) + s; }

  private static int widest(List<String> names) {
    int w = 0;
    for (String n : names) w = Math.max(w, n.length());
    return w;
  }
}
