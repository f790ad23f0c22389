package io.sparkprop.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.FileSplit;

/** Numeric CSV: one row per line, the label (and optionally a sample weight) in configurable columns, an optional header line per file. */
final class CsvDataSource extends TextDataSource {
  private static final long serialVersionUID = 1L;

  private final CsvDialect dialect;

  CsvDataSource(String path, CsvDialect dialect) {
    super(path);
    this.dialect = dialect;
  }

  @Override
  LineParser lineParser(FileSplit split, String shownPath, Expectations expect, Configuration conf) throws IOException {
    if (expect.knowsFeatures()) return new CsvLines(dialect, expect, expect.features() + (dialect.weighted() ? 2 : 1), false);
    // Without an expected width, rows must match the first row of their file. A split that starts
    // inside the file has not seen that row, so it reads it (one line) from the file itself.
    if (split.getStart() == 0) return new CsvLines(dialect, expect, -1, false);
    return new CsvLines(dialect, expect, firstRowWidth(split, shownPath, conf), true);
  }

  private int firstRowWidth(FileSplit split, String shownPath, Configuration conf) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(HadoopFiles.open(conf, split.getPath(), shownPath),
        StandardCharsets.UTF_8))) {
      boolean first = true;
      for (String line; (line = in.readLine()) != null; first = false) {
        if (line.isBlank()) continue;
        if (first && dialect.isHeader(line)) continue;
        return dialect.fields(line).length;
      }
      return -1;
    }
  }
}
