package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, evaluate and predict as a user runs them, on the built-in spiral. */
class EndToEndTest {
  @TempDir Path tmp;

  @Test
  void trainEvaluatePredictOnSpiral() throws Exception {
    Path out = tmp.resolve("run");
    CliRunner.Outcome trained = CliRunner.run("train", "--train", "spiral", "--test", "spiral", "--out", out.toString(),
        "--hidden", "100", "--epochs", "300", "--batch-size", "0", "--learning-rate", "0.05");
    assertEquals(0, trained.status(), trained.err());

    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertTrue(summary.get("train_accuracy").asDouble() >= 0.98, "train accuracy " + summary.get("train_accuracy"));
    assertTrue(summary.get("test_accuracy").asDouble() >= 0.9, "test accuracy " + summary.get("test_accuracy"));
    assertEquals(300, summary.get("steps").asInt());
    assertEquals("[2,100,3]", summary.get("layers").toString());
    for (String field : List.of("final_loss", "train_seconds", "spark_master"))
      assertTrue(summary.has(field), field + " missing from summary.json");
    List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl")).stream().filter(l -> l.startsWith("{\"type\":\"step\"")).toList();
    assertEquals(300, metrics.size());
    assertTrue(new ObjectMapper().readTree(metrics.get(299)).get("loss").asDouble() < new ObjectMapper().readTree(metrics.get(0)).get("loss").asDouble());

    CliRunner.Outcome evaluated = CliRunner.run("evaluate", "--model", out.toString(), "--data", "spiral");
    assertEquals(0, evaluated.status(), evaluated.err());
    assertTrue(evaluated.out().startsWith(String.format(java.util.Locale.ROOT, "accuracy %.4f", summary.get("train_accuracy").asDouble())),
        "evaluate on the training data (same seed) gives train accuracy:\n" + evaluated.out());
    assertTrue(evaluated.out().contains("recall"), evaluated.out());
    // scored in the training precision (float) by default; --precision double agrees within float's rounding
    CliRunner.Outcome inDouble = CliRunner.run("evaluate", "--model", out.toString(), "--data", "spiral", "--precision", "double");
    assertEquals(0, inDouble.status(), inDouble.err());
    assertEquals(accuracyAndLoss(evaluated.out())[0], accuracyAndLoss(inDouble.out())[0]);
    assertEquals(accuracyAndLoss(evaluated.out())[1], accuracyAndLoss(inDouble.out())[1], 1e-5);
    CliRunner.Outcome badPrecision = CliRunner.run("evaluate", "--model", out.toString(), "--data", "spiral", "--precision", "half");
    assertEquals(2, badPrecision.status(), badPrecision.err());
    assertTrue(badPrecision.err().contains("--precision: unknown precision 'half' (expected float or double)"), badPrecision.err());

    Path predictions = tmp.resolve("predictions.csv");
    CliRunner.Outcome predicted = CliRunner.run("predict", "--model", out.toString(), "--data", "spiral", "--out", predictions.toString());
    assertEquals(0, predicted.status(), predicted.err());
    List<String> lines = Files.readAllLines(predictions);
    assertEquals("prediction,probability", lines.get(0));
    assertEquals(301, lines.size());
    // spiral's labels cycle through the arms in order: most predictions match the row's arm
    long correct = 0;
    for (int i = 1; i < lines.size(); i++) if (Integer.parseInt(lines.get(i).split(",")[0]) == spiralLabel(i - 1)) correct++;
    assertTrue(correct >= 290, correct + " of 300 predictions match");
  }

  private static int spiralLabel(int row) { return row / 100; }

  /** From evaluate's first line, "accuracy A  loss L  (N rows)". */
  private static double[] accuracyAndLoss(String out) {
    String[] words = out.lines().findFirst().orElseThrow().trim().split("\\s+");
    return new double[] {Double.parseDouble(words[1]), Double.parseDouble(words[3])};
  }

  @Test
  void noHiddenLayerStaysNearChanceOnSpiral() throws Exception {
    Path out = tmp.resolve("linear");
    CliRunner.Outcome r = CliRunner.run("train", "--train", "spiral", "--out", out.toString(), "--hidden", "none",
        "--epochs", "200", "--batch-size", "0", "--learning-rate", "0.05");
    assertEquals(0, r.status(), r.err());
    double accuracy = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("train_accuracy").asDouble();
    assertTrue(accuracy > 0.4 && accuracy < 0.6, "softmax regression on spiral: " + accuracy);
  }
}
