package io.sparkprop.cli;

import io.sparkprop.data.LabelMapping;
import io.sparkprop.spark.InputStorageChoice;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.spark.Predictor;
import io.sparkprop.spark.Predictor.Prediction;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Write the predicted label (as the training data wrote it, e.g. -1/1) and its probability for each row of DATA, in order, as CSV.")
final class PredictCommand implements Callable<Integer> {
  @Mixin ModelOptions options;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write: prediction,probability")
  String out;

  @Override public Integer call() throws Exception {
    Path target = Path.of(out);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    long rows = 0;
    try (SparkOptionsMixin.Session session = options.sparkOptions.start("sparkprop predict")) {
      JavaSparkContext sc = session.sc;
      TrainedModel model = options.load(sc);
      Iterator<Prediction> predictions = Predictor.predict(sc, options.read(sc, model, false), model.spec(), model.parameters(),
          model.scaler(), options.blockSize, InputStorageChoice.forScoring(model.scaler(), model.spec().inputs()), options.precision(model)).toLocalIterator();
      LabelMapping labels = model.labels();  // predictions name the labels as the training data wrote them
      if (target.getParent() != null) Files.createDirectories(target.getParent());
      // Tasks hold one block of rows at a time (Predictor), the driver one partition's predictions
      // (toLocalIterator); written under a temporary name, then renamed.
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write("prediction,probability\n");
        while (predictions.hasNext()) {
          Prediction p = predictions.next();
          w.write(labels.originalLabel(p.label()) + "," + String.format(Locale.ROOT, "%.6f", p.probability()) + "\n");
          rows++;
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    System.out.printf(Locale.ROOT, "%,d predictions written to %s%n", rows, out);
    return 0;
  }
}
