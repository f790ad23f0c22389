package io.sparkprop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkprop.report.JsonLinesWriter;
import io.sparkprop.train.HadoopFolder;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * metrics.jsonl as the history of the run in its folder: each step once and in order, and each scored
 * epoch once. A fresh run starts the file empty. A run resumed from the checkpoint at step S starts it
 * with the lines of the resumed run's metrics.jsonl that the checkpoint had seen: the steps up to S,
 * and the epochs that ended before S. An epoch that ended at step S was scored after the checkpoint
 * was written, and the resume scores it again (that line would be there twice); a line a crash cut
 * short is dropped too. The kept lines go to a temporary file that is renamed over metrics.jsonl, so
 * a crash meanwhile leaves the file as it was; then lines are appended as training goes. The folder
 * may be on any Hadoop file system ({@link OutputDir}).
 */
final class MetricsFile implements Closeable {
  static final String NAME = "metrics.jsonl";
  private static final Logger LOG = LoggerFactory.getLogger(MetricsFile.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutputDir dir;
  private final String file;
  private JsonLinesWriter writer;

  /** {@code dir}'s metrics.jsonl is left as it is until {@link #startFresh} or {@link #startAfter}. */
  MetricsFile(OutputDir dir) {
    this.dir = dir;
    this.file = dir.path(NAME);
  }

  /** Starts the file empty. */
  void startFresh() {
    replaceWith(Optional.empty(), 0);
  }

  /** Starts the file with the lines of {@code run}'s metrics.jsonl up to the checkpoint at {@code step}. */
  void startAfter(HadoopFolder run, long step) {
    try {
      Optional<InputStream> earlier = run.openIfExists(NAME);
      if (earlier.isEmpty()) LOG.info("{} is not there: {} starts after step {}", run.path(NAME), file, step);
      replaceWith(earlier, step);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + run.path(NAME) + ": " + e.getMessage(), e);
    }
  }

  void write(Map<String, ?> record) {
    if (writer == null) throw new IllegalStateException(file + " was not started");
    writer.write(record);
  }

  @Override public void close() {
    if (writer != null) writer.close();
  }

  private void replaceWith(Optional<InputStream> earlier, long step) {
    if (writer != null) throw new IllegalStateException(file + " was started already");
    try {
      dir.write(NAME, tmp -> {
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          if (earlier.isPresent()) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(earlier.get(), StandardCharsets.UTF_8))) {
              for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (seenBy(line, step)) {
                  out.write(line);
                  out.write('\n');
                }
              }
            }
          }
        }
      });
      writer = dir.appendLines(NAME);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether the checkpoint at {@code step} had seen {@code line}: a step up to it, an epoch that ended before it. */
  static boolean seenBy(String line, long step) {
    JsonNode record;
    try {
      record = JSON.readTree(line);
    } catch (IOException e) {
      return false; // cut short by a crash
    }
    if (record == null || !record.path("step").canConvertToLong()) return false;
    long at = record.get("step").asLong();
    return switch (record.path("type").asText()) {
      case "step" -> at <= step;
      case "epoch" -> at < step;
      default -> false;
    };
  }
}
