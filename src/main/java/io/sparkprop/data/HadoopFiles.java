package io.sparkprop.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.SerializableWritable;

/** File access through the Hadoop FileSystem API, so that any Hadoop URI works (local, hdfs:, s3a:, ...). */
final class HadoopFiles {
  private HadoopFiles() {}

  /** The Hadoop configuration, shipped to executors inside task closures. */
  static final class Conf implements Serializable {
    private static final long serialVersionUID = 1L;
    private final SerializableWritable<Configuration> conf;

    Conf(Configuration conf) { this.conf = new SerializableWritable<>(new Configuration(conf)); }

    Configuration get() { return conf.value(); }
  }

  static FileSystem fileSystem(Configuration conf, Path path) {
    try {
      return path.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String qualified(Configuration conf, String path) {
    Path p = new Path(path);
    return fileSystem(conf, p).makeQualified(p).toString();
  }

  /**
   * Opens a file, decompressing it when its name says it is compressed (.gz, .bz2, ...). Failing to
   * open or read it, above all a truncated or corrupt compressed file, is a DataException naming
   * {@code shown} (see {@link ReadFailure}), on any file system.
   */
  static InputStream open(Configuration conf, Path path, String shown) {
    CompressionCodec codec = codec(conf, path);
    InputStream raw = null;
    try {
      raw = fileSystem(conf, path).open(path);
      return new NamedInputStream(codec == null ? raw : codec.createInputStream(raw), shown, codec);
    } catch (IOException e) {
      closeQuietly(raw);
      throw ReadFailure.of(shown, codec, e);
    }
  }

  /** The codec a file's name calls for, or null when it is not compressed. */
  static CompressionCodec codec(Configuration conf, Path path) {
    return new CompressionCodecFactory(conf).getCodec(path);
  }

  static boolean isCompressed(Configuration conf, Path path) {
    return codec(conf, path) != null;
  }

  private static void closeQuietly(InputStream in) {
    if (in == null) return;
    try {
      in.close();
    } catch (IOException ignored) {
      // already failing: the first failure is the one to report
    }
  }

  /** Hadoop's own input formats skip these: _SUCCESS markers, .crc checksums. */
  static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /**
   * The data files at {@code path}: the file itself, or the visible files of a folder.
   *
   * @throws DataException when nothing is there, or nothing but empty files
   */
  static List<FileStatus> dataFiles(Configuration conf, String path) {
    Path p = new Path(path);
    FileSystem fs = fileSystem(conf, p);
    try {
      if (!fs.exists(p)) throw new DataException(path, 0, "no such file or directory");
      FileStatus status = fs.getFileStatus(p);
      List<FileStatus> files = new ArrayList<>();
      if (status.isFile()) files.add(status);
      else
        for (FileStatus s : fs.listStatus(p))
          if (s.isFile() && !isHidden(s.getPath().getName())) files.add(s);
      if (files.stream().allMatch(s -> s.getLen() == 0)) throw new DataException(path, 0, "no rows");
      return files;
    } catch (IOException e) {
      throw new DataException(path, 0, "cannot read: " + e.getMessage());
    }
  }
}
