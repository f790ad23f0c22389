package io.sparkprop.train;

import io.sparkprop.model.ModelException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * The checkpoints of one run, in {@code RUN/checkpoints/} on any Hadoop file system. Each is written
 * under a temporary name and renamed into place ({@link HadoopFolder}), so a crash mid-write leaves
 * only a temporary file, which loading ignores; the newest {@link #KEEP} are kept. Loading takes the
 * newest checkpoint that reads back whole and skips damaged ones with a warning.
 */
public final class CheckpointStore {
  public static final String FOLDER = "checkpoints";
  public static final int KEEP = 2;
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.ckpt");

  private final HadoopFolder dir;

  public CheckpointStore(String runDir, Configuration conf) {
    this(new HadoopFolder(runDir, conf));
  }

  /** The checkpoints in {@code run}'s checkpoints/ folder. */
  public CheckpointStore(HadoopFolder run) {
    this.dir = run.subfolder(FOLDER);
  }

  public String folder() { return dir.toString(); }

  /** Writes {@code checkpoint} atomically, then deletes all but the newest {@link #KEEP}. */
  public void save(Checkpoint checkpoint) {
    String name = String.format(Locale.ROOT, "checkpoint-%012d.ckpt", checkpoint.step());
    try {
      dir.writeAtomically(name, out -> CheckpointFile.write(out, checkpoint));
      List<Entry> all = list();
      for (int i = KEEP; i < all.size(); i++) dir.delete(all.get(i).file.name());
    } catch (IOException e) {
      throw new ModelException(dir.path(name), "cannot write checkpoint: " + e.getMessage(), e);
    }
  }

  /** The newest checkpoint that reads back whole; each damaged newer one is reported to {@code warn} and skipped. */
  public Optional<Checkpoint> loadNewest(Consumer<String> warn) {
    try {
      for (Entry e : list()) {
        Optional<InputStream> opened = dir.openIfExists(e.file.name());
        if (opened.isEmpty()) continue; // deleted since listed, by a run still writing here
        try (InputStream in = opened.get()) {
          return Optional.of(CheckpointFile.read(in, e.file.length(), e.file.path()));
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
      return list().stream().map(e -> e.file.path()).toList();
    } catch (IOException e) {
      throw new ModelException(dir.toString(), "cannot list checkpoints: " + e.getMessage(), e);
    }
  }

  private record Entry(HadoopFolder.File file, long step) {}

  private List<Entry> list() throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (HadoopFolder.File f : dir.files()) {
      Matcher m = NAME.matcher(f.name());
      if (m.matches()) entries.add(new Entry(f, Long.parseLong(m.group(1))));
    }
    entries.sort(Comparator.comparingLong(Entry::step).reversed());
    return entries;
  }
}
