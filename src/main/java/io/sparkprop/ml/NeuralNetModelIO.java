package io.sparkprop.ml;

import io.sparkprop.model.ModelStore;
import io.sparkprop.model.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/**
 * Saving and loading {@link NeuralNetClassificationModel} the Spark ML way (DefaultParamsWriter's
 * metadata: class, uid, params) with the model itself in the command line's format under {@code data}.
 */
final class NeuralNetModelIO {
  /** Where the ModelStore model goes inside a saved stage. */
  static final String DATA = "data";

  private NeuralNetModelIO() {}

  static final class Writer extends MLWriter {
    private final NeuralNetClassificationModel model;

    Writer(NeuralNetClassificationModel model) { this.model = model; }

    @Override public void saveImpl(String path) {
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
      ModelStore.save(model.trainedModel(), new Path(path, DATA).toString(), sparkSession().sparkContext().hadoopConfiguration());
    }
  }

  static final class Reader extends MLReader<NeuralNetClassificationModel> {
    @Override public NeuralNetClassificationModel load(String path) {
      Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
      if (!exists(new Path(path, "metadata"), conf)) return fromCliModel(path, conf);
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), NeuralNetClassificationModel.class.getName());
      TrainedModel trained = ModelStore.load(new Path(path, DATA).toString(), conf);
      NeuralNetClassificationModel model = new NeuralNetClassificationModel(metadata.uid(), trained, null);
      metadata.getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }

  /** A command-line model: the folder with model.json, or the run folder that holds it as {@code model/}. */
  static NeuralNetClassificationModel fromCliModel(String dir, Configuration conf) {
    return NeuralNetClassificationModel.of(ModelStore.loadFromRun(dir, conf));
  }

  private static boolean exists(Path path, Configuration conf) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look at " + path + ": " + e.getMessage(), e);
    }
  }
}
