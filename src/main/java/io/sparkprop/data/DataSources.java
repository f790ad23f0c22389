package io.sparkprop.data;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;

/** Opens a data set named on the command line: a file, a folder of files, or generated data. */
public final class DataSources {
  private DataSources() {}

  /** {@link #open(String, DataOptions, Configuration)} with a default Hadoop configuration. */
  public static DataSource open(String spec, DataOptions options) {
    return open(spec, options, new Configuration());
  }

  /**
   * The data source for {@code spec}: {@code spiral}, {@code spiral:K} or {@code spiral:K:N} (K
   * classes of N points, default 3 x 100), or a file or folder path (local or any Hadoop URI).
   * With format AUTO the format comes from the name: .libsvm .svm .txt or none: LIBSVM; .csv: CSV;
   * a name containing -idx3-ubyte: IDX (each also gzipped); .parquet: Parquet; a folder: from its files' names.
   *
   * @param hadoopConf used to look into folders (pass the Spark context's for non-default file systems)
   * @throws DataException when the path does not exist, is empty, or its format cannot be told
   * @throws IllegalArgumentException for {@code numFeatures} with a format other than LIBSVM, a weight column
   *     with a format other than CSV and Parquet, or a CSV weight column that is not a number
   */
  public static DataSource open(String spec, DataOptions options, Configuration hadoopConf) {
    boolean generated = spec.equals("spiral") || spec.startsWith("spiral:");
    DataOptions.Format format = generated ? null
        : options.format() != DataOptions.Format.AUTO ? options.format() : detect(spec, hadoopConf);
    if (options.numFeatures() > 0 && format != DataOptions.Format.LIBSVM)
      throw new IllegalArgumentException("--num-features applies to LIBSVM data; " + spec + " is "
          + (generated ? "generated" : format.name().toLowerCase(Locale.ROOT)) + ", whose rows have their width");
    if (options.weightColumn() != null && format != DataOptions.Format.CSV && format != DataOptions.Format.PARQUET)
      throw new IllegalArgumentException("--weight-column applies to CSV and Parquet data; " + spec + " is "
          + (generated ? "generated" : format.name().toLowerCase(Locale.ROOT)) + ", which has no weight column");
    if (generated) return spiral(spec, options.seed());
    return switch (format) {
      case LIBSVM -> new LibsvmDataSource(spec, options.numFeatures());
      case CSV -> new CsvDataSource(spec, CsvDialect.of(options));
      case IDX -> new IdxDataSource(spec);
      case PARQUET -> new ParquetDataSource(spec, options.featuresCol(), options.labelCol(), options.weightColumn());
      case AUTO -> throw new IllegalStateException("format not decided");
    };
  }

  /** The format a file name implies, or null if it implies none. */
  static DataOptions.Format formatOfName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) n = n.substring(0, n.length() - 3);
    if (n.contains("-idx3-ubyte")) return DataOptions.Format.IDX;
    if (n.endsWith(".csv")) return DataOptions.Format.CSV;
    if (n.endsWith(".parquet")) return DataOptions.Format.PARQUET;
    if (n.endsWith(".libsvm") || n.endsWith(".svm") || n.endsWith(".txt") || !n.contains(".")) return DataOptions.Format.LIBSVM;
    return null;
  }

  private static DataOptions.Format detect(String path, Configuration conf) {
    Set<DataOptions.Format> formats = EnumSet.noneOf(DataOptions.Format.class);
    for (FileStatus file : HadoopFiles.dataFiles(conf, path)) {
      String name = file.getPath().getName();
      DataOptions.Format f = formatOfName(name);
      if (f == null) throw new DataException(path, 0, "cannot tell the format of " + name + " from its name: give the format");
      formats.add(f);
    }
    if (formats.size() > 1) throw new DataException(path, 0, "files of different formats " + formats + ": give the format");
    return formats.iterator().next();
  }

  private static SpiralDataSource spiral(String spec, long seed) {
    String[] parts = spec.split(":", -1);
    try {
      if (parts.length > 3) throw new NumberFormatException();
      int classes = parts.length > 1 ? Integer.parseInt(parts[1]) : SpiralDataSource.DEFAULT_CLASSES;
      int points = parts.length > 2 ? Integer.parseInt(parts[2]) : SpiralDataSource.DEFAULT_POINTS_PER_CLASS;
      return new SpiralDataSource(classes, points, seed);
    } catch (NumberFormatException e) {
      throw new DataException(spec, 0, "expected spiral, spiral:K or spiral:K:N (K classes of N points)");
    } catch (IllegalArgumentException e) {
      throw new DataException(spec, 0, e.getMessage());
    }
  }
}
