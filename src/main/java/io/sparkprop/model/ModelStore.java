package io.sparkprop.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Saves and loads a {@link TrainedModel} as a directory holding model.json and parameters.bin,
 * on any Hadoop file system (local paths, file://, hdfs://, s3a://).
 *
 * <p>Saving writes a sibling temporary directory and renames it into place, so {@code dir} holds
 * either the previous model or the complete new one. On HDFS and local disks the renames are atomic;
 * on object stores (s3a) a rename is a copy, so a crash there can leave a temporary directory behind,
 * but never a half-written model under {@code dir}.
 */
public final class ModelStore {
  private ModelStore() {}

  public static void save(TrainedModel model, String dir, Configuration conf) {
    try {
      Path target = new Path(dir);
      FileSystem fs = fileSystem(target, conf);
      target = fs.makeQualified(target);
      if (target.getParent() == null) throw new ModelException(dir, "cannot save a model as the root directory");
      checkReplaceable(fs, target, dir);
      Path tmp = sibling(target, "._tmp-");
      try {
        if (!fs.mkdirs(tmp)) throw new ModelException(dir, "cannot create temporary directory " + tmp);
        long crc;
        try (OutputStream out = fs.create(new Path(tmp, ParameterFile.NAME), false)) {
          crc = ParameterFile.write(out, model.parametersUnsafe());
        }
        // model.json last: a directory with a model.json always has its parameters next to it.
        byte[] json = ModelJson.write(model, crc);
        try (OutputStream out = fs.create(new Path(tmp, ModelJson.NAME), false)) {
          out.write(json);
        }
        moveIntoPlace(fs, tmp, target, dir);
      } finally {
        deleteQuietly(fs, tmp);
      }
    } catch (IOException e) {
      throw new ModelException(dir, "cannot save model: " + e.getMessage(), e);
    }
  }

  /**
   * The model of a run folder: {@code dir/model}, where train writes it, or {@code dir} itself when it
   * is the model folder; what every reader of a model the command line wrote accepts.
   */
  public static TrainedModel loadFromRun(String dir, Configuration conf) {
    Path nested = new Path(dir, "model");
    String folder = dir;
    try {
      if (nested.getFileSystem(conf).exists(new Path(nested, "model.json"))) folder = nested.toString();
    } catch (IOException e) {
      // fall through: load() reports the path it could not read
    }
    return load(folder, conf);
  }

  public static TrainedModel load(String dir, Configuration conf) {
    try {
      Path root = new Path(dir);
      FileSystem fs = fileSystem(root, conf);
      Path jsonPath = new Path(root, ModelJson.NAME);
      FileStatus jsonStatus = statusOrNull(fs, jsonPath);
      if (jsonStatus == null || !jsonStatus.isFile())
        throw new ModelException(dir, "no sparkprop model here (model.json not found)");
      ModelManifest manifest;
      try (InputStream in = fs.open(jsonPath)) {
        manifest = ModelJson.read(in.readAllBytes(), dir, jsonPath.toString());
      }
      Path paramsPath = new Path(root, ParameterFile.NAME);
      FileStatus paramsStatus = statusOrNull(fs, paramsPath);
      if (paramsStatus == null || !paramsStatus.isFile())
        throw new ModelException(paramsPath.toString(), "missing (model.json is there, its parameters are not)");
      double[] parameters;
      try (InputStream in = fs.open(paramsPath)) {
        parameters = ParameterFile.read(in, paramsStatus.getLen(), manifest.parameterCount(),
            manifest.parametersCrc32(), paramsPath.toString());
      }
      return new TrainedModel(manifest.spec(), parameters, manifest.scaler(), manifest.labels(), manifest.provenance());
    } catch (IOException e) {
      throw new ModelException(dir, "cannot read model: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ModelException(dir, "inconsistent model: " + e.getMessage(), e);
    }
  }

  /**
   * The local file system writes a .crc file beside every file; we checksum the parameters
   * ourselves, so go straight to the raw file system underneath. (Turning checksums off with
   * setWriteChecksum would change the JVM-wide cached instance that Spark shares.)
   */
  private static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  /** Replacing is fine for a previous model or an empty directory; anything else is someone's data. */
  private static void checkReplaceable(FileSystem fs, Path target, String dir) throws IOException {
    FileStatus status = statusOrNull(fs, target);
    if (status == null) return;
    if (!status.isDirectory()) throw new ModelException(dir, "exists and is a file, not a model directory");
    if (fs.exists(new Path(target, ModelJson.NAME))) return;
    if (fs.listStatus(target).length > 0)
      throw new ModelException(dir, "exists and is not a sparkprop model (no model.json); refusing to replace it");
  }

  private static void moveIntoPlace(FileSystem fs, Path tmp, Path target, String dir) throws IOException {
    if (!fs.exists(target)) {
      if (!fs.rename(tmp, target)) throw new ModelException(dir, "cannot rename " + tmp + " into place");
      return;
    }
    Path old = sibling(target, "._old-");
    if (!fs.rename(target, old)) throw new ModelException(dir, "cannot move the previous model aside to " + old);
    if (!fs.rename(tmp, target)) {
      fs.rename(old, target); // put the previous model back rather than leave nothing
      throw new ModelException(dir, "cannot rename " + tmp + " into place; the previous model is unchanged");
    }
    fs.delete(old, true);
  }

  private static Path sibling(Path target, String infix) {
    return new Path(target.getParent(), target.getName() + infix + UUID.randomUUID().toString().substring(0, 8));
  }

  private static FileStatus statusOrNull(FileSystem fs, Path path) throws IOException {
    try {
      return fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  private static void deleteQuietly(FileSystem fs, Path path) {
    try {
      if (fs.exists(path)) fs.delete(path, true);
    } catch (IOException ignored) {
      // The model is saved or the save already failed with a better message; a leftover temp dir is cosmetic.
    }
  }
}
