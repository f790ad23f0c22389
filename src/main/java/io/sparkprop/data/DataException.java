package io.sparkprop.data;

/**
 * Bad input: names where (file and line, when known) and what is wrong, in one line.
 * Thrown on executors too, so it must survive Java serialization back to the driver.
 */
public class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;

  /** @param line 1-based line (or record) number, or 0 when the problem is not on one line */
  public DataException(String source, long line, String problem) {
    super(format(source, line, problem));
    this.source = source;
    this.line = line;
  }

  public DataException(String problem) {
    this(null, 0, problem);
  }

  public String source() { return source; }
  public long line() { return line; }

  private static String format(String source, long line, String problem) {
    if (source == null) return problem;
    return line > 0 ? source + ":" + line + ": " + problem : source + ": " + problem;
  }
}
