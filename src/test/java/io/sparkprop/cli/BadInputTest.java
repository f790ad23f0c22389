package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input: exit 2 and one line on stderr naming the file, the line and the problem. */
class BadInputTest {
  @TempDir static Path tmp;
  static Path model;

  /** A small model trained once on 3 features and 2 classes, to score mismatching data against. */
  @BeforeAll
  static void trainSmallModel() throws IOException {
    Path train = write("small.csv", "0,1.0,2.0,3.0\n1,2.0,1.0,0.5\n0,1.5,2.5,3.5\n1,2.5,0.5,0.0\n");
    model = tmp.resolve("model-run");
    CliRunner.Outcome r = CliRunner.run("train", "--train", train.toString(), "--out", model.toString(), "--epochs", "2");
    assertEquals(0, r.status(), r.err());
  }

  private static Path write(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static CliRunner.Outcome train(Path data) {
    return CliRunner.run("train", "--train", data.toString(), "--out", tmp.resolve("out").toString(), "--epochs", "1");
  }

  @Test
  void malformedLibsvmRowNamesFileAndLine() throws IOException {
    Path p = write("bad.libsvm", "0 1:0.5 2:1.5\n1 1:0.1 oops\n");
    train(p).assertOneLineError(p + ":2:");
  }

  @Test
  void minusOneAmongClassIndicesIsRejectedOnItsLine() throws IOException {
    Path p = write("neg.libsvm", "0 1:0.5\n-1 1:0.1\n");
    train(p).assertOneLineError(p + ":2: label -1 is not a class index");
  }

  @Test
  void otherNegativeLabelsAreRejected() throws IOException {
    Path p = write("neg2.csv", "0,1,2\n-2,1,2\n");
    train(p).assertOneLineError(p + ":2: label must be a class index (a non-negative integer), found '-2'");
  }

  @Test
  void nonIntegerLabelIsRejected() throws IOException {
    Path p = write("frac.csv", "0,1,2\n0.5,1,2\n");
    train(p).assertOneLineError(p + ":2:");
  }

  @Test
  void featureIndicesOutOfOrderAreRejected() throws IOException {
    Path p = write("order.libsvm", "0 1:0.5 2:1\n1 3:0.1 2:0.2\n");
    train(p).assertOneLineError(p + ":2:");
  }

  @Test
  void featureIndexBelowTheBaseIsRejected() throws IOException {
    Path p = write("base.libsvm", "0 1:0.5\n1 0:0.1\n");
    train(p).assertOneLineError(p + ":2:");
  }

  @Test
  void nanFeatureIsRejected() throws IOException {
    Path p = write("nan.csv", "0,1,2\n1,NaN,2\n0,1,1\n");
    train(p).assertOneLineError(p + ":2:");
  }

  @Test
  void infiniteFeatureIsRejected() throws IOException {
    Path p = write("inf.libsvm", "0 1:0.5\n1 1:Infinity\n");
    train(p).assertOneLineError(p + ":2:");
  }

  @Test
  void raggedCsvRowIsRejected() throws IOException {
    Path p = write("ragged.csv", "0,1,2\n1,2,3\n0,1\n");
    train(p).assertOneLineError(p + ":3:");
  }

  @Test
  void missingDataIsRejected() {
    Path p = tmp.resolve("does-not-exist.csv");
    train(p).assertOneLineError(p.toString());
  }

  @Test
  void emptyDataIsRejected() throws IOException {
    Path p = write("empty.csv", "");
    train(p).assertOneLineError("no rows");
  }

  @Test
  void testDataWithAnotherFeatureCountIsRejected() throws IOException {
    Path p = write("wide.csv", "0,1,2,3,4\n1,1,2,3,4\n");
    CliRunner.run("evaluate", "--model", model.toString(), "--data", p.toString()).assertOneLineError(p + ":1:");
  }

  @Test
  void testLabelOutOfTheModelsRangeIsRejected() throws IOException {
    Path p = write("label7.csv", "0,1,2,3\n7,1,2,3\n");
    CliRunner.run("evaluate", "--model", model.toString(), "--data", p.toString()).assertOneLineError(p + ":2:");
  }

  @Test
  void trainAndTestWithDifferentFeatureCountsAreRejected() throws IOException {
    Path train = write("train3.csv", "0,1,2,3\n1,3,2,1\n");
    Path test = write("test4.csv", "0,1,2,3,4\n1,3,2,1,0\n");
    CliRunner.run("train", "--train", train.toString(), "--test", test.toString(), "--out",
        tmp.resolve("out2").toString(), "--epochs", "1").assertOneLineError(test + ":1:");
  }

  @Test
  void missingModelIsRejected() throws IOException {
    Path data = write("ok.csv", "0,1,2,3\n");
    CliRunner.run("evaluate", "--model", tmp.resolve("no-model").toString(), "--data", data.toString()).assertOneLineError("no-model");
  }

  @Test
  void aNetworkTooLargeToHoldIsRefusedBeforeTrainingWithItsParameterCount() throws IOException {
    Path p = write("hashed.libsvm", "0 5:1 16000000:2\n1 7:1\n");
    CliRunner.run("train", "--train", p.toString(), "--num-features", "16777216", "--hidden", "256", "--out",
        tmp.resolve("out3").toString()).assertOneLineError("4,294,968,066 parameters");
  }

  @Test
  void aNetworkTooLargeForTheDriversMemoryNamesTheMemoryItNeeds() throws IOException {
    Path p = write("hashed2.libsvm", "0 5:1 1000000:2\n1 7:1\n");
    CliRunner.run("train", "--train", p.toString(), "--num-features", "4000000", "--hidden", "512", "--out",
        tmp.resolve("out4").toString()).assertOneLineError("needs about");
  }
}
