package io.sparkprop.cli;

import io.sparkprop.export.OnnxExport;
import io.sparkprop.model.ModelStore;
import io.sparkprop.model.TrainedModel;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a saved model as an ONNX file ({@link OnnxExport} states what the file computes). Reads and
 * writes on the driver alone, so no Spark job runs and no context starts: the Hadoop configuration
 * is a running context's if there is one, else Hadoop's defaults with spark-submit's
 * {@code spark.hadoop.*} settings, as Spark itself would build it.
 */
@Command(name = "export", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Write a saved model as an ONNX file for serving outside Spark: input 'features' (float [N, inputs], "
        + "unscaled), outputs 'probabilities' (float [N, classes]) and 'label' (int64 [N], as the training data wrote it).")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "a folder written by train (DIR or DIR/model)")
  String model;

  @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "the ONNX file to write (replaced if it exists)")
  String onnx;

  @Override public Integer call() {
    Configuration conf = hadoopConfiguration();
    TrainedModel trained = ModelStore.loadFromRun(model, conf); // DIR or DIR/model, as evaluate takes it
    OnnxExport.write(trained, onnx, conf);
    System.out.printf(Locale.ROOT, "%s exported to %s%n", trained.spec(), onnx);
    return Failures.OK;
  }

  private static Configuration hadoopConfiguration() {
    scala.Option<SparkContext> active = SparkContext$.MODULE$.getActive();
    if (active.isDefined()) return active.get().hadoopConfiguration();
    Configuration conf = new Configuration();
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark.hadoop."))
        .forEach(k -> conf.set(k.substring("spark.hadoop.".length()), System.getProperty(k)));
    return conf;
  }
}
