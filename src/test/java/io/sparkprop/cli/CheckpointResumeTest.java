package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkprop.SparkTestSupport;
import io.sparkprop.train.CheckpointStore;
import io.sparkprop.model.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints, resume (with the run's recorded options, in its folder) and the divergence guard through the command line, in-process. */
class CheckpointResumeTest {
  @TempDir Path tmp;

  private static List<String> trainArgs(Path out, String epochs, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--train", "spiral", "--out", out.toString(), "--hidden", "16",
        "--epochs", epochs, "--batch-size", "64", "--learning-rate", "0.01", "--partitions", "2", "--seed", "7"));
    args.addAll(List.of(extra));
    return args;
  }

  private static CliRunner.Outcome run(List<String> args) { return CliRunner.run(args.toArray(String[]::new)); }

  @Test
  void resumingFromACheckpointEndsWithTheSameParametersAsAnUninterruptedRun() {
    Path whole = tmp.resolve("whole"), first = tmp.resolve("first"), second = tmp.resolve("second");
    assertEquals(0, run(trainArgs(whole, "6")).status());
    // 5 steps an epoch: a checkpoint every 7 steps stops mid-epoch (at step 21 of 30 after 4 epochs)
    CliRunner.Outcome part = run(trainArgs(first, "4", "--checkpoint-every", "7"));
    assertEquals(0, part.status(), part.err());
    assertEquals(2, new CheckpointStore(first.toString(), SparkTestSupport.sparkContext().hadoopConfiguration()).files().size());
    CliRunner.Outcome resumed = run(trainArgs(second, "6", "--resume", first.toString()));
    assertEquals(0, resumed.status(), resumed.err());
    assertArrayEquals(parameters(whole), parameters(second));
  }

  @Test
  void resumeRefusesACheckpointForAnotherNetworkWithExitTwo() {
    Path first = tmp.resolve("first");
    assertEquals(0, run(trainArgs(first, "1", "--checkpoint-every", "1")).status());
    CliRunner.Outcome other = run(trainArgs(tmp.resolve("other"), "2", "--resume", first.toString(), "--activation", "tanh"));
    assertEquals(2, other.status(), other.err());
    assertTrue(other.errorLines().startsWith("sparkprop train: --resume: the checkpoint is for network [2, 16, 3] relu, this run builds [2, 16, 3] tanh"), other.errorLines());
    assertEquals(1, other.errorLines().lines().count(), other.errorLines());
  }

  @Test
  void resumeWithoutCheckpointsIsBadInput() {
    CliRunner.Outcome r = run(trainArgs(tmp.resolve("x"), "1", "--resume", tmp.resolve("nothing").toString()));
    assertEquals(2, r.status(), r.err());
    assertTrue(r.errorLines().contains("no complete checkpoint"), r.errorLines());
  }

  @Test
  void aDivergingRunLeavesItsLastGoodCheckpointAndNoModel() throws Exception {
    Path out = tmp.resolve("diverged");
    CliRunner.Outcome r = run(List.of("train", "--train", "spiral", "--out", out.toString(), "--hidden", "16",
        "--optimizer", "sgd", "--momentum", "0.9", "--learning-rate", "1e300", "--batch-size", "0", "--epochs", "50",
        "--partitions", "2", "--checkpoint-every", "1"));
    assertEquals(1, r.status(), r.err());
    assertTrue(r.errorLines().contains("training diverged at step"), r.errorLines());
    assertFalse(Files.exists(out.resolve("model")), "no model after divergence");
    assertFalse(Files.exists(out.resolve("summary.json")), "no summary after divergence");
    CheckpointStore store = new CheckpointStore(out.toString(), SparkTestSupport.sparkContext().hadoopConfiguration());
    var last = store.loadNewest(w -> { throw new AssertionError(w); }).orElseThrow();
    for (double p : last.state().parameters()) assertTrue(Double.isFinite(p), "checkpointed parameters are finite");
  }

  private static double[] parameters(Path run) {
    return ModelStore.load(run.resolve("model").toString(), SparkTestSupport.sparkContext().hadoopConfiguration()).parameters();
  }

  /**
   * A finished run, resumed from its newest checkpoint with --resume alone: the run's own options
   * take it to the same parameters, and metrics.jsonl keeps each step and each epoch once, in order.
   * Checkpoints every 7 steps leave the newest mid-epoch (step 28 of 30); every 5, at the last step
   * of the last epoch, whose scoring comes after the checkpoint and is done again.
   */
  @ParameterizedTest(name = "checkpoint every {0} steps")
  @ValueSource(ints = {7, 5})
  void resumeAloneFinishesTheRunInItsFolderWithEachStepOnceInItsMetrics(int checkpointEvery) throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(0, run(trainArgs(run, "6", "--checkpoint-every", Integer.toString(checkpointEvery))).status());
    double[] uninterrupted = parameters(run);
    List<JsonNode> before = metrics(run);
    Files.delete(run.resolve("summary.json"));

    CliRunner.Outcome resumed = run(List.of("train", "--resume", run.toString()));
    assertEquals(0, resumed.status(), resumed.err());
    assertEquals(30 - 30 % checkpointEvery, summary(run).get("resumed_from_step").asLong());
    assertArrayEquals(uninterrupted, parameters(run));
    List<JsonNode> after = metrics(run);
    assertEquals(36, after.size(), "30 steps and 6 epochs");
    assertEquals(withoutTimes(before), withoutTimes(after));
    List<String> order = after.stream().map(l -> l.get("type").asText() + " " + l.get(l.get("type").asText()).asInt()).toList();
    for (int epoch = 1, at = 0; epoch <= 6; epoch++) {
      for (int step = 5 * epoch - 4; step <= 5 * epoch; step++) assertEquals("step " + step, order.get(at++));
      assertEquals("epoch " + epoch, order.get(at++));
    }
  }

  @Test
  void anOptionGivenToTheResumeWinsOverTheRecordedOneAndIsRecorded() throws Exception {
    Path whole = tmp.resolve("whole"), run = tmp.resolve("run");
    assertEquals(0, run(trainArgs(whole, "6")).status());
    assertEquals(0, run(trainArgs(run, "4", "--checkpoint-every", "7")).status());
    CliRunner.Outcome longer = run(List.of("train", "--resume", run.toString(), "--epochs", "6"));
    assertEquals(0, longer.status(), longer.err());
    assertArrayEquals(parameters(whole), parameters(run));
    assertEquals("6", new ObjectMapper().readTree(run.resolve("run.json").toFile()).get("options").get("epochs").asText());
    assertEquals(30, metrics(run).stream().filter(l -> l.get("type").asText().equals("step")).count());
  }

  @Test
  void aRefusedResumeLeavesTheRunsRecordAndMetricsAsTheyWere() throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(0, run(trainArgs(run, "2", "--checkpoint-every", "3")).status());
    byte[] record = Files.readAllBytes(run.resolve("run.json")), metrics = Files.readAllBytes(run.resolve("metrics.jsonl"));
    CliRunner.Outcome other = run(List.of("train", "--resume", run.toString(), "--activation", "tanh"));
    other.assertOneLineError("--resume: the checkpoint is for network [2, 16, 3] relu, this run builds [2, 16, 3] tanh");
    assertArrayEquals(record, Files.readAllBytes(run.resolve("run.json")));
    assertArrayEquals(metrics, Files.readAllBytes(run.resolve("metrics.jsonl")));
  }

  @Test
  void aRunWithoutARecordNamesTheOptionsTheResumeNeeds() throws Exception {
    Path old = tmp.resolve("old");
    Path checkpoints = Files.createDirectories(old.resolve("checkpoints"));
    Path written = Path.of(getClass().getResource("/old-checkpoints/adam-spiral/checkpoints/checkpoint-000000000042.ckpt").toURI());
    Files.copy(written, checkpoints.resolve(written.getFileName().toString()));
    run(List.of("train", "--resume", old.toString())).assertOneLineError("--resume: " + old + " has no run.json, the record of its options "
        + "(a run of an older sparkprop): give them as it was started, --train DATA with its data options and --partitions, "
        + "and from its checkpoint --batch-size 64 --epochs 3 --hidden 16,16 --learning-rate 0.01 --seed 3");
  }

  private static JsonNode summary(Path run) throws IOException { return new ObjectMapper().readTree(run.resolve("summary.json").toFile()); }

  private static List<JsonNode> metrics(Path run) throws IOException {
    return Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(CliRunner::json).toList();
  }

  /** The lines without what the clock says. */
  private static List<JsonNode> withoutTimes(List<JsonNode> lines) {
    return lines.stream().map(l -> (JsonNode) ((ObjectNode) l.deepCopy()).without(List.of("seconds", "samples_per_second"))).toList();
  }
}
