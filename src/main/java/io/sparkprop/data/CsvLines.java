package io.sparkprop.data;

import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;

/** Parses the CSV lines of one split into dense rows, checking that all rows have the same width. */
final class CsvLines implements LineParser {
  private final CsvDialect dialect;
  private final DataSource.Expectations expect;
  private int width;
  private final boolean widthFromFirstRow;

  /**
   * @param width             the number of fields every row must have, or -1 to take it from the first row seen
   * @param widthFromFirstRow whether {@code width} came from the file's first row (rather than from the model)
   */
  CsvLines(CsvDialect dialect, DataSource.Expectations expect, int width, boolean widthFromFirstRow) {
    this.dialect = dialect;
    this.expect = expect;
    this.width = width;
    this.widthFromFirstRow = widthFromFirstRow || width < 0;
  }

  @Override
  public LabeledPoint parse(long offset, String line) throws LineProblem {
    if (line.isBlank()) return null;
    if (offset == 0 && dialect.isHeader(line)) return null;
    String[] fields = dialect.fields(line);
    if (width < 0) width = fields.length;
    if (fields.length != width) {
      String why = widthFromFirstRow ? "(the first row had " + width + ")"
          : "(the model has " + (width - 1) + " features plus the label)";
      throw new LineProblem("row has " + fields.length + " fields, expected " + width + " " + why);
    }
    int labelAt = dialect.labelIndex(width);
    if (labelAt < 0 || labelAt >= width)
      throw new LineProblem("label column " + dialect.labelColumn() + " is outside the row's " + width + " fields");
    int label = Labels.parse(fields[labelAt].trim(), expect);
    double[] features = new double[width - 1];
    for (int f = 0, k = 0; f < width; f++)
      if (f != labelAt) features[k++] = number(fields[f].trim(), f + 1);
    return new LabeledPoint(label, Vectors.dense(features));
  }

  private static double number(String text, int column) throws LineProblem {
    if (text.isEmpty()) throw new LineProblem("field " + column + " is empty");
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new LineProblem("field " + column + " is not a number: '" + text + "'");
    }
    if (!Double.isFinite(value)) throw new LineProblem("field " + column + " is " + text + ": values must be finite");
    return value;
  }
}
