package io.sparkprop.cli;

import io.sparkprop.data.DataOptions;
import picocli.CommandLine.Option;

/** How to read data files: shared by train, evaluate and predict. */
final class DataOptionsMixin {
  @Option(names = "--format", paramLabel = "FORMAT", description = "auto (from the extension), libsvm, csv, idx or parquet (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--label-column", paramLabel = "N", description = "CSV column holding the label, 0-based; -1 = last (default: ${DEFAULT-VALUE})")
  int labelColumn;

  @Option(names = "--csv-header", paramLabel = "auto|true|false", description = "whether CSV files start with a header line (default: ${DEFAULT-VALUE})")
  String csvHeader;

  @Option(names = "--delimiter", paramLabel = "C", description = "CSV field delimiter, one character or tab (default: ${DEFAULT-VALUE})")
  String delimiter;

  @Option(names = "--features-col", paramLabel = "NAME", description = "Parquet: vector column of features; if absent, the numeric columns besides the label (default: ${DEFAULT-VALUE})")
  String featuresCol;

  @Option(names = "--label-col", paramLabel = "NAME", description = "Parquet: label column (default: ${DEFAULT-VALUE})")
  String labelCol;

  @Option(names = "--weight-column", paramLabel = "N|NAME",
      description = "per-row sample weights: CSV, the column number (as --label-column); Parquet, the column name. Not a feature; test data must have it too")
  String weightColumn;

  @Option(names = "--num-features", paramLabel = "N",
      description = "LIBSVM: every row has N features, so that files hashed to the same N agree; an index above N is an error; 0 = the largest index read (default: ${DEFAULT-VALUE})")
  int numFeatures;

  @Option(names = "--partitions", paramLabel = "N", description = "minimum number of partitions to read data into; 0 = Spark's default parallelism (default: ${DEFAULT-VALUE})")
  int partitions;

  /** At least one partition per core Spark has, unless told otherwise, so every core gets work. */
  int partitions(org.apache.spark.api.java.JavaSparkContext sc) {
    if (partitions < 0) throw new IllegalArgumentException("--partitions must be 0 (Spark's default) or positive, got " + partitions);
    return partitions > 0 ? partitions : sc.defaultParallelism();
  }

  DataOptions toDataOptions(long seed) {
    String d = delimiter.equals("tab") || delimiter.equals("\\t") ? "\t" : delimiter;
    if (d.length() != 1) throw new IllegalArgumentException("--delimiter: expected one character (or tab), got '" + delimiter + "'");
    return new DataOptions(DataOptions.Format.parse(format), labelColumn, DataOptions.CsvHeader.parse(csvHeader), d.charAt(0), seed, featuresCol, labelCol,
        numFeatures).withWeightColumn(weightColumn);
  }
}
