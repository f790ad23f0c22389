package io.sparkprop.export;

import io.sparkprop.model.ModelException;
import io.sparkprop.model.TrainedModel;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A trained model as a standard ONNX file, to serve outside Spark (ONNX Runtime in Python, Java, C#,
 * C++, JavaScript, …). The contract of the file:
 *
 * <ul>
 *   <li>input {@value #FEATURES}: float [N, inputs], the features as the training data had them
 *       (unscaled: the file applies the model's scaling), N any batch size;
 *   <li>output {@value #PROBABILITIES}: float [N, classes], each row the softmax over the classes;
 *   <li>output {@value #LABEL}: int64 [N], the most probable class's label as the training data
 *       wrote it (e.g. -1/+1 for a -1/+1 set, else the class index).
 * </ul>
 *
 * ONNX opset 17, IR version 8; computed in float, so probabilities agree with sparkprop's (double)
 * scoring to about 1e-6. How the graph is made: {@link ModelGraph}.
 */
public final class OnnxExport {
  public static final String FEATURES = "features";
  public static final String PROBABILITIES = "probabilities";
  public static final String LABEL = "label";

  private OnnxExport() {}

  /** Writes the ONNX model to {@code out} (left open). */
  public static void write(TrainedModel model, OutputStream out) throws IOException {
    ModelGraph.of(model).writeTo(out);
  }

  /**
   * Writes the ONNX model to the file {@code path} on any Hadoop file system, replacing a file there.
   * It is written under a temporary sibling name first, so a failed export leaves no half-written file.
   *
   * @throws ModelException naming {@code path} when it cannot be written or is a directory
   * @throws IllegalArgumentException for a network too large for one ONNX file
   */
  public static void write(TrainedModel model, String path, Configuration conf) {
    try {
      Path target = new Path(path);
      FileSystem fs = target.getFileSystem(conf);
      // The local file system would write a .crc file beside the model; a server wants the .onnx alone.
      if (fs instanceof LocalFileSystem local) fs = local.getRawFileSystem();
      target = fs.makeQualified(target);
      FileStatus existing = statusOrNull(fs, target);
      if (existing != null && existing.isDirectory())
        throw new ModelException(path, "is a directory; --onnx names the file to write, e.g. model.onnx");
      if (target.getParent() == null) throw new ModelException(path, "cannot write a file as the root directory");
      Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
      try {
        try (OutputStream out = fs.create(tmp, false)) {
          write(model, out);
        }
        // rename does not replace a file on every file system (HDFS refuses); delete first
        if (existing != null && !fs.delete(target, false)) throw new ModelException(path, "cannot replace the existing file");
        if (!fs.rename(tmp, target)) throw new ModelException(path, "cannot rename " + tmp + " into place");
      } finally {
        if (fs.exists(tmp)) fs.delete(tmp, false);
      }
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      throw new ModelException(path, "cannot write ONNX file: " + why, e);
    }
  }

  private static FileStatus statusOrNull(FileSystem fs, Path path) throws IOException {
    try {
      return fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      return null;
    }
  }
}
