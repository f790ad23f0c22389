package io.sparkprop.data;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.TextInputFormat;

/**
 * Hadoop's TextInputFormat, whose failures to read a split are {@link ReadFailure}s naming the
 * split's file as the user gave it (see {@link TextDataSource#shownPath}). Hadoop's line reader
 * opens and decompresses the file itself, so a truncated or corrupt compressed file would fail
 * the task with the codec's bare exception, which names nothing; and a reader that fails as it is
 * made fails before any code of ours sees its lines. The job configuration carries the path as given.
 */
final class NamedTextInputFormat extends TextInputFormat {
  static final String GIVEN = "sparkprop.input.given";
  static final String QUALIFIED = "sparkprop.input.qualified";

  @Override
  public RecordReader<LongWritable, Text> getRecordReader(InputSplit split, JobConf job, Reporter reporter) {
    Path file = ((FileSplit) split).getPath();
    String shown = TextDataSource.shownPath(job.get(GIVEN), job.get(QUALIFIED), file);
    try {
      return new Named(super.getRecordReader(split, job, reporter), shown, HadoopFiles.codec(job, file));
    } catch (IOException e) {
      throw ReadFailure.of(shown, HadoopFiles.codec(job, file), e);
    }
  }

  /** Passes every call through; a failing {@link #next} becomes a DataException. */
  private record Named(RecordReader<LongWritable, Text> lines, String shown, CompressionCodec codec) implements RecordReader<LongWritable, Text> {
    @Override public boolean next(LongWritable key, Text value) {
      try {
        return lines.next(key, value);
      } catch (IOException e) {
        throw ReadFailure.of(shown, codec, e);
      }
    }

    @Override public LongWritable createKey() { return lines.createKey(); }
    @Override public Text createValue() { return lines.createValue(); }
    @Override public long getPos() throws IOException { return lines.getPos(); }
    @Override public float getProgress() throws IOException { return lines.getProgress(); }
    @Override public void close() throws IOException { lines.close(); }
  }
}
