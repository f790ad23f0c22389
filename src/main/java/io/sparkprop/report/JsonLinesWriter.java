package io.sparkprop.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends one JSON object per line (JSON Lines) to a local file or a stream, e.g. metrics.jsonl. Each
 * line is written with a single call and flushed, so `tail -f` shows progress and a crash loses at
 * most the line being written. Thread-safe.
 */
public final class JsonLinesWriter implements Closeable {
  private final String file;
  private final OutputStream out;

  /** Opens {@code file} for appending, creating it and its parent directories as needed. */
  public JsonLinesWriter(Path file) {
    this.file = file.toString();
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + " for appending: " + e.getMessage(), e);
    }
  }

  /** A local path or file: URI. */
  public JsonLinesWriter(String pathOrUri) { this(LocalPaths.of(pathOrUri)); }

  /**
   * Writes to {@code out}, which this writer closes; {@code name} names it in errors. Each line ends
   * with {@code out.flush()}: a stream to another file system makes the line visible to readers there.
   */
  public JsonLinesWriter(OutputStream out, String name) {
    this.file = name;
    this.out = out;
  }

  /** Appends {@code record} as one line; non-finite numbers become null. */
  public synchronized void write(Map<String, ?> record) {
    try {
      byte[] json = ReportJson.MAPPER.writeValueAsBytes(record);
      byte[] line = new byte[json.length + 1];
      System.arraycopy(json, 0, line, 0, json.length);
      line[json.length] = '\n';
      out.write(line);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
    }
  }

  @Override public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
    }
  }
}
