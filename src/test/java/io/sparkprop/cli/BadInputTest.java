package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input: exit 2 and one line on stderr naming the file, the line and the problem.
 *
 * <p>Most cases are rows of {@link #cases()}: write one input file, run the command line on it, expect
 * a one-line error containing a fragment. Cases of another shape are their own tests below the table.
 */
class BadInputTest {
  /** Holds only the model trained once for the whole class; each case writes into its own directory. */
  @TempDir static Path shared;
  static Path model;

  /** A small model trained once on 3 features and 2 classes, to score mismatching data against. */
  @BeforeAll
  static void trainSmallModel() throws IOException {
    Path train = Files.writeString(shared.resolve("small.csv"), "0,1.0,2.0,3.0\n1,2.0,1.0,0.5\n0,1.5,2.5,3.5\n1,2.5,0.5,0.0\n");
    model = shared.resolve("model-run");
    CliRunner.Outcome r = CliRunner.run("train", "--train", train.toString(), "--out", model.toString(), "--epochs", "2");
    assertEquals(0, r.status(), r.err());
  }

  /**
   * One row of the table. In {@code args} and {@code expected}, {@code {data}} stands for the path of the
   * written file, {@code {model}} for the small trained model and {@code {dir}} for the case's own
   * directory. A {@code null} content writes nothing, so {@code {data}} names a file that does not exist.
   */
  record Case(String name, String file, String content, List<String> args, String expected) {
    static final List<String> TRAIN = List.of("train", "--train", "{data}", "--out", "{dir}/out", "--epochs", "1");
    static final List<String> EVALUATE = List.of("evaluate", "--model", "{model}", "--data", "{data}");

    static Case train(String name, String file, String content, String expected) {
      return new Case(name, file, content, TRAIN, expected);
    }

    static Case evaluate(String name, String file, String content, String expected) {
      return new Case(name, file, content, EVALUATE, expected);
    }

    static Case of(String name, String file, String content, String expected, String... args) {
      return new Case(name, file, content, List.of(args), expected);
    }

    String fill(String s, Path data, Path dir) {
      return s.replace("{data}", data.toString()).replace("{model}", model.toString()).replace("{dir}", dir.toString());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        Case.train("malformed LIBSVM row names file and line",
            "bad.libsvm", "0 1:0.5 2:1.5\n1 1:0.1 oops\n", "{data}:2:"),
        Case.train("-1 among class indices is rejected on its line",
            "neg.libsvm", "0 1:0.5\n-1 1:0.1\n", "{data}:2: label -1 is not a class index"),
        Case.train("other negative labels are rejected on their line",
            "neg2.csv", "0,1,2\n-2,1,2\n",
            "{data}:2: label must be a class index (a non-negative integer), found '-2'"),
        Case.train("non-integer label names file and line",
            "frac.csv", "0,1,2\n0.5,1,2\n", "{data}:2:"),
        Case.train("LIBSVM feature indices out of order name file and line",
            "order.libsvm", "0 1:0.5 2:1\n1 3:0.1 2:0.2\n", "{data}:2:"),
        Case.train("LIBSVM feature index below the base names file and line",
            "base.libsvm", "0 1:0.5\n1 0:0.1\n", "{data}:2:"),
        Case.train("CSV row with a NaN feature names file and line",
            "nan.csv", "0,1,2\n1,NaN,2\n0,1,1\n", "{data}:2:"),
        Case.train("LIBSVM row with an infinite feature names file and line",
            "inf.libsvm", "0 1:0.5\n1 1:Infinity\n", "{data}:2:"),
        Case.train("ragged CSV row names file and line",
            "ragged.csv", "0,1,2\n1,2,3\n0,1\n", "{data}:3:"),
        Case.train("missing training data names the file",
            "does-not-exist.csv", null, "{data}"),
        Case.train("empty training data says there are no rows",
            "empty.csv", "", "no rows"),
        Case.evaluate("test data with another feature count than the model names file and line",
            "wide.csv", "0,1,2,3,4\n1,1,2,3,4\n", "{data}:1:"),
        Case.evaluate("test label out of the model's class range names file and line",
            "label7.csv", "0,1,2,3\n7,1,2,3\n", "{data}:2:"),
        Case.of("missing model names the model path",
            "ok.csv", "0,1,2,3\n", "no-model",
            "evaluate", "--model", "{dir}/no-model", "--data", "{data}"),
        Case.of("network too large to hold is refused before training with its parameter count",
            "hashed.libsvm", "0 5:1 16000000:2\n1 7:1\n", "4,294,968,066 parameters",
            "train", "--train", "{data}", "--num-features", "16777216", "--hidden", "256", "--out", "{dir}/out"),
        Case.of("negative CSV weight names file, line and value",
            "negw.csv", "0,1,2,1\n1,2,1,-1.5\n", "{data}:2: field 4: weight -1.5 is not allowed",
            "train", "--train", "{data}", "--weight-column", "-1", "--out", "{dir}/out", "--epochs", "1"),
        Case.of("NaN CSV weight names file, line and value",
            "nanw.csv", "0,1,2,1\n1,2,1,NaN\n", "{data}:2: field 4: weight NaN is not allowed",
            "train", "--train", "{data}", "--weight-column", "3", "--out", "{dir}/out", "--epochs", "1"),
        Case.of("infinite CSV weight names file, line and value",
            "infw.csv", "0,1,2,Infinity\n1,2,1,1\n", "{data}:1: field 4: weight Infinity is not allowed",
            "train", "--train", "{data}", "--weight-column", "-1", "--out", "{dir}/out", "--epochs", "1"),
        Case.of("weights that sum to 0 are refused",
            "zerow.csv", "0,1,2,0\n1,2,1,0\n", "sum to 0",
            "train", "--train", "{data}", "--weight-column", "-1", "--out", "{dir}/out", "--epochs", "1"),
        Case.of("a weight column for LIBSVM is refused",
            "w.libsvm", "0 1:0.5\n1 1:1\n", "--weight-column applies to CSV and Parquet data",
            "train", "--train", "{data}", "--weight-column", "2", "--out", "{dir}/out", "--epochs", "1"),
        Case.of("a weight column for generated data is refused",
            "unused.csv", "", "--weight-column applies to CSV and Parquet data; spiral is generated",
            "train", "--train", "spiral", "--weight-column", "2", "--out", "{dir}/out", "--epochs", "1"),
        Case.of("a CSV weight column that is not a number is refused",
            "namew.csv", "0,1,2,1\n1,2,1,1\n", "--weight-column: CSV columns are numbered",
            "train", "--train", "{data}", "--weight-column", "w", "--out", "{dir}/out", "--epochs", "1"),
        Case.of("a negative class weight is refused",
            "cw.csv", "0,1,2\n1,2,1\n", "--class-weights: class 0's weight -1 must be finite and non-negative",
            "train", "--train", "{data}", "--class-weights", "-1,1", "--out", "{dir}/out", "--epochs", "1"),
        Case.of("class weights for another number of classes are refused",
            "cw3.csv", "0,1,2\n1,2,1\n", "--class-weights: 3 weights for 2 classes",
            "train", "--train", "{data}", "--class-weights", "1,2,3", "--out", "{dir}/out", "--epochs", "1"),
        Case.of("network too large for the driver's memory names the memory it needs",
            "hashed2.libsvm", "0 5:1 1000000:2\n1 7:1\n", "needs about",
            "train", "--train", "{data}", "--num-features", "4000000", "--hidden", "512", "--out", "{dir}/out"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputGivesExit2AndOneLineError(Case c, @TempDir Path dir) throws IOException {
    Path data = dir.resolve(c.file());
    if (c.content() != null) {
      Files.writeString(data, c.content());
    }
    String[] args = c.args().stream().map(a -> c.fill(a, data, dir)).toArray(String[]::new);
    CliRunner.Outcome outcome = CliRunner.run(args);
    try {
      outcome.assertOneLineError(c.fill(c.expected(), data, dir));
    } catch (AssertionError e) {
      // Surefire's report names rows by index only; say which case failed.
      throw new AssertionError(c.name() + ": " + e.getMessage(), e);
    }
  }

  /** Two input files, and the error must name the test file, not the training file. */
  @Test
  void trainAndTestWithDifferentFeatureCountsNameTheTestFileAndLine(@TempDir Path dir) throws IOException {
    Path train = Files.writeString(dir.resolve("train3.csv"), "0,1,2,3\n1,3,2,1\n");
    Path test = Files.writeString(dir.resolve("test4.csv"), "0,1,2,3,4\n1,3,2,1,0\n");
    CliRunner.run("train", "--train", train.toString(), "--test", test.toString(), "--out",
        dir.resolve("out").toString(), "--epochs", "1").assertOneLineError(test + ":1:");
  }
}
