package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.train.CheckpointStore;
import io.sparkprop.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints, resume and the divergence guard through the command line, in-process. */
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
}
