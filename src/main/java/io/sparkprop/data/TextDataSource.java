package io.sparkprop.data;

import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.JobConf;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import scala.Tuple2;

/**
 * A line-per-row file or folder of files, read with Hadoop's TextInputFormat. The reader keys each
 * line with its byte offset, and each split names its file, so a bad line is reported as
 * {@code FILE:LINE} exactly: the line number is counted from the offset only when a line is bad.
 * A file that cannot be read (a truncated or corrupt compressed file) is reported as {@code FILE: problem}
 * ({@link NamedTextInputFormat}).
 */
abstract class TextDataSource implements DataSource {
  private static final long serialVersionUID = 1L;

  protected final String path;

  TextDataSource(String path) {
    this.path = path;
  }

  @Override public String describe() { return path; }

  @Override public FeatureScaler.Kind defaultScaling() { return FeatureScaler.Kind.STANDARDIZE; }

  /** A parser for the lines of one split. {@code shownPath} is how messages name the split's file. */
  abstract LineParser lineParser(FileSplit split, String shownPath, Expectations expect, Configuration conf) throws IOException;

  @Override
  public JavaRDD<LabeledPoint> read(JavaSparkContext sc, Expectations expect, int minPartitions) {
    Configuration conf = sc.hadoopConfiguration();
    HadoopFiles.dataFiles(conf, path);  // missing or empty input fails here, on the driver
    // Broadcast, not captured: a captured configuration is re-serialized into every job that reads the
    // cached blocks downstream, and parsing its XML again slows every training step (docs/benchmarks.md).
    org.apache.spark.broadcast.Broadcast<HadoopFiles.Conf> shipped = sc.broadcast(new HadoopFiles.Conf(conf));
    String given = path;
    String qualified = HadoopFiles.qualified(conf, path);
    JobConf job = new JobConf(conf);  // what sc.hadoopFile reads with, plus the path as given, to name damaged files
    FileInputFormat.setInputPaths(job, path);
    job.set(NamedTextInputFormat.GIVEN, given);
    job.set(NamedTextInputFormat.QUALIFIED, qualified);
    JavaHadoopRDD<LongWritable, Text> lines = (JavaHadoopRDD<LongWritable, Text>) sc.hadoopRDD(
        job, NamedTextInputFormat.class, LongWritable.class, Text.class, Math.max(1, minPartitions));
    lines.setName(path);
    return lines.mapPartitionsWithInputSplit((split, records) -> {
      FileSplit file = (FileSplit) split;
      String shown = shownPath(given, qualified, file.getPath());
      Configuration executorConf = shipped.value().get();
      LineParser parser = lineParser(file, shown, expect, executorConf);
      return new ParsedLines(records, parser, file.getPath(), shown, executorConf);
    }, true);
  }

  /** The path as the user gave it, or for a file inside a given folder, the folder as given plus the file's name. */
  static String shownPath(String given, String qualifiedGiven, Path file) {
    if (file.toString().equals(qualifiedGiven)) return given;
    return (given.endsWith("/") ? given : given + "/") + file.getName();
  }

  /** Parses lazily, skipping lines without a row; a bad line becomes a DataException naming file and line. */
  private static final class ParsedLines implements Iterator<LabeledPoint> {
    private final Iterator<Tuple2<LongWritable, Text>> records;
    private final LineParser parser;
    private final Path file;
    private final String shown;
    private final Configuration conf;
    private LabeledPoint next;

    ParsedLines(Iterator<Tuple2<LongWritable, Text>> records, LineParser parser, Path file, String shown, Configuration conf) {
      this.records = records;
      this.parser = parser;
      this.file = file;
      this.shown = shown;
      this.conf = conf;
    }

    @Override public boolean hasNext() {
      while (next == null && records.hasNext()) {
        Tuple2<LongWritable, Text> record = records.next();
        long offset = record._1().get();
        try {
          next = parser.parse(offset, record._2().toString());
        } catch (LineProblem problem) {
          throw located(offset, problem.getMessage());
        }
      }
      return next != null;
    }

    @Override public LabeledPoint next() {
      if (!hasNext()) throw new NoSuchElementException();
      LabeledPoint row = next;
      next = null;
      return row;
    }

    private DataException located(long offset, String problem) {
      try {
        return new DataException(shown, LineNumbers.lineAt(conf, file, shown, offset), problem);
      } catch (IOException e) {
        return new DataException(shown, 0, "at byte " + offset + ": " + problem);
      }
    }
  }
}
