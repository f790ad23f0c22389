package io.sparkprop.data;

import org.apache.spark.mllib.regression.LabeledPoint;

/** Parses the lines of one input split; made on the executor, so it may keep per-file state. */
interface LineParser {
  /**
   * @param offset the byte offset at which the line starts in its file (0 = the file's first line)
   * @return the row, or null for a line that holds none (blank, comment, header)
   */
  LabeledPoint parse(long offset, String line) throws LineProblem;
}
