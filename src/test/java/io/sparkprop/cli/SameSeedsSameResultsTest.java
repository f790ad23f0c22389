package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.model.ModelStore;
import io.sparkprop.nn.Network;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same seeds, same results: each run below was trained once by the code before the redesign of the
 * training loop (issue 14), and its final parameters were saved under {@code expected/}. The runs go
 * through the command line, whose options did not change, so they pin every path a user takes
 * (optimizers, schedules, dropout, weight decay, validation, precision, resume) whatever the code
 * behind them. First-order runs must match bit for bit; L-BFGS, whose line search Breeze runs, within
 * 1e-12 relative. The two resume cases start from checkpoints written by that older code.
 *
 * <p>Bit-exact means the same arithmetic: the values were saved with Spark's pure-Java BLAS
 * (VectorBLAS, as CI runs); with another BLAS the cases are skipped. To save new values on purpose
 * (a change that is meant to change results), run with {@code -Dsparkprop.expected.write=true}.
 */
class SameSeedsSameResultsTest {
  private static final Path EXPECTED = Path.of("src/test/resources/expected");
  private static final String SAVED_WITH_BLAS = "VectorBLAS";
  private static final boolean WRITE = Boolean.getBoolean("sparkprop.expected.write");

  @TempDir Path tmp;

  record Case(String name, double tolerance, String resumeFrom, List<String> args) {
    @Override public String toString() { return name; }
  }

  private static Case exact(String name, String... args) { return new Case(name, 0, null, List.of(args)); }

  private static final String SPIRAL = "spiral:3:300";

  static Stream<Case> cases() {
    String fashion = resource("fashion-mnist-400/train-images-idx3-ubyte.gz").toString();
    return Stream.of(
        exact("adam-spiral", "--train", SPIRAL, "--hidden", "16,16", "--epochs", "4", "--batch-size", "64",
            "--learning-rate", "0.01"),
        exact("sgd-nesterov-cosine-warmup-dropout-decay-spiral", "--train", SPIRAL, "--hidden", "16", "--optimizer", "sgd",
            "--nesterov", "--momentum", "0.9", "--learning-rate", "0.05", "--schedule", "cosine", "--warmup-steps", "3",
            "--dropout", "0.1", "--weight-decay", "0.0001", "--epochs", "4", "--batch-size", "64"),
        exact("adam-validation-patience-spiral", "--train", SPIRAL, "--hidden", "16", "--epochs", "6", "--batch-size", "32",
            "--learning-rate", "0.02", "--validation-fraction", "0.25", "--patience", "2"),
        exact("sgd-step-fashion", "--train", fashion, "--hidden", "8", "--optimizer", "sgd", "--momentum", "0.9",
            "--learning-rate", "0.05", "--schedule", "step", "--decay-epochs", "1", "--decay-rate", "0.5", "--epochs", "3",
            "--batch-size", "100"),
        exact("adam-cosine-double-fashion", "--train", fashion, "--hidden", "8", "--epochs", "2", "--batch-size", "128",
            "--schedule", "cosine", "--warmup-epochs", "0.5", "--precision", "double"),
        new Case("lbfgs-double-spiral", 1e-12, null, List.of("--train", SPIRAL, "--hidden", "8", "--optimizer", "lbfgs",
            "--batch-size", "0", "--epochs", "8", "--precision", "double")),
        new Case("lbfgs-fashion", 1e-12, null, List.of("--train", fashion, "--hidden", "8", "--optimizer", "lbfgs",
            "--batch-size", "0", "--epochs", "4")),
        // checkpoints of the first and the L-BFGS run, written by the older code part way through
        new Case("adam-spiral", 0, "adam-spiral", List.of("--train", SPIRAL, "--hidden", "16,16", "--epochs", "4",
            "--batch-size", "64", "--learning-rate", "0.01")),
        new Case("lbfgs-double-spiral", 1e-12, "lbfgs-double-spiral", List.of("--train", SPIRAL, "--hidden", "8",
            "--optimizer", "lbfgs", "--batch-size", "0", "--epochs", "8", "--precision", "double")));
  }

  @ParameterizedTest(name = "{0} (resumed from {2})")
  @MethodSource("cases")
  void trainsToTheSavedParameters(Case c) throws IOException {
    Assumptions.assumeTrue(WRITE || Network.blasName().equals(SAVED_WITH_BLAS),
        "saved with " + SAVED_WITH_BLAS + ", running with " + Network.blasName());
    Path out = tmp.resolve("run");
    List<String> args = new ArrayList<>(List.of("train", "--out", out.toString(), "--partitions", "2", "--seed", "3"));
    args.addAll(c.args());
    if (c.resumeFrom() != null) args.addAll(List.of("--resume", copyOfOldRun(c.resumeFrom()).toString()));
    CliRunner.Outcome run = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, run.status(), run.err());
    double[] trained = ModelStore.load(out.resolve("model").toString(), SparkTestSupport.sparkContext().hadoopConfiguration()).parameters();
    Path file = EXPECTED.resolve(c.name() + ".params");
    if (WRITE && c.resumeFrom() == null) {
      write(file, trained);
      return;
    }
    double[] expected = read(file);
    assertEquals(expected.length, trained.length, "parameter count");
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(trained[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-300);
      if (trained[i] != expected[i] && d > worst) { worst = d; at = i; }
    }
    if (at >= 0 && (c.tolerance() == 0 || worst > c.tolerance()))
      fail(c.name() + ": parameter " + at + " is " + trained[at] + ", saved " + expected[at] + " (relative difference " + worst
          + ", allowed " + c.tolerance() + ")");
  }

  /** A copy of a run folder (its checkpoints) that the older code wrote, so a resume cannot alter the saved one. */
  private Path copyOfOldRun(String name) throws IOException {
    Path from = resource("old-checkpoints/" + name), to = tmp.resolve("old-" + name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    return to;
  }

  private static Path resource(String name) {
    try {
      return Path.of(SameSeedsSameResultsTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource " + name + " is missing", e);
    }
  }

  private static void write(Path file, double[] values) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream o = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(o)) {
      out.writeInt(values.length);
      for (double v : values) out.writeDouble(v);
    }
  }

  private static double[] read(Path file) throws IOException {
    try (InputStream i = Files.newInputStream(file); DataInputStream in = new DataInputStream(i)) {
      double[] values = new double[in.readInt()];
      for (int k = 0; k < values.length; k++) values[k] = in.readDouble();
      return values;
    }
  }
}
