package io.sparkprop.data;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.spark.SparkThrowable;

/**
 * A file that could not be read, as bad input naming the file. A truncated or corrupt compressed
 * file (a download cut short, a bad header or checksum, a garbage body) otherwise ends in the
 * codec's bare exception, such as {@code EOFException: Unexpected end of input stream}, which names
 * no file; here it reads {@code train.csv.gz: truncated or corrupt gzip data (Unexpected end of input stream)}.
 */
final class ReadFailure {
  private ReadFailure() {}

  /**
   * @param codec the file's codec, or null for an uncompressed file
   * @param e     the failure, from the codec or from the file system underneath it (the message says which)
   */
  static DataException of(String shown, CompressionCodec codec, IOException e) {
    String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    if (codec == null) return new DataException(shown, 0, "cannot read: " + why);
    return new DataException(shown, 0, "truncated or corrupt " + name(codec) + " data (" + why + ")");
  }

  /**
   * A file that Spark SQL failed to read (error condition FAILED_READ_FILE, such as a truncated
   * Parquet file, whose footer is gone), found in {@code t}'s cause chain, as a DataException that
   * names the file as Spark does (its URI, like Parquet's other errors) and what is wrong with it.
   */
  static Optional<DataException> inSpark(Throwable t) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable c = t; c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
      if (!(c instanceof SparkThrowable s) || s.getCondition() == null || !s.getCondition().startsWith("FAILED_READ_FILE")) continue;
      String given = s.getMessageParameters().get("path");
      if (given == null) continue;
      String path = decoded(given);
      Throwable root = c;
      while (root.getCause() != null && root.getCause() != root) root = root.getCause();
      String why = root.getMessage() == null ? root.getClass().getSimpleName()
          : firstLine(root.getMessage()).replace(given, "the file").replace(path, "the file");
      return Optional.of(new DataException(path, 0, "cannot read: " + why));
    }
    return Optional.empty();
  }

  /** Spark names a file it scans by its URL-encoded URI (file:///a%20b); Hadoop's Path prints file:/a b. */
  private static String decoded(String uri) {
    try {
      return new Path(new URI(uri)).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return uri;
    }
  }

  /** The format's usual name: gzip for .gz, bzip2 for .bz2, zstd for .zst, else the extension. */
  private static String name(CompressionCodec codec) {
    String extension = codec.getDefaultExtension().replaceFirst("^\\.", "");
    return switch (extension) {
      case "gz" -> "gzip";
      case "bz2" -> "bzip2";
      case "zst" -> "zstd";
      default -> extension;
    };
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
