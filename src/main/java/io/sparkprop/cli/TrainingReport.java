package io.sparkprop.cli;

import io.sparkprop.report.ConfusionChart;
import io.sparkprop.report.ConfusionMatrix;
import io.sparkprop.report.TrainingCurves;
import io.sparkprop.train.EpochMetrics;
import io.sparkprop.spark.Evaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files train leaves beside the model: per-epoch records, the training curves and the confusion matrix. */
final class TrainingReport {
  private TrainingReport() {}

  static Map<String, Object> epochRecord(EpochMetrics m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("type", "epoch");
    r.put("epoch", m.epoch());
    r.put("step", m.step());
    r.put("train_loss", m.trainLoss());
    r.put("train_accuracy", m.trainAccuracy());
    if (m.hasValidation()) {
      r.put("validation_loss", m.validationLoss());
      r.put("validation_accuracy", m.validationAccuracy());
    }
    r.put("seconds", m.seconds());
    return r;
  }

  static List<Map<String, Object>> history(List<EpochMetrics> epochs) {
    List<Map<String, Object>> h = new ArrayList<>();
    for (EpochMetrics m : epochs) {
      Map<String, Object> r = epochRecord(m);
      r.remove("type");
      h.add(r);
    }
    return h;
  }

  /** training.png from the history (the second curve named {@code curveName}); confusion.txt and confusion.png from {@code scored} (test or validation), if any. */
  static void write(OutputDir dir, List<EpochMetrics> epochs, String curveName, Evaluation scored, String scoredName) throws IOException {
    List<TrainingCurves.Point> points = new ArrayList<>();
    for (EpochMetrics m : epochs)
      points.add(new TrainingCurves.Point(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy()));
    if (!points.isEmpty()) dir.write("training.png", file -> TrainingCurves.writePng(file, points, curveName));
    if (scored == null) return;
    ConfusionMatrix matrix = ConfusionMatrix.of(scored.confusionCounts());
    dir.write("confusion.txt", file -> Files.writeString(file, matrix.toText(), StandardCharsets.UTF_8));
    dir.write("confusion.png", file -> ConfusionChart.writePng(file, scored.confusionCounts(),
        String.format(java.util.Locale.ROOT, "Confusion matrix (%s, accuracy %.4f)", scoredName, scored.accuracy())));
  }
}
