package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkprop.SparkTestSupport;
import io.sparkprop.train.CheckpointStore;
import io.sparkprop.model.ModelStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training in real separate JVMs: executors in local-cluster mode, a driver killed with kill -9.
 * Each test compares against an uninterrupted in-process run on local[2] with the same partitions,
 * which the synchronized, partition-ordered aggregation makes bit-for-bit reproducible.
 */
class FaultToleranceTest {
  private static final String LOCAL_CLUSTER = "local-cluster[2,1,1024]";
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

  @TempDir Path tmp;

  /** Full-batch spiral training of {@code steps} steps. */
  private static List<String> fullBatch(Path out, int steps) {
    return new ArrayList<>(List.of("train", "--train", "spiral", "--out", out.toString(), "--hidden", "16",
        "--batch-size", "0", "--epochs", Integer.toString(steps), "--learning-rate", "0.02", "--partitions", "2", "--seed", "3"));
  }

  /** Mini-batch spiral training (5 steps an epoch, Adam), so resume must restore data order and moments. */
  private static List<String> miniBatch(Path out, int epochs) {
    return new ArrayList<>(List.of("train", "--train", "spiral", "--out", out.toString(), "--hidden", "16",
        "--batch-size", "64", "--epochs", Integer.toString(epochs), "--learning-rate", "0.01", "--partitions", "2", "--seed", "5"));
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  @Timeout(240)
  void localClusterWithTwoExecutorJvmsGivesTheSameLossAsLocalMode() throws Exception {
    JsonNode local = inProcess(fullBatch(tmp.resolve("local"), 5));
    Path clusterOut = tmp.resolve("cluster");
    try (SparkpropJvm driver = SparkpropJvm.start(tmp, with(fullBatch(clusterOut, 5), "--master", LOCAL_CLUSTER).toArray(String[]::new))) {
      assertEquals(0, driver.waitFor(RUN_LIMIT), driver.stderr());
    }
    JsonNode cluster = summary(clusterOut);
    assertEquals(2, cluster.get("executors").asInt(), "executors that ran tasks");
    assertRelativelyEqual(local.get("final_loss").asDouble(), cluster.get("final_loss").asDouble());
    assertRelativelyEqual(local.get("last_step_loss").asDouble(), cluster.get("last_step_loss").asDouble());
  }

  @Test
  @Timeout(300)
  void anExecutorKilledMidTrainingLeavesTheFinalLossUnchanged() throws Exception {
    int steps = 60;
    JsonNode uninterrupted = inProcess(fullBatch(tmp.resolve("local"), steps));
    Path out = tmp.resolve("cluster");
    long stepsAtKill;
    try (SparkpropJvm driver = SparkpropJvm.start(tmp, with(fullBatch(out, steps), "--master", LOCAL_CLUSTER).toArray(String[]::new))) {
      SparkpropJvm.await("15 steps", RUN_LIMIT, () -> metricLines(out) >= 15);
      SparkpropJvm.await("2 executor JVMs", Duration.ofSeconds(30), () -> driver.executorPids().size() == 2);
      List<Long> executors = driver.executorPids();
      assertEquals(2, executors.size(), "executor JVMs under the driver: " + executors);
      ProcessHandle victim = ProcessHandle.of(executors.get(0)).orElseThrow();
      victim.destroyForcibly(); // SIGKILL
      victim.onExit().get();
      stepsAtKill = metricLines(out);
      assertEquals(0, driver.waitFor(RUN_LIMIT), driver.stderr());
    }
    assertTrue(stepsAtKill < steps, "the executor died mid-run (after " + stepsAtKill + " steps)");
    JsonNode survived = summary(out);
    assertEquals(steps, survived.get("steps").asInt());
    assertRelativelyEqual(uninterrupted.get("final_loss").asDouble(), survived.get("final_loss").asDouble());
  }

  @Test
  @Timeout(300)
  void aDriverKilledMidTrainingAndResumedEndsWithTheSameParameters() throws Exception {
    int epochs = 60; // 300 steps
    Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed"), resumed = tmp.resolve("resumed");
    inProcess(miniBatch(whole, epochs));
    CheckpointStore checkpoints = new CheckpointStore(killed.toString(), SparkTestSupport.sparkContext().hadoopConfiguration());
    try (SparkpropJvm driver = SparkpropJvm.start(tmp, with(miniBatch(killed, epochs), "--master", "local[2]", "--checkpoint-every", "7").toArray(String[]::new))) {
      SparkpropJvm.await("two checkpoints", RUN_LIMIT, () -> checkpoints.files().size() >= 2 && metricLines(killed) >= 40);
      driver.killDriver();
    }
    assertFalse(Files.exists(killed.resolve("model")), "the driver died before finishing");
    try (SparkpropJvm driver = SparkpropJvm.start(tmp, with(miniBatch(resumed, epochs), "--master", "local[2]", "--resume", killed.toString()).toArray(String[]::new))) {
      assertEquals(0, driver.waitFor(RUN_LIMIT), driver.stderr());
    }
    assertTrue(summary(resumed).get("resumed_from_step").asLong() >= 14);
    assertArraysRelativelyEqual(parameters(whole), parameters(resumed));
  }

  @Test
  @Timeout(240)
  void aTruncatedCheckpointIsSkippedForThePreviousOneWithAWarning() throws Exception {
    Path whole = tmp.resolve("whole"), first = tmp.resolve("first"), resumed = tmp.resolve("resumed");
    inProcess(miniBatch(whole, 8));
    inProcess(with(miniBatch(first, 4), "--checkpoint-every", "3")); // keeps the checkpoints of steps 18 and 15
    CheckpointStore store = new CheckpointStore(first.toString(), SparkTestSupport.sparkContext().hadoopConfiguration());
    Path newest = Path.of(java.net.URI.create(store.files().get(0)));
    try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) { f.setLength(f.length() - 100); }
    String stderr;
    try (SparkpropJvm driver = SparkpropJvm.start(tmp, with(miniBatch(resumed, 8), "--master", "local[2]", "--resume", first.toString()).toArray(String[]::new))) {
      assertEquals(0, driver.waitFor(RUN_LIMIT), driver.stderr());
      stderr = driver.stderr();
    }
    assertTrue(stderr.lines().anyMatch(l -> l.contains("skipping checkpoint") && l.contains("checkpoint-000000000018.ckpt") && l.contains("truncated")), stderr);
    assertEquals(15, summary(resumed).get("resumed_from_step").asLong());
    assertArraysRelativelyEqual(parameters(whole), parameters(resumed));
  }

  private static JsonNode inProcess(List<String> args) throws IOException {
    CliRunner.Outcome r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.status(), r.err());
    return summary(Path.of(args.get(args.indexOf("--out") + 1)));
  }

  private static JsonNode summary(Path run) throws IOException {
    return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
  }

  private static long metricLines(Path run) {
    try (var lines = Files.lines(run.resolve("metrics.jsonl"))) {
      return lines.count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // not written yet
    }
  }

  private static double[] parameters(Path run) {
    return ModelStore.load(run.resolve("model").toString(), SparkTestSupport.sparkContext().hadoopConfiguration()).parameters();
  }

  private static void assertRelativelyEqual(double expected, double actual) {
    assertTrue(Math.abs(expected - actual) <= 1e-9 * Math.abs(expected), "expected " + expected + ", got " + actual);
  }

  private static void assertArraysRelativelyEqual(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    double worst = 0;
    for (int i = 0; i < expected.length; i++)
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]) / Math.max(Math.abs(expected[i]), 1e-300));
    assertTrue(worst <= 1e-9, "largest relative difference " + worst);
    assertArrayEquals(expected, actual, "bit for bit");
  }
}
