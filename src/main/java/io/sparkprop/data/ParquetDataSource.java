package io.sparkprop.data;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Parquet, as large partitioned data sets are stored on clusters: a file or a folder of part files.
 * The features are a vector column (Spark ML's {@code features} by default) or, when there is no
 * such column, every numeric column besides the label (and the weight column, if one is named), in schema order. Errors name the file and
 * column, since Parquet rows have no line numbers.
 */
final class ParquetDataSource implements DataSource {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String featuresCol;
  private final String labelCol;
  /** The column of sample weights, or null for none. */
  private final String weightCol;

  ParquetDataSource(String path, String featuresCol, String labelCol) {
    this(path, featuresCol, labelCol, null);
  }

  ParquetDataSource(String path, String featuresCol, String labelCol, String weightCol) {
    this.path = path;
    this.featuresCol = featuresCol;
    this.labelCol = labelCol;
    this.weightCol = weightCol;
  }

  @Override public String describe() { return path; }

  @Override public JavaRDD<LabeledPoint> read(JavaSparkContext sc, Expectations expect, int minPartitions) {
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    requireExists(sc);
    Dataset<Row> table;
    try {
      table = spark.read().parquet(path);
    } catch (Exception e) {  // Exception: a footer that cannot be read fails a Spark job, whose SparkException Scala throws undeclared
      throw DataException.find(e).orElseGet(() -> new DataException(path, 0, "cannot read as Parquet: " + firstLine(e.getMessage())));
    }
    JavaRDD<LabeledPoint> rows = DataFrameRows.labeledPoints(table, featuresCol, labelCol, weightCol, path, true, true, expect);
    // Parquet splits follow row groups: a small file is one partition, which would leave cores idle.
    return rows.getNumPartitions() >= minPartitions ? rows : rows.repartition(minPartitions);
  }

  /** Only existence: a partitioned table is a folder of key=value folders, which Spark reads as columns. */
  private void requireExists(JavaSparkContext sc) {
    Path p = new Path(path);
    try {
      if (!HadoopFiles.fileSystem(sc.hadoopConfiguration(), p).exists(p)) throw new DataException(path, 0, "no such file or directory");
    } catch (IOException e) {
      throw new DataException(path, 0, "cannot read: " + e.getMessage());
    }
  }

  @Override public FeatureScaler.Kind defaultScaling() { return FeatureScaler.Kind.STANDARDIZE; }

  private static String firstLine(String message) {
    if (message == null) return "unreadable";
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
