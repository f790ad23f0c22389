package io.sparkprop.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;

/** Whole JSON documents such as summary.json, written so a reader never sees half a file. */
public final class JsonFiles {
  private JsonFiles() {}

  /**
   * Writes {@code content} pretty-printed to a sibling temporary file, syncs it, then renames it over
   * {@code file}. Values may be numbers, strings, booleans, null, lists, arrays and nested maps;
   * NaN and infinities are written as null.
   */
  public static void writeAtomically(Path file, Map<String, ?> content) {
    Path absolute = file.toAbsolutePath();
    Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      Files.createDirectories(absolute.getParent());
      byte[] json = ReportJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(content);
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        while (buffer.hasRemaining()) channel.write(buffer);
        channel.force(true); // the rename must not become durable before the content
      }
      renameOver(tmp, absolute);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // Only reached after a failure that is already being reported.
      }
    }
  }

  /** A local path or file: URI. */
  public static void writeAtomically(String pathOrUri, Map<String, ?> content) {
    writeAtomically(LocalPaths.of(pathOrUri), content);
  }

  /** {@code content} as one line of JSON (NaN and infinities as null), e.g. a benchmark's last line. */
  public static String oneLine(Map<String, ?> content) {
    try {
      return ReportJson.MAPPER.writeValueAsString(content);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not representable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Renames {@code tmp} over {@code target}: atomically where the file system can, so a reader sees the old file or the new. */
  public static void renameOver(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
