package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.export.OnnxScores;
import io.sparkprop.model.ModelStore;
import io.sparkprop.model.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models trained by the command line, exported by {@code export} and run by ONNX Runtime, score a
 * test set as sparkprop does (probabilities within 1e-5, identical labels); bad paths fail as every
 * sub-command's bad input does. (Every activation and scaling on random parameters: OnnxExportTest.)
 */
class ExportCommandTest {
  static final double TOLERANCE = 1e-5;

  @TempDir Path tmp;

  @Test
  void aDenseStandardizedReluModelScoresAsSparkprop() throws Exception {
    Data data = clusters(4, 3, 600, 1);
    trainExportAndCompare(data, "csv", "--hidden", "8,6", "--activation", "relu");
  }

  @Test
  void aSparseHighDimensionalMaxabsModelScoresAsSparkprop() throws Exception {
    Data data = sparseTopics(5000, 3, 600, 3);
    TrainedModel model = trainExportAndCompare(data, "libsvm", "--hidden", "16");
    assertEquals("maxabs", model.scaler().kind().cliName(), "auto scaling of sparse input");
  }

  @Test
  void aMinusOnePlusOneSetGivesMinusOneAndPlusOneLabels() throws Exception {
    Data data = clusters(5, 2, 600, 4).withLabels(new int[] {-1, 1});
    TrainedModel model = trainExportAndCompare(data, "libsvm", "--hidden", "6", "--activation", "sigmoid");
    assertEquals(List.of(-1, 1), Arrays.stream(model.labels().originalLabels()).boxed().toList());
    OnnxScores.Scores onnx = OnnxScores.onnxRuntime(tmp.resolve("model.onnx"), data.testRows());
    assertEquals(List.of(-1L, 1L), Arrays.stream(onnx.labels()).distinct().sorted().boxed().toList());
  }

  @Test
  void aMissingModelFolderIsOneLineAndExit2() {
    CliRunner.run("export", "--model", tmp.resolve("no-model").toString(), "--onnx", tmp.resolve("m.onnx").toString())
        .assertOneLineError(tmp.resolve("no-model") + ": no sparkprop model here");
  }

  @Test
  void aFileThatCannotBeWrittenIsOneLineAndExit2() throws IOException {
    Path run = tmp.resolve("run");
    assertEquals(0, CliRunner.run("train", "--train", "spiral", "--out", run.toString(), "--hidden", "4", "--epochs", "1").status());
    Path underAFile = Files.writeString(tmp.resolve("plain.txt"), "x").resolve("m.onnx");
    CliRunner.run("export", "--model", run.toString(), "--onnx", underAFile.toString())
        .assertOneLineError(underAFile + ": cannot write ONNX file");
    CliRunner.run("export", "--model", run.toString(), "--onnx", tmp.toString())
        .assertOneLineError(tmp + ": is a directory");
  }

  /** Trains on the data's training rows, exports DIR (the run folder), compares on its test rows. */
  private TrainedModel trainExportAndCompare(Data data, String format, String... options) throws Exception {
    Path train = data.write(tmp.resolve("train." + format), format, data.trainRows(), data.trainLabels());
    Path run = tmp.resolve("run");
    List<String> args = new ArrayList<>(List.of("train", "--train", train.toString(), "--out", run.toString(),
        "--epochs", "40", "--batch-size", "0", "--learning-rate", "0.03"));
    args.addAll(List.of(options));
    CliRunner.Outcome trained = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, trained.status(), trained.err());

    Path onnx = tmp.resolve("model.onnx");
    CliRunner.Outcome exported = CliRunner.run("export", "--model", run.toString(), "--onnx", onnx.toString());
    assertEquals(0, exported.status(), exported.err());
    assertTrue(exported.out().contains("exported to " + onnx), exported.out());

    TrainedModel model = ModelStore.load(run.resolve("model").toString(), new Configuration());
    OnnxScores.assertAgree(OnnxScores.sparkprop(model, data.testRows()), OnnxScores.onnxRuntime(onnx, data.testRows()), TOLERANCE);
    return model;
  }

  /** Rows with labels, the first 2/3 for training and the rest for the test; labels as written to the file. */
  record Data(double[][] rows, int[] labels) {
    int split() { return rows.length * 2 / 3; }
    double[][] trainRows() { return Arrays.copyOfRange(rows, 0, split()); }
    int[] trainLabels() { return Arrays.copyOfRange(labels, 0, split()); }
    double[][] testRows() { return Arrays.copyOfRange(rows, split(), rows.length); }

    /** Class k written as {@code names[k]}. */
    Data withLabels(int[] names) {
      return new Data(rows, Arrays.stream(labels).map(k -> names[k]).toArray());
    }

    /** CSV (label first) or LIBSVM (non-zeros only, 1-based), with every double as Java prints it so both sides read the same value. */
    Path write(Path file, String format, double[][] x, int[] y) throws IOException {
      List<String> lines = new ArrayList<>();
      for (int r = 0; r < x.length; r++) {
        StringBuilder line = new StringBuilder().append(y[r]);
        for (int i = 0; i < x[r].length; i++) {
          if (format.equals("csv")) line.append(',').append(x[r][i]);
          else if (x[r][i] != 0) line.append(' ').append(i + 1).append(':').append(x[r][i]);
        }
        lines.add(line.toString());
      }
      return Files.write(file, lines);
    }
  }

  /** Gaussian clusters, one per class, on features of very different offsets and scales (what standardize is for). */
  static Data clusters(int features, int classes, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] centres = new double[classes][features];
    for (double[] c : centres) for (int i = 0; i < features; i++) c[i] = random.nextGaussian();
    double[][] rows = new double[n][features];
    int[] labels = new int[n];
    for (int r = 0; r < n; r++) {
      labels[r] = random.nextInt(classes);
      for (int i = 0; i < features; i++) {
        double scale = Math.pow(10, i - 1), offset = 3 * i;
        rows[r][i] = offset + scale * (centres[labels[r]][i] + 0.8 * random.nextGaussian());
      }
    }
    return new Data(rows, labels);
  }

  /** Sparse rows over many features: each class favours its own block of features, plus shared noise features. */
  static Data sparseTopics(int features, int classes, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] rows = new double[n][features];
    int[] labels = new int[n];
    int block = features / classes;
    for (int r = 0; r < n; r++) {
      labels[r] = random.nextInt(classes);
      for (int k = 0; k < 8; k++) rows[r][labels[r] * block + random.nextInt(block)] = 1 + random.nextInt(5);
      for (int k = 0; k < 8; k++) rows[r][random.nextInt(features)] = random.nextDouble(0, 3);
    }
    return new Data(rows, labels);
  }
}
