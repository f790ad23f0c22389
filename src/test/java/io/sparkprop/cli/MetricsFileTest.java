package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkprop.train.HadoopFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {
  @TempDir Path tmp;

  private static String step(int step) { return "{\"type\":\"step\",\"step\":" + step + ",\"epoch\":" + ((step - 1) / 3 + 1) + "}"; }
  private static String epoch(int epoch) { return "{\"type\":\"epoch\",\"epoch\":" + epoch + ",\"step\":" + 3 * epoch + "}"; }

  @Test
  void aResumeKeepsTheStepsUpToItsCheckpointAndTheEpochsThatEndedBeforeIt() throws Exception {
    Path run = tmp.resolve("run");
    Files.createDirectories(run);
    // two epochs of three steps, a third begun, and a line a crash cut short
    List<String> written = List.of(step(1), step(2), step(3), epoch(1), step(4), step(5), step(6), epoch(2), step(7), "{\"type\":\"st");
    Files.write(run.resolve(MetricsFile.NAME), written);
    try (MetricsFile metrics = new MetricsFile(OutputDir.create(run.toString(), new Configuration()))) {
      // the checkpoint after step 6, before epoch 2 was scored: the resume scores it again
      metrics.startAfter(new HadoopFolder(run.toString(), new Configuration()), 6);
      metrics.write(Map.of("type", "epoch", "epoch", 2, "step", 6));
    }
    assertEquals(List.of(step(1), step(2), step(3), epoch(1), step(4), step(5), step(6), "{\"type\":\"epoch\",\"epoch\":2,\"step\":6}")
        .stream().map(CliRunner::json).toList(), Files.readAllLines(run.resolve(MetricsFile.NAME)).stream().map(CliRunner::json).toList());
  }

  @Test
  void aResumeIntoAnotherFolderStartsWithTheResumedRunsLinesAndAFreshRunWithNone() throws Exception {
    Path run = tmp.resolve("run"), other = tmp.resolve("other");
    Files.createDirectories(run);
    Files.write(run.resolve(MetricsFile.NAME), List.of(step(1), step(2), step(3), epoch(1), step(4)));
    Files.createDirectories(other);
    Files.write(other.resolve(MetricsFile.NAME), List.of(step(8), step(9))); // an earlier run of its own
    try (MetricsFile metrics = new MetricsFile(OutputDir.create(other.toString(), new Configuration()))) {
      metrics.startAfter(new HadoopFolder(run.toString(), new Configuration()), 2);
    }
    assertEquals(List.of(step(1), step(2)), Files.readAllLines(other.resolve(MetricsFile.NAME)));
    try (MetricsFile metrics = new MetricsFile(OutputDir.create(run.toString(), new Configuration()))) {
      metrics.startFresh();
    }
    assertEquals(List.of(), Files.readAllLines(run.resolve(MetricsFile.NAME)));
  }
}
