package io.sparkprop.data;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Delimiter, label column, header rule and weight column of a CSV data set.
 *
 * @param weightColumn the column of sample weights, numbered as the label's (negative from the end), or null for none
 */
record CsvDialect(char delimiter, int labelColumn, DataOptions.CsvHeader header, Integer weightColumn) implements Serializable {

  CsvDialect(char delimiter, int labelColumn, DataOptions.CsvHeader header) {
    this(delimiter, labelColumn, header, null);
  }

  /** @throws IllegalArgumentException for a weight column that is not a column number */
  static CsvDialect of(DataOptions options) {
    return new CsvDialect(options.csvDelimiter(), options.csvLabelColumn(), options.csvHeader(), weightColumn(options.weightColumn()));
  }

  private static Integer weightColumn(String option) {
    if (option == null) return null;
    try {
      return Integer.parseInt(option.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--weight-column: CSV columns are numbered as --label-column's (0-based, -1 = last), got '"
          + option + "'");
    }
  }

  boolean weighted() { return weightColumn != null; }

  /** The 0-based weight column of a row of {@code width} fields (weighted dialects only). */
  int weightIndex(int width) {
    return weightColumn >= 0 ? weightColumn : width + weightColumn;
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
