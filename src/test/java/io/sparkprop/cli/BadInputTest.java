package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkprop.GzipDamage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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
   * With a {@code damage}, the content is written gzipped and then damaged that way.
   */
  record Case(String name, String file, String content, List<String> args, String expected, GzipDamage damage) {
    static final List<String> TRAIN = List.of("train", "--train", "{data}", "--out", "{dir}/out", "--epochs", "1");
    static final List<String> EVALUATE = List.of("evaluate", "--model", "{model}", "--data", "{data}");
    static final List<String> PREDICT = List.of("predict", "--model", "{model}", "--data", "{data}", "--out", "{dir}/p.csv");

    static Case train(String name, String file, String content, String expected) {
      return new Case(name, file, content, TRAIN, expected, null);
    }

    static Case evaluate(String name, String file, String content, String expected) {
      return new Case(name, file, content, EVALUATE, expected, null);
    }

    static Case of(String name, String file, String content, String expected, String... args) {
      return new Case(name, file, content, List.of(args), expected, null);
    }

    /** {@code args} on {@code content} gzipped into {@code file} and damaged. */
    static Case damaged(String name, GzipDamage damage, String file, String content, List<String> args, String expected) {
      return new Case(name, file, content, args, expected, damage);
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
            "train", "--train", "{data}", "--num-features", "4000000", "--hidden", "512", "--out", "{dir}/out"),
        Case.damaged("truncated gzipped CSV names the file", GzipDamage.TRUNCATED,
            "cut.csv.gz", CSV_ROWS, Case.TRAIN, "{data}: truncated or corrupt gzip data (Unexpected end of input stream)"),
        Case.damaged("truncated gzipped LIBSVM names the file", GzipDamage.TRUNCATED,
            "cut.libsvm.gz", LIBSVM_ROWS, Case.TRAIN, "{data}: truncated or corrupt gzip data (Unexpected end of input stream)"),
        Case.damaged("evaluate on truncated gzipped CSV names the file", GzipDamage.TRUNCATED,
            "cut.csv.gz", CSV_ROWS, Case.EVALUATE, "{data}: truncated or corrupt gzip data (Unexpected end of input stream)"),
        Case.damaged("evaluate on truncated gzipped LIBSVM names the file", GzipDamage.TRUNCATED,
            "cut.libsvm.gz", LIBSVM_ROWS, Case.EVALUATE, "{data}: truncated or corrupt gzip data (Unexpected end of input stream)"),
        Case.damaged("predict on truncated gzipped CSV names the file", GzipDamage.TRUNCATED,
            "cut.csv.gz", CSV_ROWS, Case.PREDICT, "{data}: truncated or corrupt gzip data (Unexpected end of input stream)"),
        Case.damaged("predict on truncated gzipped LIBSVM names the file", GzipDamage.TRUNCATED,
            "cut.libsvm.gz", LIBSVM_ROWS, Case.PREDICT, "{data}: truncated or corrupt gzip data (Unexpected end of input stream)"),
        Case.damaged("gzipped CSV with a corrupt header names the file", GzipDamage.BAD_HEADER,
            "header.csv.gz", CSV_ROWS, Case.TRAIN, "{data}: truncated or corrupt gzip data ("),
        Case.damaged("gzipped LIBSVM with a bad checksum names the file", GzipDamage.BAD_CRC,
            "crc.libsvm.gz", LIBSVM_ROWS, Case.TRAIN, "{data}: truncated or corrupt gzip data ("),
        Case.damaged("gzipped CSV with a garbage body names the file", GzipDamage.GARBAGE_BODY,
            "garbage.csv.gz", CSV_ROWS, Case.TRAIN, "{data}: truncated or corrupt gzip data ("));
  }

  /** Rows that fit the small model (3 features, classes 0 and 1), enough that a cut falls among them. */
  static final String CSV_ROWS = "0,1.0,2.0,3.0\n1,2.0,1.0,0.5\n".repeat(20);
  static final String LIBSVM_ROWS = "0 1:1.0 2:2.0 3:3.0\n1 1:2.0 2:1.0 3:0.5\n".repeat(20);

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputGivesExit2AndOneLineError(Case c, @TempDir Path dir) throws IOException {
    Path data = dir.resolve(c.file());
    if (c.damage() != null) {
      Files.write(data, c.damage().gzipped(c.content()));
    } else if (c.content() != null) {
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

  /** IDX is two files, images and labels (1 x 3 pixels here, to fit the small model): a damaged one is named, by every command. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"train", "evaluate", "predict"})
  void aTruncatedGzippedIdxFileIsNamedByEveryCommand(String command, @TempDir Path dir) throws IOException {
    Path images = dir.resolve("t-images-idx3-ubyte.gz");
    Files.write(images, GzipDamage.TRUNCATED.gzipped(idx(true, 400)));
    Files.write(dir.resolve("t-labels-idx1-ubyte.gz"), GzipDamage.gzip(idx(false, 400)));
    List<String> args = switch (command) {
      case "train" -> Case.TRAIN;
      case "evaluate" -> Case.EVALUATE;
      default -> Case.PREDICT;
    };
    Case c = new Case(command, images.getFileName().toString(), null, args, "", null);
    CliRunner.run(args.stream().map(a -> c.fill(a, images, dir)).toArray(String[]::new))
        .assertOneLineError(images + ": truncated or corrupt gzip data (Unexpected end of input stream)");
  }

  /**
   * An IDX images file of {@code n} images of 1 x 3 random pixels (random, so that gzip cannot squeeze
   * them and a cut falls among the records, read on the executors), or a labels file of labels k mod 2.
   */
  private static byte[] idx(boolean images, int n) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Random pixels = new Random(7);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(images ? 0x00000803 : 0x00000801);
      out.writeInt(n);
      if (images) {
        out.writeInt(1);
        out.writeInt(3);
      }
      for (int k = 0; k < n; k++)
        if (images) for (int p = 0; p < 3; p++) out.writeByte(pixels.nextInt(256));
        else out.writeByte(k % 2);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
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
