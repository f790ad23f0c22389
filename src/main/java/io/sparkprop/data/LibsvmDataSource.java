package io.sparkprop.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.FileSplit;

/**
 * LIBSVM / SVMlight text: {@code label index:value ...} with 1-based, increasing indices. With
 * {@code numFeatures} (Spark's option of that name) every row has that size and a larger index is
 * refused; without it (0) a row's size is its largest index.
 */
final class LibsvmDataSource extends TextDataSource {
  private static final long serialVersionUID = 2L;

  private final int numFeatures;

  LibsvmDataSource(String path, int numFeatures) {
    super(path);
    if (numFeatures < 0) throw new IllegalArgumentException("numFeatures must be 0 (infer) or positive, got " + numFeatures);
    this.numFeatures = numFeatures;
  }

  @Override
  LineParser lineParser(FileSplit split, String shownPath, Expectations expect, Configuration conf) {
    int width = numFeatures;
    return (offset, line) -> LibsvmLines.parse(line, expect, width);
  }
}
