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
          : dialect.weighted() ? "(the model has " + (width - 2) + " features plus the label and the weight)"
          : "(the model has " + (width - 1) + " features plus the label)";
      throw new LineProblem("row has " + fields.length + " fields, expected " + width + " " + why);
    }
    int labelAt = dialect.labelIndex(width);
    if (labelAt < 0 || labelAt >= width)
      throw new LineProblem("label column " + dialect.labelColumn() + " is outside the row's " + width + " fields");
    int label = Labels.parse(fields[labelAt].trim(), expect);
    if (dialect.weighted()) return weighted(fields, labelAt, label);
    double[] features = new double[width - 1];
    for (int f = 0, k = 0; f < width; f++)
      if (f != labelAt) features[k++] = number(fields[f].trim(), f + 1);
    return new LabeledPoint(label, Vectors.dense(features));
  }

  /** A row whose weight is in the dialect's weight column; the features are the other fields but the label. */
  private LabeledPoint weighted(String[] fields, int labelAt, int label) throws LineProblem {
    int weightAt = dialect.weightIndex(width);
    if (weightAt < 0 || weightAt >= width)
      throw new LineProblem("weight column " + dialect.weightColumn() + " is outside the row's " + width + " fields");
    if (weightAt == labelAt) throw new LineProblem("weight column " + dialect.weightColumn() + " is the label column");
    String text = fields[weightAt].trim();
    double weight;
    try {
      weight = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new LineProblem("weight (field " + (weightAt + 1) + ") is not a number: '" + text + "'");
    }
    String problem = WeightedPoint.problem(weight);
    if (problem != null) throw new LineProblem("field " + (weightAt + 1) + ": " + problem);
    double[] features = new double[width - 2];
    for (int f = 0, k = 0; f < width; f++)
      if (f != labelAt && f != weightAt) features[k++] = number(fields[f].trim(), f + 1);
    return new WeightedPoint(label, Vectors.dense(features), weight);
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
