package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `train --init-model DIR` starts from an earlier model (its parameters, scaling and labels) and
 * refuses one whose layers do not fit; `train --validation DATA` holds out a file of its own for the
 * validation curve, early stopping and the best epoch.
 */
class WarmStartAndValidationDataTest {
  @TempDir Path tmp;

  private static CliRunner.Outcome train(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--train", "spiral", "--out", out.toString(),
        "--optimizer", "sgd", "--momentum", "0.9", "--batch-size", "0", "--partitions", "2"));
    args.addAll(List.of(extra));
    if (!args.contains("--hidden")) args.addAll(List.of("--hidden", "16"));
    if (!args.contains("--learning-rate")) args.addAll(List.of("--learning-rate", "0.05"));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static List<Double> stepLosses(Path run) throws IOException {
    List<Double> losses = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode n = CliRunner.json(line);
      if (n.get("type").asText().equals("step")) losses.add(n.get("loss").asDouble());
    }
    return losses;
  }

  @Test
  void aWarmStartBeginsFromTheEarlierModelsLossNotAFreshOne() throws IOException {
    Path first = tmp.resolve("first"), warm = tmp.resolve("warm"), fresh = tmp.resolve("fresh");
    assertEquals(0, train(first, "--epochs", "40").status());
    CliRunner.Outcome w = train(warm, "--epochs", "1", "--init-model", first.toString(), "--seed", "9");
    assertEquals(0, w.status(), w.err());
    assertEquals(0, train(fresh, "--epochs", "1", "--seed", "9").status());
    List<Double> earlier = stepLosses(first);
    double warmStart = stepLosses(warm).get(0), freshStart = stepLosses(fresh).get(0);
    // full-batch sgd at this rate lowers the loss every step, so the first model's last step is above its end point
    assertTrue(warmStart <= earlier.get(earlier.size() - 1), warmStart + " vs the earlier run's last step " + earlier.get(earlier.size() - 1));
    assertTrue(warmStart < 0.8 * freshStart, warmStart + " vs a fresh start's " + freshStart);
    JsonNode summary = new ObjectMapper().readTree(warm.resolve("summary.json").toFile());
    assertEquals(first.toString(), summary.get("init_model").asText());
  }

  @Test
  void aWarmStartFromAModelOfOtherLayersIsRefusedInOneLine() {
    Path first = tmp.resolve("first");
    assertEquals(0, train(first, "--epochs", "1").status());
    train(tmp.resolve("other"), "--epochs", "1", "--init-model", first.toString(), "--hidden", "8")
        .assertOneLineError("--init-model: the model is [2, 16, 3] relu; train it with --hidden 16 --activation relu");
  }

  @Test
  void aValidationFileDrivesEarlyStoppingAndTheSummary() throws IOException {
    Path out = tmp.resolve("validated");
    CliRunner.Outcome r = train(out, "--epochs", "30", "--validation", "spiral", "--patience", "3", "--learning-rate", "0.5");
    assertEquals(0, r.status(), r.err());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("spiral", summary.get("validation_data").asText());
    assertEquals(300, summary.get("validation_rows").asInt());
    assertTrue(summary.get("best_epoch").asInt() >= 1);
    assertEquals(summary.get("best_epoch").asInt(), summary.get("model_epoch").asInt(), "the saved model is the best epoch's");
    JsonNode history = summary.get("epoch_history");
    assertTrue(history.size() >= 1 && history.get(0).has("validation_loss"), history.toString());
  }

  @Test
  void aValidationFileAndAValidationFractionTogetherAreRefused() {
    train(tmp.resolve("both"), "--epochs", "1", "--validation", "spiral", "--validation-fraction", "0.2")
        .assertOneLineError("--validation and --validation-fraction: give one source of validation rows");
  }
}
