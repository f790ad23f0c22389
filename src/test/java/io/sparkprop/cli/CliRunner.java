package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process (on the tests' shared Spark context) and captures what it prints. */
final class CliRunner {
  record Outcome(int status, String out, String err) {
    /** The error output without log lines, which start with a time stamp. */
    String errorLines() {
      return err.lines().filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d .*")).reduce("", (a, b) -> a + b + "\n");
    }

    /** Bad input: exit 2 and exactly one line on stderr containing {@code expected}, no stack trace. */
    void assertOneLineError(String expected) {
      assertEquals(2, status, err);
      String lines = errorLines();
      assertTrue(lines.contains(expected), "expected '" + expected + "' in:\n" + err);
      assertEquals(1, lines.lines().count(), "one line expected:\n" + lines);
      assertFalse(err.contains("\tat "), "stack trace printed:\n" + err);
    }
  }

  private CliRunner() {}

  /** One metrics.jsonl line as a JSON tree. */
  static com.fasterxml.jackson.databind.JsonNode json(String line) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static synchronized Outcome run(String... args) {
    SparkTestSupport.sparkContext();
    PrintStream out = System.out, err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int status = Main.run(args);
      return new Outcome(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
