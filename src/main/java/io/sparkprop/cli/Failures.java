package io.sparkprop.cli;

import io.sparkprop.data.DataException;
import io.sparkprop.model.ModelException;
import io.sparkprop.spark.TrainingDivergedException;
import java.io.PrintWriter;
import java.util.IdentityHashMap;
import java.util.Map;

/** Turns a failure into one line on stderr and an exit status; a stack trace only when asked for. */
final class Failures {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private Failures() {}

  static int report(String command, Throwable failure, PrintWriter err) {
    Throwable cause = DataException.find(failure).orElse(null);
    if (cause == null) cause = find(failure, ModelException.class);
    int status = USAGE;
    if (cause == null && failure instanceof IllegalArgumentException) cause = failure;
    if (cause == null) {
      cause = find(failure, TrainingDivergedException.class);
      status = FAILED;
    }
    if (cause == null) {
      cause = failure;
      err.println("sparkprop " + command + ": " + describe(failure));
      if (System.getenv("SPARKPROP_DEBUG") != null) failure.printStackTrace(err);
      else err.println("(set SPARKPROP_DEBUG=1 for the stack trace)");
    } else {
      err.println("sparkprop " + command + ": " + cause.getMessage());
      if (System.getenv("SPARKPROP_DEBUG") != null) failure.printStackTrace(err);
    }
    err.flush();
    return status;
  }

  /** The first throwable of {@code type} in the cause chain (Spark wraps task failures). */
  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable c = t; c != null && seen.put(c, true) == null; c = c.getCause())
      if (type.isInstance(c)) return type.cast(c);
    return null;
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
    return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }
}
