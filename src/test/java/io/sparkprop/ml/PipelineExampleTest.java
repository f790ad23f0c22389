package io.sparkprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkprop.cli.Main;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's pipeline example and the command line, on the same CSV and seed, reach the same accuracy. */
class PipelineExampleTest {
  /** Fewer than the example's 300 to keep the test short: each full-batch step is one Spark job. */
  private static final int EPOCHS = 100;

  @TempDir Path tmp;

  @Test
  void pipelineExampleMatchesTheCommandLineOnTheSameDataAndSeed() throws Exception {
    Path csv = SpiralTables.csv(tmp.resolve("spiral.csv"), 3, 100);
    double example = PipelineExample.accuracy(SpiralTables.spark(), csv.toString(), tmp.resolve("pipeline").toString(), EPOCHS);

    Path run = tmp.resolve("run");
    int status = Main.run("train", "--train", csv.toString(), "--out", run.toString(),
        "--hidden", "100", "--epochs", Integer.toString(EPOCHS), "--batch-size", "0", "--learning-rate", "0.05", "--seed", "1");
    assertEquals(0, status);
    double cli = new ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("train_accuracy").asDouble();

    assertEquals(cli, example, 1e-12, "command line " + cli + ", pipeline " + example);
    assertTrue(example > 0.8, "accuracy " + example);
  }
}
