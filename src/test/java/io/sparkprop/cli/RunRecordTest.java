package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.model.ModelException;
import io.sparkprop.train.HadoopFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** run.json: the options a run used come back for every option a resume leaves out, and only for those. */
class RunRecordTest {
  @TempDir Path tmp;

  /** train parsed as Main parses it, with the packaged defaults. */
  private static TrainCommand parse(String... args) throws Exception {
    CommandLine cli = new CommandLine(new Main()).setDefaultValueProvider(ConfDefaults.load(null));
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    return (TrainCommand) parsed.subcommand().commandSpec().userObject();
  }

  @Test
  void aResumeTakesTheRecordedValueOfEveryOptionItDoesNotGive() throws Exception {
    HadoopFolder run = new HadoopFolder(tmp.resolve("run").toString(), new Configuration());
    TrainCommand started = parse("train", "--train", "data/a.csv", "--test", "data/b.csv", "--out", "runs/a", "--hidden", "8,8",
        "--optimizer", "sgd", "--nesterov", "--momentum", "0.8", "--learning-rate", "1e-3", "--label-column", "-1",
        "--partitions", "3", "--master", "local[3]");
    RunRecord.of(started.command, null).write(run);

    TrainCommand resumed = parse("train", "--resume", run.toString(), "--momentum", "0.5");
    RunRecord.read(run).orElseThrow().applyTo(resumed.command);
    assertEquals("data/a.csv", resumed.train);
    assertEquals("data/b.csv", resumed.test);
    assertEquals("8,8", resumed.hidden);
    assertEquals("sgd", resumed.optimizer);
    assertTrue(resumed.nesterov);
    assertEquals(1e-3, resumed.learningRate);
    assertEquals(-1, resumed.dataOptions.labelColumn);
    assertEquals(3, resumed.dataOptions.partitions);
    assertEquals(0.5, resumed.momentum, "given to the resume");
    assertNull(resumed.validation, "not given to the run");
    assertNull(resumed.out, "the run's folder is where it is now");
    assertEquals("local[*]", resumed.sparkOptions.master, "where Spark runs is the resume's to say");
  }

  @Test
  void aRecordOfAnotherFormatIsRefusedNamingTheFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("run"));
    Files.writeString(dir.resolve(RunRecord.NAME), "{\"format\": 2, \"options\": {}}");
    ModelException e = assertThrows(ModelException.class, () -> RunRecord.read(new HadoopFolder(dir.toString(), new Configuration())));
    assertTrue(e.getMessage().endsWith("run.json: run record format 2 is not supported (reads format 1)"), e.getMessage());
  }
}
