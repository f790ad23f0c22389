package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkprop.SparkTestSupport;
import io.sparkprop.model.ModelStore;
import io.sparkprop.train.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with early stopping whose driver JVM is killed with kill -9 after its best epoch, then
 * continued with {@code train --resume RUN} and no other option, ends as the uninterrupted run: the
 * same stopping epoch, best epoch and model, and a metrics.jsonl with each step and epoch once.
 */
class KilledRunResumeTest {
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
  /** 200 training rows in batches of 20. */
  private static final int STEPS_PER_EPOCH = 10;

  @TempDir Path tmp;

  /** Overlapping classes with a third of the labels drawn at random: the network overfits, and validation stops it. */
  private Path noisyCsv() throws IOException {
    SplittableRandom r = new SplittableRandom(1);
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      int label = i % 3;
      csv.append(r.nextDouble() < 0.33 ? r.nextInt(3) : label);
      for (int j = 0; j < 4; j++) csv.append(String.format(Locale.ROOT, ",%.6f", (j == label ? 1.0 : 0.0) + r.nextGaussian()));
      csv.append('\n');
    }
    return Files.writeString(tmp.resolve("noisy.csv"), csv);
  }

  private static List<String> earlyStopping(Path data, Path out) {
    return new ArrayList<>(List.of("train", "--train", data.toString(), "--out", out.toString(), "--hidden", "64",
        "--learning-rate", "0.005", "--batch-size", "20", "--epochs", "300", "--validation-fraction", "0.5", "--patience", "10",
        "--eval-every", "1", "--partitions", "2", "--seed", "3", "--checkpoint-every", "7"));
  }

  @Test
  @Timeout(400)
  void aKilledEarlyStoppingRunResumedWithResumeAloneStopsAndKeepsWhatTheUninterruptedRunDoes() throws Exception {
    Path data = noisyCsv(), whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
    CliRunner.Outcome uninterrupted = CliRunner.run(earlyStopping(data, whole).toArray(String[]::new));
    assertEquals(0, uninterrupted.status(), uninterrupted.err());
    JsonNode expected = summary(whole);
    assertTrue(expected.get("stopped_early").asBoolean(), "the uninterrupted run stops early");
    int bestEpoch = expected.get("best_epoch").asInt();
    long steps = expected.get("steps").asLong(), pastTheBest = (bestEpoch + 2L) * STEPS_PER_EPOCH;

    CheckpointStore checkpoints = new CheckpointStore(killed.toString(), SparkTestSupport.sparkContext().hadoopConfiguration());
    List<String> args = earlyStopping(data, killed);
    args.addAll(List.of("--master", "local[2]"));
    try (SparkpropJvm driver = SparkpropJvm.start(tmp, args.toArray(String[]::new))) {
      SparkpropJvm.await("a checkpoint two epochs past the best", RUN_LIMIT, () -> newestStep(checkpoints) >= pastTheBest);
      driver.killDriver();
    }
    assertFalse(Files.exists(killed.resolve("model")), "the driver died before finishing");

    CliRunner.Outcome resumed = CliRunner.run("train", "--resume", killed.toString());
    assertEquals(0, resumed.status(), resumed.err());
    JsonNode after = summary(killed);
    long from = after.get("resumed_from_step").asLong();
    assertTrue(from >= pastTheBest && from < steps, "resumed from step " + from + ", after the best epoch's and before the end");
    assertTrue(after.get("stopped_early").asBoolean());
    assertEquals(expected.get("epochs").asInt(), after.get("epochs").asInt(), "stopping epoch");
    assertEquals(bestEpoch, after.get("best_epoch").asInt(), "best epoch");
    assertEquals(steps, after.get("steps").asLong());
    assertArrayEquals(parameters(whole), parameters(killed), "the best epoch's model, bit for bit");
    assertEquals(withoutTimes(metrics(whole)), withoutTimes(metrics(killed)), "metrics.jsonl: each step and epoch once, in order");
  }

  private static long newestStep(CheckpointStore checkpoints) {
    List<String> files = checkpoints.files();
    return files.isEmpty() ? 0 : Long.parseLong(files.get(0).replaceAll(".*checkpoint-(\\d+)\\.ckpt$", "$1"));
  }

  private static JsonNode summary(Path run) throws IOException { return new ObjectMapper().readTree(run.resolve("summary.json").toFile()); }

  private static List<JsonNode> metrics(Path run) throws IOException {
    return Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(CliRunner::json).toList();
  }

  /** The lines without what the clock says. */
  private static List<JsonNode> withoutTimes(List<JsonNode> lines) {
    return lines.stream().map(l -> (JsonNode) ((ObjectNode) l.deepCopy()).without(List.of("seconds", "samples_per_second"))).toList();
  }

  private static double[] parameters(Path run) {
    return ModelStore.load(run.resolve("model").toString(), SparkTestSupport.sparkContext().hadoopConfiguration()).parameters();
  }
}
