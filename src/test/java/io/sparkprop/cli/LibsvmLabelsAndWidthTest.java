package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LIBSVM sets as published: labelled -1/+1, hashed to a fixed width (--num-features). */
class LibsvmLabelsAndWidthTest {
  @TempDir static Path tmp;
  static Path model;
  static List<Integer> trainLabels;

  /** +1 rows have feature 1 large, -1 rows feature 2: separable, so a short run classifies every row. */
  private static String plusMinusRows(int n, int maxIndex) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      boolean plus = i % 3 != 0;
      double strong = 1 + (i % 5) * 0.1;
      text.append(plus ? "+1 1:" + strong + " 2:0.1" : "-1 1:0.1 2:" + strong);
      if (i % 4 == 0) text.append(' ').append(maxIndex).append(":0.5");
      text.append('\n');
    }
    return text.toString();
  }

  private static Path write(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @BeforeAll
  static void trainOnPlusMinusOneLabels() throws IOException {
    String rows = plusMinusRows(60, 3);
    trainLabels = rows.lines().map(l -> l.startsWith("+1") ? 1 : -1).toList();
    Path train = write("pm-train.libsvm", rows);
    model = tmp.resolve("pm-run");
    CliRunner.Outcome r = CliRunner.run("train", "--train", train.toString(), "--test", train.toString(), "--out", model.toString(),
        "--hidden", "none", "--epochs", "80", "--batch-size", "0", "--learning-rate", "0.1");
    assertEquals(0, r.status(), r.err());
  }

  @Test
  void trainsMinusOnePlusOneLabelsAsTwoClasses() throws IOException {
    JsonNode summary = new ObjectMapper().readTree(model.resolve("summary.json").toFile());
    assertEquals("[3,2]", summary.get("layers").toString());
    assertEquals(1.0, summary.get("train_accuracy").asDouble(), "train accuracy");
    assertEquals(1.0, summary.get("test_accuracy").asDouble(), "the test file's -1/+1 are mapped as the training file's");
    JsonNode modelJson = new ObjectMapper().readTree(model.resolve("model/model.json").toFile());
    assertEquals("[-1,1]", modelJson.get("labels").get("original").toString());
  }

  @Test
  void predictWritesTheOriginalLabels() throws IOException {
    Path predictions = tmp.resolve("pm-predictions.csv");
    Path data = tmp.resolve("pm-train.libsvm");
    CliRunner.Outcome r = CliRunner.run("predict", "--model", model.toString(), "--data", data.toString(), "--out", predictions.toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = Files.readAllLines(predictions);
    assertEquals(trainLabels, lines.subList(1, lines.size()).stream().map(l -> Integer.parseInt(l.split(",")[0])).toList());
  }

  @Test
  void evaluateMapsTheTestLabelsAsInTraining() {
    CliRunner.Outcome r = CliRunner.run("evaluate", "--model", model.toString(), "--data", tmp.resolve("pm-train.libsvm").toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("accuracy 1.0000"), r.out());
    assertTrue(r.out().contains("labels: -1/+1 read as classes 0/1"), r.out());
  }

  @Test
  void evaluateRefusesALabelTheModelDoesNotKnowOnItsLine() throws IOException {
    Path p = write("pm-zero.libsvm", "+1 1:1\n0 2:1\n");
    CliRunner.run("evaluate", "--model", model.toString(), "--data", p.toString())
        .assertOneLineError(p + ":2: label 0 is not one of the model's labels (-1, +1)");
  }

  @Test
  void trainAndTestHashedToTheSameWidthAgree() throws IOException {
    // The training rows reach index 3 only, the test rows index 7: both are 8 wide with --num-features 8.
    Path train = write("narrow.libsvm", plusMinusRows(30, 3));
    Path test = write("wide.libsvm", plusMinusRows(30, 7));
    Path out = tmp.resolve("hashed-run");
    CliRunner.Outcome r = CliRunner.run("train", "--train", train.toString(), "--test", test.toString(), "--out", out.toString(),
        "--num-features", "8", "--hidden", "none", "--epochs", "5", "--batch-size", "0", "--scaling", "maxabs");
    assertEquals(0, r.status(), r.err());
    JsonNode modelJson = new ObjectMapper().readTree(out.resolve("model/model.json").toFile());
    assertEquals("[8,2]", modelJson.get("network").get("layer_sizes").toString());
    assertEquals("maxabs", modelJson.get("scaler").get("kind").asText());
    CliRunner.Outcome evaluated = CliRunner.run("evaluate", "--model", out.toString(), "--data", test.toString());
    assertEquals(0, evaluated.status(), evaluated.err());
  }

  /** (The warning it logs goes to the console appender, which the in-process runner does not capture.) */
  @Test
  void labelsOneToKTrainAsClassIndicesLeavingClassZeroUnused() throws IOException {
    Path p = write("one-two.libsvm", "1 1:1\n2 2:1\n1 1:2\n2 2:2\n");
    Path out = tmp.resolve("one-two-run");
    CliRunner.Outcome r = CliRunner.run("train", "--train", p.toString(), "--out", out.toString(), "--hidden", "none", "--epochs", "1");
    assertEquals(0, r.status(), r.err());
    JsonNode modelJson = new ObjectMapper().readTree(out.resolve("model/model.json").toFile());
    assertEquals("[2,3]", modelJson.get("network").get("layer_sizes").toString());
  }

  @Test
  void anIndexBeyondNumFeaturesNamesFileLineAndIndex() throws IOException {
    Path p = write("beyond.libsvm", "+1 1:1\n-1 2:1 262145:1\n");
    CliRunner.run("train", "--train", p.toString(), "--out", tmp.resolve("beyond-run").toString(), "--num-features", "262144",
        "--epochs", "1").assertOneLineError(p + ":2: feature index 262145 beyond --num-features 262144");
  }

  @Test
  void libsvmTestDataWiderThanTheModelIsRefused() throws IOException {
    Path p = write("wider.libsvm", "+1 1:1\n-1 2:1 9:1\n");
    CliRunner.run("evaluate", "--model", model.toString(), "--data", p.toString())
        .assertOneLineError(p + ":2: feature index 9 above the model's 3 features");
  }

  @Test
  void numFeaturesOtherThanTheModelsIsAUsageError() {
    CliRunner.Outcome r = CliRunner.run("evaluate", "--model", model.toString(), "--data", tmp.resolve("pm-train.libsvm").toString(),
        "--num-features", "262144");
    r.assertOneLineError("--num-features 262144 but the model has 3 features");
  }
}
