package io.sparkprop.train;

import io.sparkprop.model.ModelException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checkpoints of one run, in {@code RUN/checkpoints/} on any Hadoop file system. Each is written
 * under a temporary name and renamed into place, so a crash mid-write leaves only a temporary file,
 * which loading ignores; the newest {@link #KEEP} are kept. Loading takes the newest checkpoint that
 * reads back whole and skips damaged ones with a warning.
 */
public final class CheckpointStore {
  public static final String FOLDER = "checkpoints";
  public static final int KEEP = 2;
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.ckpt");

  private final Path dir;
  private final FileSystem fs;

  public CheckpointStore(String runDir, Configuration conf) {
    try {
      Path folder = new Path(runDir, FOLDER);
      FileSystem fileSystem = folder.getFileSystem(conf);
      // The local file system's .crc side files would get in the way of renames; our file has its own CRC.
      this.fs = fileSystem instanceof LocalFileSystem local ? local.getRawFileSystem() : fileSystem;
      this.dir = fs.makeQualified(folder);
    } catch (IOException e) {
      throw new ModelException(runDir, "cannot open the checkpoint folder: " + e.getMessage(), e);
    }
  }

  public String folder() { return dir.toString(); }

  /** Writes {@code checkpoint} atomically, then deletes all but the newest {@link #KEEP}. */
  public void save(Checkpoint checkpoint) {
    Path target = new Path(dir, String.format(Locale.ROOT, "checkpoint-%012d.ckpt", checkpoint.step()));
    Path tmp = new Path(dir, "._tmp-" + UUID.randomUUID().toString().substring(0, 8) + "-" + target.getName());
    try {
      fs.mkdirs(dir);
      try (OutputStream out = new BufferedOutputStream(fs.create(tmp, true), 1 << 16)) {
        CheckpointFile.write(out, checkpoint);
      }
      if (fs.exists(target)) fs.delete(target, false);
      if (!fs.rename(tmp, target)) throw new ModelException(target.toString(), "cannot rename " + tmp + " into place");
      List<Entry> all = list();
      for (int i = KEEP; i < all.size(); i++) fs.delete(all.get(i).path, false);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new ModelException(target.toString(), "cannot write checkpoint: " + e.getMessage(), e);
    }
  }

  /** The newest checkpoint that reads back whole; each damaged newer one is reported to {@code warn} and skipped. */
  public Optional<Checkpoint> loadNewest(Consumer<String> warn) {
    try {
      for (Entry e : list()) {
        try (InputStream in = new BufferedInputStream(fs.open(e.path), 1 << 16)) {
          return Optional.of(CheckpointFile.read(in, e.length, e.path.toString()));
        } catch (ModelException bad) {
          warn.accept("skipping checkpoint " + bad.getMessage());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new ModelException(dir.toString(), "cannot read checkpoints: " + e.getMessage(), e);
    }
  }

  /** The completed checkpoint files, newest first. */
  public List<String> files() {
    try {
      return list().stream().map(e -> e.path.toString()).toList();
    } catch (IOException e) {
      throw new ModelException(dir.toString(), "cannot list checkpoints: " + e.getMessage(), e);
    }
  }

  private record Entry(Path path, long step, long length) {}

  private List<Entry> list() throws IOException {
    List<Entry> entries = new ArrayList<>();
    FileStatus[] statuses;
    try {
      statuses = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return entries;
    }
    for (FileStatus s : statuses) {
      Matcher m = NAME.matcher(s.getPath().getName());
      if (s.isFile() && m.matches()) entries.add(new Entry(s.getPath(), Long.parseLong(m.group(1)), s.getLen()));
    }
    entries.sort(Comparator.comparingLong(Entry::step).reversed());
    return entries;
  }

  private void deleteQuietly(Path path) {
    try {
      fs.delete(path, false);
    } catch (IOException ignored) {
      // the write already failed with a better message; a leftover temporary file is ignored by loading
    }
  }
}
