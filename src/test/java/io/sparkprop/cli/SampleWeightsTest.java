package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.model.ModelStore;
import io.sparkprop.train.Checkpoint;
import io.sparkprop.train.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sample weights through the command line: a weight of 3 is three copies of the row, weights of 1
 * are no weights, and a weighted run resumes as it would have run.
 */
class SampleWeightsTest {
  @TempDir Path tmp;

  /** 40 rows of class 0 and 14 of class 1, 3 features; each row as label,x1,x2,x3. */
  private static List<String> rows() {
    SplittableRandom random = new SplittableRandom(5);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 54; i++) {
      int label = i % 4 == 3 && rows.stream().filter(r -> r.startsWith("1,")).count() < 14 ? 1 : 0;
      double shift = label == 0 ? -0.5 : 0.5;
      rows.add(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f", label, shift + random.nextGaussian(), random.nextGaussian(),
          -shift + random.nextGaussian()));
    }
    return rows;
  }

  private Path write(String name, List<String> lines) throws IOException {
    return Files.write(tmp.resolve(name), lines);
  }

  /** Full batch in double on one partition, unscaled: the summary's moments would otherwise see the copies. */
  private double[] train(Path data, String optimizer, String... extra) {
    Path out = tmp.resolve("out-" + data.getFileName() + "-" + optimizer + "-" + extra.length);
    List<String> args = new ArrayList<>(List.of("train", "--train", data.toString(), "--out", out.toString(), "--hidden", "5",
        "--optimizer", optimizer, "--learning-rate", "0.5", "--batch-size", "0", "--epochs", "15", "--precision", "double",
        "--scaling", "none", "--partitions", "1", "--seed", "3"));
    args.addAll(List.of(extra));
    CliRunner.Outcome r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.status(), r.err());
    return parameters(out);
  }

  private static double[] parameters(Path run) {
    return ModelStore.load(run.resolve("model").toString(), SparkTestSupport.sparkContext().hadoopConfiguration()).parameters();
  }

  /**
   * Weighing class 1 by 3 is its rows three times over: the same objective, so full-batch training
   * in double ends at the same parameters. Not bit for bit: the copies sit elsewhere in the shuffled
   * blocks, so the sums over samples are added in another order, and L-BFGS's line search and SGD's
   * steps carry that round-off (about 1e-16 a sum) on; 1e-9 relative leaves it ample room and still
   * fails for any real difference in the objective (a weight of 2.9 moves parameters by ~1e-3).
   */
  @Test
  void weightingAClassThreeTimesTrainsAsRepeatingItsRowsThreeTimes() throws IOException {
    List<String> rows = rows();
    List<String> weightedRows = new ArrayList<>(), repeated = new ArrayList<>();
    for (String row : rows) {
      boolean heavy = row.startsWith("1,");
      weightedRows.add(row + (heavy ? ",3" : ",1"));
      for (int copy = 0; copy < (heavy ? 3 : 1); copy++) repeated.add(row);
    }
    Path plain = write("plain.csv", rows), weighted = write("weighted.csv", weightedRows), copies = write("copies.csv", repeated);
    for (String optimizer : List.of("sgd", "lbfgs")) {
      double[] expected = train(copies, optimizer);
      assertClose(expected, train(weighted, optimizer, "--weight-column", "-1"), optimizer + " weight column");
      assertClose(expected, train(plain, optimizer, "--class-weights", "1,3"), optimizer + " class weights");
    }
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length);
    double worst = 0, largest = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
      largest = Math.max(largest, Math.abs(expected[i]));
    }
    System.out.printf(Locale.ROOT, "%s: max |difference| %.3g, max |parameter| %.3g%n", what, worst, largest);
    assertTrue(worst <= 1e-9 * largest, what + ": max difference " + worst + " of parameters up to " + largest);
    assertFalse(Arrays.equals(new double[expected.length], actual));
  }

  /** Weights of 1 multiply nothing away: the gradient is the same, divided by the same count, so first-order runs match bit for bit. */
  @Test
  void weightsOfOneTrainAsNoWeightsBitForBit() throws IOException {
    List<String> rows = rows(), ones = new ArrayList<>();
    for (String row : rows) ones.add(row + ",1");
    Path plain = write("plain.csv", rows), weighted = write("ones.csv", ones);
    String[] args = {"--optimizer", "adam", "--batch-size", "16", "--precision", "float", "--scaling", "auto", "--partitions", "2"};
    double[] unweighted = trainWith(plain, args);
    String[] withColumn = Arrays.copyOf(args, args.length + 2);
    withColumn[args.length] = "--weight-column";
    withColumn[args.length + 1] = "-1";
    assertArrayEquals(unweighted, trainWith(weighted, withColumn));
  }

  private double[] trainWith(Path data, String... extra) {
    Path out = tmp.resolve("run-" + data.getFileName());
    List<String> args = new ArrayList<>(List.of("train", "--train", data.toString(), "--out", out.toString(), "--hidden", "5",
        "--epochs", "4", "--seed", "3"));
    args.addAll(List.of(extra));
    CliRunner.Outcome r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.status(), r.err());
    return parameters(out);
  }

  /** The weighted objective needs no state of its own: a resumed weighted run ends where the uninterrupted one does. */
  @Test
  void aWeightedRunResumesToTheSameParameters() throws IOException {
    List<String> weightedRows = new ArrayList<>();
    int i = 0;
    for (String row : rows()) weightedRows.add(row + "," + (0.5 + (i++ % 3)));
    Path data = write("w.csv", weightedRows);
    Path whole = tmp.resolve("whole"), first = tmp.resolve("first"), second = tmp.resolve("second");
    assertEquals(0, resumeRun(data, whole, "6").status());
    CliRunner.Outcome part = resumeRun(data, first, "4", "--checkpoint-every", "5");
    assertEquals(0, part.status(), part.err());
    CliRunner.Outcome resumed = resumeRun(data, second, "6", "--resume", first.toString());
    assertEquals(0, resumed.status(), resumed.err());
    assertArrayEquals(parameters(whole), parameters(second));
  }

  /**
   * Class weights change the objective, so the checkpoint's settings hold them, and a resume compares
   * them as it does every setting (warning on another value).
   */
  @Test
  void aCheckpointKeepsTheClassWeightsForTheResumeToCompare() throws IOException {
    List<String> weightedRows = new ArrayList<>();
    for (String row : rows()) weightedRows.add(row + ",1");
    Path run = tmp.resolve("run");
    CliRunner.Outcome r = resumeRun(write("w.csv", weightedRows), run, "1", "--checkpoint-every", "2");
    assertEquals(0, r.status(), r.err());
    Checkpoint newest = new CheckpointStore(run.toString(), SparkTestSupport.sparkContext().hadoopConfiguration())
        .loadNewest(warning -> fail(warning)).orElseThrow();
    assertEquals("balanced", newest.config().get("class_weights"), newest.config().toString());
  }

  private static CliRunner.Outcome resumeRun(Path data, Path out, String epochs, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--train", data.toString(), "--out", out.toString(), "--hidden", "5",
        "--epochs", epochs, "--batch-size", "16", "--partitions", "2", "--seed", "7", "--weight-column", "4", "--class-weights", "balanced"));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }
}
