package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What train leaves in DIR with validation, schedules and dropout; evaluate's confusion image; bad values. */
class TrainingReportTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};
  @TempDir Path tmp;

  private static void assertPng(Path file) throws Exception {
    assertTrue(Files.isRegularFile(file), file + " missing");
    assertArrayEquals(PNG_MAGIC, Arrays.copyOf(Files.readAllBytes(file), 4), file + " is not a PNG");
  }

  @Test
  void trainWritesEpochRecordsChartsConfusionAndTheBestEpoch() throws Exception {
    Path out = tmp.resolve("run");
    CliRunner.Outcome trained = CliRunner.run("train", "--train", "spiral", "--out", out.toString(), "--hidden", "50",
        "--epochs", "40", "--batch-size", "0", "--learning-rate", "0.05", "--schedule", "cosine", "--warmup-steps", "5",
        "--dropout", "0.1", "--validation-fraction", "0.25", "--patience", "30");
    assertEquals(0, trained.status(), trained.err());

    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    int best = summary.get("best_epoch").asInt();
    assertTrue(best >= 1 && best <= summary.get("epochs").asInt());
    assertEquals(best, summary.get("model_epoch").asInt(), "the saved model is the best epoch's");
    assertEquals(summary.get("epochs").asInt(), summary.get("epoch_history").size(), "40 epochs: scored after each");
    assertTrue(summary.has("validation_accuracy"));
    assertEquals("cosine", summary.get("config").get("schedule").asText());

    List<JsonNode> records = Files.readAllLines(out.resolve("metrics.jsonl")).stream().map(CliRunner::json).toList();
    List<JsonNode> epochs = records.stream().filter(r -> r.get("type").asText().equals("epoch")).toList();
    List<JsonNode> steps = records.stream().filter(r -> r.get("type").asText().equals("step")).toList();
    assertEquals(summary.get("epochs").asInt(), epochs.size());
    assertTrue(epochs.get(0).has("validation_loss") && epochs.get(0).has("train_accuracy"));
    // warm-up then cosine: the rate rises over the first 5 steps, then falls
    assertTrue(steps.get(0).get("learning_rate").asDouble() < steps.get(5).get("learning_rate").asDouble());
    assertTrue(steps.get(steps.size() - 1).get("learning_rate").asDouble() < steps.get(5).get("learning_rate").asDouble());

    assertPng(out.resolve("training.png"));
    assertPng(out.resolve("confusion.png"));
    assertTrue(Files.readString(out.resolve("confusion.txt")).contains("recall"));

    Path image = tmp.resolve("eval-confusion.png");
    CliRunner.Outcome evaluated = CliRunner.run("evaluate", "--model", out.toString(), "--data", "spiral", "--confusion-png", image.toString());
    assertEquals(0, evaluated.status(), evaluated.err());
    assertPng(image);
  }

  @Test
  void lbfgsTrainsFromTheCommandLine() throws Exception {
    Path out = tmp.resolve("lbfgs");
    CliRunner.Outcome r = CliRunner.run("train", "--train", "spiral", "--out", out.toString(), "--hidden", "20",
        "--epochs", "15", "--batch-size", "0", "--optimizer", "lbfgs", "--lbfgs-history", "5");
    assertEquals(0, r.status(), r.err());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(15, summary.get("steps").asInt());
    assertFalse(summary.has("best_epoch"), "no validation data, no best epoch");
  }

  private void assertUsageError(String expected, String... args) {
    CliRunner.Outcome r = CliRunner.run(args);
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains(expected), "expected '" + expected + "' in:\n" + r.err());
    assertEquals(1, r.errorLines().strip().lines().count(), "one line:\n" + r.errorLines());
  }

  @Test
  void badRegularizationScheduleAndValidationValuesAreOneLineUsageErrors() {
    String outDir = tmp.resolve("bad").toString();
    assertUsageError("dropout must be in [0, 1), got 1.5", "train", "--train", "spiral", "--out", outDir, "--dropout", "1.5");
    assertUsageError("unknown schedule 'linear'", "train", "--train", "spiral", "--out", outDir, "--schedule", "linear");
    assertUsageError("lbfgs trains on the full batch", "train", "--train", "spiral", "--out", outDir, "--optimizer", "lbfgs", "--batch-size", "10");
    assertUsageError("--validation-fraction must be in [0, 1), got 1.0", "train", "--train", "spiral", "--out", outDir, "--validation-fraction", "1");
    assertUsageError("--patience: early stopping needs --validation-fraction or --test",
        "train", "--train", "spiral", "--out", outDir, "--patience", "3", "--epochs", "1");
  }
}
