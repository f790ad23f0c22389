package io.sparkprop.cli;

import io.sparkprop.report.JsonFiles;
import io.sparkprop.report.JsonLinesWriter;
import io.sparkprop.train.HadoopFolder;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;

/**
 * The folder train writes its reports into, resolved as Hadoop resolves every path (the model's and
 * the checkpoints' too): a path without a scheme is on {@code fs.defaultFS}, local unless a Hadoop
 * configuration says otherwise. A local folder is written as files on disk. Elsewhere (hdfs://,
 * s3a://, ...) each whole file is written to a local temporary file and uploaded under a temporary
 * name that is then renamed into place, so a reader never sees half a file; metrics.jsonl is
 * appended to directly, each line hflush()ed, so it can be followed while training runs.
 */
final class OutputDir {
  private static final String TEMPORARY_PREFIX = HadoopFolder.TEMPORARY_PREFIX;

  /** Writes one report file at a local path. */
  interface LocalWriter {
    void write(Path file) throws IOException;
  }

  private final Path local;
  private final FileSystem fs;
  private final org.apache.hadoop.fs.Path remote;

  private OutputDir(Path local, FileSystem fs, org.apache.hadoop.fs.Path remote) {
    this.local = local;
    this.fs = fs;
    this.remote = remote;
  }

  static OutputDir create(String dir, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
    FileSystem fs = path.getFileSystem(conf);
    if (fs instanceof LocalFileSystem) {
      Path root = dir.startsWith("file:") ? Path.of(URI.create(dir)) : Path.of(dir);
      if (Files.exists(root) && !Files.isDirectory(root)) throw notAFolder(dir);
      Files.createDirectories(root);
      return new OutputDir(root, null, null);
    }
    org.apache.hadoop.fs.Path root = fs.makeQualified(path);
    if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) throw notAFolder(dir);
    if (!fs.mkdirs(root)) throw new IOException("--out: cannot create " + root);
    return new OutputDir(null, fs, root);
  }

  private static IllegalArgumentException notAFolder(String dir) {
    return new IllegalArgumentException("--out: " + dir + " exists and is not a folder");
  }

  /** The folder as written to: a local path, or a qualified URI such as hdfs://host:port/user/me/run. */
  String location() { return local != null ? local.toString() : remote.toString(); }

  /** {@code name} inside the folder, as a path that Hadoop's FileSystem (ModelStore) resolves to the same place. */
  String path(String name) {
    return local != null ? local.resolve(name).toString() : new org.apache.hadoop.fs.Path(remote, name).toString();
  }

  /** A writer appending lines to {@code name}, created if missing. */
  JsonLinesWriter appendLines(String name) throws IOException {
    if (local != null) return new JsonLinesWriter(local.resolve(name));
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(remote, name);
    FSDataOutputStream stream = fs.exists(file) ? fs.append(file) : fs.create(file, false);
    // flush() is what JsonLinesWriter calls after each line; hflush() makes the line visible to readers
    return new JsonLinesWriter(new FilterOutputStream(stream) {
      @Override public void write(byte[] b, int off, int len) throws IOException { stream.write(b, off, len); }
      @Override public void flush() throws IOException { stream.hflush(); }
    }, file.toString());
  }

  /**
   * Writes {@code name} whole, replacing an older one: {@code writer} writes a local file under a
   * temporary name, which is renamed into place, or uploaded under a temporary name and renamed there.
   */
  void write(String name, LocalWriter writer) throws IOException {
    if (local != null) {
      Path tmp = local.resolve(TEMPORARY_PREFIX + UUID.randomUUID().toString().substring(0, 8) + "-" + name); // same extension
      try {
        writer.write(tmp);
        JsonFiles.renameOver(tmp, local.resolve(name));
      } finally {
        Files.deleteIfExists(tmp);
      }
      return;
    }
    Path dir = Files.createTempDirectory("sparkprop-report-");
    Path staged = dir.resolve(name); // the same name: the PNG writers want their extension
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(remote, name);
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(remote, TEMPORARY_PREFIX + UUID.randomUUID().toString().substring(0, 8) + "-" + name);
    try {
      writer.write(staged);
      fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(staged.toUri()), tmp);
      // HDFS's rename does not replace: the old file goes first (a reader may briefly find none, never half of one).
      // Deleting also ends a dead writer's hold on it: a killed driver's metrics.jsonl is replaced so on resume.
      if (fs.exists(target)) fs.delete(target, false);
      if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    } finally {
      Files.deleteIfExists(staged);
      Files.deleteIfExists(dir);
      if (fs.exists(tmp)) fs.delete(tmp, false);
    }
  }

  /** A whole JSON document, e.g. summary.json. */
  void writeJson(String name, Map<String, ?> content) throws IOException {
    write(name, file -> JsonFiles.writeAtomically(file, content));
  }
}
