package io.sparkprop.data;

import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;

/** Parses one LIBSVM line into a sparse row (0-based indices, as mllib stores them). */
final class LibsvmLines {
  private LibsvmLines() {}

  /**
   * @param numFeatures the data set's declared width (--num-features), or 0 for none
   * @return the row, or null for a blank or comment line. The vector's size is
   *     {@code expect.features()} when known, else {@code numFeatures} when given, else the line's
   *     largest (1-based) index.
   */
  static LabeledPoint parse(String line, DataSource.Expectations expect, int numFeatures) throws LineProblem {
    int hash = line.indexOf('#');
    String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
    if (content.isEmpty()) return null;
    String[] tokens = content.split("\\s+");
    int label = Labels.parse(tokens[0], expect);
    int[] indices = new int[tokens.length - 1];
    double[] values = new double[tokens.length - 1];
    int previous = 0;
    for (int t = 1; t < tokens.length; t++) {
      String token = tokens[t];
      int colon = token.indexOf(':');
      if (colon <= 0 || colon == token.length() - 1)
        throw new LineProblem("malformed token '" + token + "': expected index:value");
      int index = parseIndex(token.substring(0, colon));
      if (index <= previous)
        throw new LineProblem("feature index " + index + " after " + previous + ": indices must increase");
      if (numFeatures > 0 && index > numFeatures)
        throw new LineProblem("feature index " + index + " beyond --num-features " + numFeatures);
      if (expect.knowsFeatures() && index > expect.features())
        throw new LineProblem("feature index " + index + " above the model's " + expect.features() + " features");
      indices[t - 1] = index - 1;
      values[t - 1] = parseValue(token.substring(colon + 1), index);
      previous = index;
    }
    int size = expect.knowsFeatures() ? expect.features() : numFeatures > 0 ? numFeatures : previous;
    return new LabeledPoint(label, Vectors.sparse(size, indices, values));
  }

  private static int parseIndex(String text) throws LineProblem {
    int index;
    try {
      index = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      if (text.matches("\\+?[0-9]+"))
        throw new LineProblem("feature index " + text + " is above " + Integer.MAX_VALUE + ", the largest the format allows");
      throw new LineProblem("feature index '" + text + "' is not a positive integer");
    }
    if (index == 0) throw new LineProblem("feature index 0 is below the format's base 1");
    if (index < 0) throw new LineProblem("feature index '" + text + "' is not a positive integer");
    return index;
  }

  private static double parseValue(String text, int index) throws LineProblem {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new LineProblem("feature " + index + " value '" + text + "' is not a number");
    }
    if (!Double.isFinite(value)) throw new LineProblem("feature " + index + " value is " + text + ": values must be finite");
    return value;
  }
}
