package io.sparkprop.data;

import java.io.Serializable;
import java.util.regex.Pattern;

/** Delimiter, label column and header rule of a CSV data set. */
record CsvDialect(char delimiter, int labelColumn, DataOptions.CsvHeader header) implements Serializable {

  static CsvDialect of(DataOptions options) {
    return new CsvDialect(options.csvDelimiter(), options.csvLabelColumn(), options.csvHeader());
  }

  String[] fields(String line) {
    return line.split(Pattern.quote(String.valueOf(delimiter)), -1);
  }

  /** Whether {@code firstLine}, the first line of a file, is a header. AUTO: none of its fields is a number. */
  boolean isHeader(String firstLine) {
    return switch (header) {
      case TRUE -> true;
      case FALSE -> false;
      case AUTO -> {
        for (String field : fields(firstLine)) {
          try {
            Double.parseDouble(field.trim());
            yield false;
          } catch (NumberFormatException notANumber) {
            // keep looking
          }
        }
        yield true;
      }
    };
  }

  /** The 0-based label column of a row of {@code width} fields; negative columns count from the end. */
  int labelIndex(int width) {
    return labelColumn >= 0 ? labelColumn : width + labelColumn;
  }
}
