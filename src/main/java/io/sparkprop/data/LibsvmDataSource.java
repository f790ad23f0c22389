package io.sparkprop.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.FileSplit;

/** LIBSVM / SVMlight text: {@code label index:value ...} with 1-based, increasing indices. */
final class LibsvmDataSource extends TextDataSource {
  private static final long serialVersionUID = 1L;

  LibsvmDataSource(String path) {
    super(path);
  }

  @Override
  LineParser lineParser(FileSplit split, String shownPath, Expectations expect, Configuration conf) {
    return (offset, line) -> LibsvmLines.parse(line, expect);
  }
}
