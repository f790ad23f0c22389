package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage mistakes and bad values: one clear line, exit 2, no stack trace. */
class BadUsageTest {
  @TempDir Path tmp;

  private void assertUsageError(String expected, String... args) {
    CliRunner.Outcome r = CliRunner.run(args);
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains(expected), "expected '" + expected + "' in:\n" + r.err());
    assertFalse(r.err().contains("\tat "), "stack trace printed:\n" + r.err());
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertUsageError("Unknown options: '--epochz'", "train", "--train", "spiral", "--out", tmp.toString(), "--epochz", "3");
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    assertUsageError("Missing required option: '--out=DIR'", "train", "--train", "spiral");
  }

  @Test
  void zeroHiddenUnitsAreRejected() {
    assertUsageError("--hidden: a hidden layer needs at least 1 unit, got 0",
        "train", "--train", "spiral", "--out", tmp.toString(), "--hidden", "0");
  }

  @Test
  void negativeLearningRateIsRejected() {
    assertUsageError("--learning-rate must be a positive number, got -0.1",
        "train", "--train", "spiral", "--out", tmp.toString(), "--learning-rate", "-0.1");
  }

  @Test
  void layerwiseRulesRefuseBadHyperParametersNamingTheOption() {
    String[] train = {"train", "--train", "spiral", "--out", tmp.toString()};
    CliRunner.run(concat(train, "--optimizer", "lars", "--lars-trust", "0")).assertOneLineError("--lars-trust must be a positive number, got 0.0");
    CliRunner.run(concat(train, "--optimizer", "lars", "--momentum", "1")).assertOneLineError("--momentum must be in [0, 1), got 1.0");
    CliRunner.run(concat(train, "--optimizer", "lamb", "--weight-decay", "-0.01"))
        .assertOneLineError("--weight-decay must be a non-negative number, got -0.01");
    CliRunner.run(concat(train, "--optimizer", "lamb", "--learning-rate", "0")).assertOneLineError("--learning-rate must be a positive number, got 0.0");
    CliRunner.run(concat(train, "--optimizer", "lion")).assertOneLineError("--optimizer: unknown optimizer 'lion' (expected adam, sgd, lbfgs, lamb, lars)");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void nonNumericValueIsRejected() {
    assertUsageError("Invalid value for option '--epochs': 'many' is not an int",
        "train", "--train", "spiral", "--out", tmp.toString(), "--epochs", "many");
  }

  @Test
  void unknownActivationIsRejected() {
    assertUsageError("unknown activation 'softplus'", "train", "--train", "spiral", "--out", tmp.toString(), "--activation", "softplus");
  }

  @Test
  void missingConfigFileIsAUsageError() {
    assertUsageError("nope.properties: configuration file not found", "--config", tmp.resolve("nope.properties").toString(), "train");
  }

  @Test
  void helpExitsCleanly() {
    CliRunner.Outcome r = CliRunner.run("train", "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("--learning-rate"), r.out());
    assertTrue(r.out().contains("default: 0.001"), "conf/ defaults shown in help:\n" + r.out());
  }
}
