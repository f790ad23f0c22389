package io.sparkprop.data;

import java.util.Locale;
import java.util.Objects;

/**
 * How to read a data set: the format (or auto-detect from the name), the CSV dialect, and the
 * seed of generated data.
 *
 * @param csvLabelColumn 0-based column of the label; negative counts from the end (-1 = last)
 * @param seed           seed for generated data sets (spiral); the same seed gives the same data
 * @param featuresCol    Parquet: the vector column of features; without one, the numeric columns besides the label
 * @param labelCol       Parquet: the label column
 * @param numFeatures    LIBSVM: every row's vector size (Spark's {@code numFeatures}), so that files hashed
 *                       to the same width agree; an index beyond it is refused. 0 = the largest index read
 * @param weightColumn   the column of per-row sample weights, or null for none: CSV, a column number as
 *                       {@code csvLabelColumn} takes it; Parquet, a column name. Other formats have none
 */
public record DataOptions(Format format, int csvLabelColumn, CsvHeader csvHeader, char csvDelimiter, long seed,
    String featuresCol, String labelCol, int numFeatures, String weightColumn) {

  public static final DataOptions DEFAULTS = new DataOptions(Format.AUTO, 0, CsvHeader.AUTO, ',', 42L);

  /** Parquet columns by their usual Spark ML names, features and label. */
  public DataOptions(Format format, int csvLabelColumn, CsvHeader csvHeader, char csvDelimiter, long seed) {
    this(format, csvLabelColumn, csvHeader, csvDelimiter, seed, "features", "label");
  }

  /** The LIBSVM width inferred from the data. */
  public DataOptions(Format format, int csvLabelColumn, CsvHeader csvHeader, char csvDelimiter, long seed,
      String featuresCol, String labelCol) {
    this(format, csvLabelColumn, csvHeader, csvDelimiter, seed, featuresCol, labelCol, 0);
  }

  /** No weight column. */
  public DataOptions(Format format, int csvLabelColumn, CsvHeader csvHeader, char csvDelimiter, long seed,
      String featuresCol, String labelCol, int numFeatures) {
    this(format, csvLabelColumn, csvHeader, csvDelimiter, seed, featuresCol, labelCol, numFeatures, null);
  }

  /** The file format; AUTO decides from the file name (see {@link DataSources#open}). */
  public enum Format {
    AUTO, LIBSVM, CSV, IDX, PARQUET;

    public static Format parse(String name) {
      return parseEnum(Format.class, name, "format", "auto|libsvm|csv|idx|parquet");
    }
  }

  /** Whether the first line of each CSV file is a header; AUTO: it is when none of its fields is a number. */
  public enum CsvHeader {
    AUTO, TRUE, FALSE;

    public static CsvHeader parse(String name) {
      return parseEnum(CsvHeader.class, name, "CSV header", "auto|true|false");
    }
  }

  public DataOptions {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(csvHeader, "csvHeader");
    Objects.requireNonNull(featuresCol, "featuresCol");
    Objects.requireNonNull(labelCol, "labelCol");
    if (csvDelimiter == '\n' || csvDelimiter == '\r') throw new IllegalArgumentException("CSV delimiter cannot be a line break");
    if (numFeatures < 0) throw new IllegalArgumentException("--num-features must be 0 (infer) or positive, got " + numFeatures);
  }

  public DataOptions withFormat(Format f) { return new DataOptions(f, csvLabelColumn, csvHeader, csvDelimiter, seed, featuresCol, labelCol, numFeatures, weightColumn); }
  public DataOptions withCsvLabelColumn(int c) { return new DataOptions(format, c, csvHeader, csvDelimiter, seed, featuresCol, labelCol, numFeatures, weightColumn); }
  public DataOptions withCsvHeader(CsvHeader h) { return new DataOptions(format, csvLabelColumn, h, csvDelimiter, seed, featuresCol, labelCol, numFeatures, weightColumn); }
  public DataOptions withCsvDelimiter(char d) { return new DataOptions(format, csvLabelColumn, csvHeader, d, seed, featuresCol, labelCol, numFeatures, weightColumn); }
  public DataOptions withNumFeatures(int n) {
    return new DataOptions(format, csvLabelColumn, csvHeader, csvDelimiter, seed, featuresCol, labelCol, n, weightColumn);
  }
  public DataOptions withWeightColumn(String column) {
    return new DataOptions(format, csvLabelColumn, csvHeader, csvDelimiter, seed, featuresCol, labelCol, numFeatures, column);
  }
  public DataOptions withSeed(long s) { return new DataOptions(format, csvLabelColumn, csvHeader, csvDelimiter, s, featuresCol, labelCol, numFeatures, weightColumn); }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String what, String choices) {
    try {
      return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown " + what + " '" + name + "': expected " + choices);
    }
  }
}
