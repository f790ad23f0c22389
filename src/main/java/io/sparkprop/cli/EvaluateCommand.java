package io.sparkprop.cli;

import io.sparkprop.spark.InputStorageChoice;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.report.ConfusionChart;
import io.sparkprop.report.ConfusionMatrix;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.Evaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Score a saved model on labelled DATA: accuracy, per-class precision and recall, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin ModelOptions options;

  @Option(names = "--confusion-png", paramLabel = "FILE", description = "also draw the confusion matrix as a PNG image")
  String confusionPng;

  @Override public Integer call() throws IOException {
    try (SparkOptionsMixin.Session session = options.sparkOptions.start("sparkprop evaluate")) {
      JavaSparkContext sc = session.sc;
      TrainedModel model = options.load(sc);
      BlockedData blocks = BlockedData.stackInOrder(options.read(sc, model, true), model.spec().inputs(), model.scaler(), options.blockSize, StorageLevel.MEMORY_AND_DISK(), InputStorageChoice.forScoring(model.scaler(), model.spec().inputs()));
      Evaluation e = Evaluation.of(sc, blocks, model.spec(), model.parameters(), options.sparkOptions.aggregationDepth, options.precision(model));
      blocks.unpersist();
      System.out.printf(Locale.ROOT, "accuracy %.4f  loss %.5f  (%,d rows)%n%n", e.accuracy(), e.meanLoss(), e.count());
      if (!model.labels().isIdentity()) System.out.printf(Locale.ROOT, "labels: %s%n%n", model.labels().describe());
      System.out.print(ConfusionMatrix.of(e.confusionCounts()).toText());
      if (confusionPng != null)
        ConfusionChart.writePng(Path.of(confusionPng), e.confusionCounts(), String.format(Locale.ROOT, "Confusion matrix (accuracy %.4f)", e.accuracy()));
    }
    return 0;
  }
}
