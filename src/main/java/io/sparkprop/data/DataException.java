package io.sparkprop.data;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bad input: names where (file and line, when known) and what is wrong, in one line.
 * Thrown on executors too, so it must survive Java serialization back to the driver.
 *
 * <p>Messages read {@code PATH:LINE: problem} for text formats, {@code PATH: record N: problem} for
 * binary records, and {@code PATH: problem} when the problem is not on one line.
 */
public class DataException extends RuntimeException {
  private static final long serialVersionUID = 2L;

  private final String source;
  private final long line;
  private final long record;

  /** @param line 1-based line (or record) number, or 0 when the problem is not on one line */
  public DataException(String source, long line, String problem) {
    this(source, line, 0, problem);
  }

  public DataException(String problem) {
    this(null, 0, problem);
  }

  private DataException(String source, long line, long record, String problem) {
    super(format(source, line, record, problem));
    this.source = source;
    this.line = line;
    this.record = record;
  }

  /** A problem with the 1-based {@code record} of a binary file. */
  public static DataException atRecord(String source, long record, String problem) {
    return new DataException(source, 0, record, problem);
  }

  public String source() { return source; }
  /** The 1-based line number, or 0 when not on a line (see {@link #record()} for binary files). */
  public long line() { return line; }
  /** The 1-based record number in a binary file, or 0. */
  public long record() { return record; }

  /**
   * The DataException behind {@code t}, if any. Spark wraps a failed task's exception in a
   * SparkException (sometimes more than once), so walk the whole cause chain. A file that Spark SQL
   * could not read (a truncated Parquet file) is one too, naming the file: see {@link ReadFailure#inSpark}.
   */
  public static Optional<DataException> find(Throwable t) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable c = t; c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause())
      if (c instanceof DataException d) return Optional.of(d);
    return ReadFailure.inSpark(t);
  }

  private static String format(String source, long line, long record, String problem) {
    if (source == null) return problem;
    if (line > 0) return source + ":" + line + ": " + problem;
    if (record > 0) return source + ": record " + record + ": " + problem;
    return source + ": " + problem;
  }
}
