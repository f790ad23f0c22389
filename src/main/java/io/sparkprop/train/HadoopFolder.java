package io.sparkprop.train;

import io.sparkprop.model.ModelException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One folder of a run on any Hadoop file system (a local path, file:, hdfs:, s3a:), for the files
 * a resume reads back: checkpoints and the run's record. A file is written under a temporary name
 * ({@value #TEMPORARY_PREFIX}…) and renamed into place, so a reader finds the previous file or the
 * whole new one, never half of one. On the local file system Hadoop's .crc side files are left out:
 * they would get in the way of the renames, and a half-written file never gets its real name anyway.
 */
public final class HadoopFolder {
  public static final String TEMPORARY_PREFIX = "._tmp-";

  /** Writes a file's content. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private final FileSystem fs;
  private final Path dir;

  /** {@code folder} need not exist yet; the first write creates it. */
  public HadoopFolder(String folder, Configuration conf) {
    try {
      Path path = new Path(folder);
      FileSystem fileSystem = path.getFileSystem(conf);
      this.fs = fileSystem instanceof LocalFileSystem local ? local.getRawFileSystem() : fileSystem;
      this.dir = fs.makeQualified(path);
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelException(folder, "cannot open the folder: " + e.getMessage(), e);
    }
  }

  /** The folder, qualified (e.g. file:/runs/a, hdfs://nn:8020/runs/a). */
  @Override public String toString() { return dir.toString(); }

  /** The qualified path of {@code name} in this folder, for messages. */
  public String path(String name) { return new Path(dir, name).toString(); }

  /** The subfolder {@code name}, on the same file system. */
  public HadoopFolder subfolder(String name) { return new HadoopFolder(fs, new Path(dir, name)); }

  private HadoopFolder(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** Writes {@code name} under a temporary name, then renames it into place, replacing an older one. */
  public void writeAtomically(String name, Content content) throws IOException {
    Path target = new Path(dir, name);
    Path tmp = new Path(dir, TEMPORARY_PREFIX + UUID.randomUUID().toString().substring(0, 8) + "-" + name);
    try {
      fs.mkdirs(dir);
      try (OutputStream out = new BufferedOutputStream(fs.create(tmp, true), 1 << 16)) {
        content.writeTo(out);
      }
      // the local file system replaces the target in the rename; HDFS refuses, so the older file goes first
      if (!fs.rename(tmp, target) && !(fs.delete(target, false) && fs.rename(tmp, target)))
        throw new IOException("cannot rename " + tmp + " into place");
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /** {@code name} opened for reading, or empty when it is not there. */
  public Optional<InputStream> openIfExists(String name) throws IOException {
    try {
      return Optional.of(new BufferedInputStream(fs.open(new Path(dir, name)), 1 << 16));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** A file of this folder as listed. */
  public record File(String name, String path, long length) {}

  /** The files (not folders, not temporary files) in this folder; none when it does not exist. */
  public List<File> files() throws IOException {
    List<File> files = new ArrayList<>();
    FileStatus[] statuses;
    try {
      statuses = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return files;
    }
    for (FileStatus s : statuses) {
      String name = s.getPath().getName();
      if (s.isFile() && !name.startsWith(TEMPORARY_PREFIX)) files.add(new File(name, s.getPath().toString(), s.getLen()));
    }
    return files;
  }

  /** Deletes the file {@code name}, if it is there. */
  public void delete(String name) throws IOException { fs.delete(new Path(dir, name), false); }

  private void deleteQuietly(Path path) {
    try {
      fs.delete(path, false);
    } catch (IOException ignored) {
      // the write already failed with a better message; readers ignore a leftover temporary file
    }
  }
}
