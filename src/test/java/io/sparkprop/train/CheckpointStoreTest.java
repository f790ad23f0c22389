package io.sparkprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerState;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path tmp;

  private static Checkpoint checkpoint(long step) {
    NetworkSpec spec = NetworkSpec.of(2, new int[] {3}, 2, Activation.TANH);
    double[] params = new double[spec.numParameters()];
    for (int i = 0; i < params.length; i++) params[i] = Math.sin(step + i) * 1e-3;
    double[] m = params.clone();
    m[0] = Double.MIN_VALUE;
    OptimizerState adam = new OptimizerState("adam", step, Map.of("m", m, "v", new double[params.length]));
    return new Checkpoint(spec, 300, Map.of("seed", "1"), new TrainingState(params, adam, (int) step / 6, (int) step % 6, step));
  }

  @Test
  void roundTripsBitExactlyAndKeepsTheNewestTwo() {
    CheckpointStore store = new CheckpointStore(tmp.toString(), new Configuration());
    for (long step = 1; step <= 4; step++) store.save(checkpoint(step));
    assertEquals(2, store.files().size(), store.files().toString());
    Checkpoint back = store.loadNewest(w -> { throw new AssertionError(w); }).orElseThrow();
    Checkpoint expected = checkpoint(4);
    assertEquals(expected.spec(), back.spec());
    assertArrayEquals(expected.state().parameters(), back.state().parameters());
    assertArrayEquals(expected.state().optimizer().buffer("m"), back.state().optimizer().buffer("m"));
    assertEquals(4, back.state().optimizer().steps());
    assertEquals(List.of(0, 4, 4L, 300L), List.of(back.state().epoch(), back.state().stepInEpoch(), back.step(), back.trainRows()));
    assertEquals("1", back.config().get("seed"));
  }

  @Test
  void aTruncatedNewestCheckpointIsSkippedForThePreviousWithAWarning() throws Exception {
    CheckpointStore store = new CheckpointStore(tmp.toString(), new Configuration());
    store.save(checkpoint(5));
    store.save(checkpoint(10));
    Path newest = Path.of(java.net.URI.create(store.files().get(0)));
    try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) { f.setLength(f.length() / 2); }
    List<String> warnings = new ArrayList<>();
    Checkpoint back = store.loadNewest(warnings::add).orElseThrow();
    assertEquals(5, back.step());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("checkpoint-000000000010.ckpt") && warnings.get(0).contains("truncated"), warnings.get(0));
  }

  @Test
  void aFlippedByteIsCaughtByTheChecksum() throws Exception {
    CheckpointStore store = new CheckpointStore(tmp.toString(), new Configuration());
    store.save(checkpoint(3));
    Path only = Path.of(java.net.URI.create(store.files().get(0)));
    byte[] bytes = Files.readAllBytes(only);
    bytes[bytes.length - 20] ^= 1;
    Files.write(only, bytes);
    List<String> warnings = new ArrayList<>();
    assertTrue(store.loadNewest(warnings::add).isEmpty());
    assertTrue(warnings.get(0).contains("CRC32"), warnings.toString());
  }

  @Test
  void aTemporaryFileLeftByACrashIsIgnored() throws Exception {
    CheckpointStore store = new CheckpointStore(tmp.toString(), new Configuration());
    store.save(checkpoint(2));
    Files.write(tmp.resolve("checkpoints/._tmp-1234abcd-checkpoint-000000000009.ckpt"), new byte[] {1, 2, 3});
    assertEquals(2, store.loadNewest(w -> { throw new AssertionError(w); }).orElseThrow().step());
  }

  @Test
  void keepsTheValidationProgressWithTheBestParametersBitExactly() {
    Checkpoint plain = checkpoint(8);
    double[] best = plain.state().parameters();
    best[1] = Math.nextUp(best[1]);
    List<EpochMetrics> history = List.of(new EpochMetrics(1, 6, 0.9, 0.5, 1.1, 0.4, 0.25), new EpochMetrics(2, 12, 0.7, 0.6, 1.2, 0.45, 0.5));
    ValidationProgress progress = new ValidationProgress(history, 1, 1.1, best);
    CheckpointStore store = new CheckpointStore(tmp.toString(), new Configuration());
    store.save(new Checkpoint(plain.spec(), plain.trainRows(), plain.config(), plain.state(), progress));
    ValidationProgress back = store.loadNewest(w -> { throw new AssertionError(w); }).orElseThrow().validation();
    assertEquals(history, back.history());
    assertEquals(1, back.bestEpoch());
    assertEquals(1.1, back.bestLoss());
    assertArrayEquals(best, back.bestParameters());
  }

  @Test
  void aCheckpointOfVersionOneStillReadsWithoutValidationProgress() throws Exception {
    Path oldRun = Path.of(getClass().getResource("/old-checkpoints/adam-spiral").toURI());
    Checkpoint old = new CheckpointStore(oldRun.toString(), new Configuration()).loadNewest(w -> { throw new AssertionError(w); }).orElseThrow();
    assertEquals(42, old.step());
    assertNull(old.validation());
  }
}
