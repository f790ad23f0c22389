package io.sparkprop.optim;

import java.util.List;
import java.util.Random;

/**
 * Deterministic objectives for pinning L-BFGS iterates: each a plain-Java function with its start
 * point, history and number of iterations. lbfgs-reference.txt holds what the Breeze-state Lbfgs
 * (before the compiled adapter) did on them, so these must not change.
 */
final class LbfgsProblems {
  private LbfgsProblems() {}

  record Problem(String name, int history, int iterations, double[] start, Lbfgs.Objective objective) {
    int n() { return start.length; }
  }

  static List<Problem> all() {
    return List.of(rosenbrock(), quadratic(), softmax(), wrongGradient());
  }

  static Problem byName(String name) {
    return all().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no problem " + name));
  }

  /** Extended Rosenbrock in 4 dimensions from (-1.2, 1, -1.2, 1): curved valley, runs into convergence. */
  static Problem rosenbrock() {
    return new Problem("rosenbrock", 4, 40, new double[] {-1.2, 1, -1.2, 1}, (x, g) -> {
      double f = 0;
      for (int i = 0; i < x.length; i += 2) {
        double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
        f += 100 * a * a + b * b;
        g[i] = -400 * a * x[i] - 2 * b;
        g[i + 1] = 200 * a;
      }
      return f;
    });
  }

  /** 0.5 x'Ax - b'x with A = M'M/n + 0.1 I from a seeded Gaussian M: a history of 3 wraps. */
  static Problem quadratic() {
    int n = 12;
    Random r = new Random(14);
    double[][] m = new double[n][n];
    for (double[] row : m) for (int j = 0; j < n; j++) row[j] = r.nextGaussian();
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) s += m[k][i] * m[k][j];
        a[i][j] = s / n + (i == j ? 0.1 : 0);
      }
    double[] b = new double[n], start = new double[n];
    for (int i = 0; i < n; i++) { b[i] = r.nextGaussian(); start[i] = 2 * r.nextGaussian(); }
    return new Problem("quadratic", 3, 30, start, (x, g) -> {
      double f = 0;
      for (int i = 0; i < n; i++) {
        double ax = 0;
        for (int j = 0; j < n; j++) ax += a[i][j] * x[j];
        g[i] = ax - b[i];
        f += 0.5 * x[i] * ax - b[i] * x[i];
      }
      return f;
    });
  }

  /** Mean cross-entropy of a 3-class softmax regression on 40 seeded points in 5 dimensions, plus 1e-3 L2. */
  static Problem softmax() {
    int classes = 3, features = 5, rows = 40;
    Random r = new Random(4);
    double[][] data = new double[rows][features];
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = r.nextInt(classes);
      for (int j = 0; j < features; j++) data[i][j] = r.nextGaussian() + (j == labels[i] ? 1.5 : 0);
    }
    int weights = classes * features;
    double[] start = new double[weights + classes];
    for (int i = 0; i < start.length; i++) start[i] = 0.1 * r.nextGaussian();
    return new Problem("softmax", 5, 25, start, (x, g) -> {
      double loss = 0;
      double[] z = new double[classes];
      for (int i = 0; i < rows; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          double s = x[weights + c];
          for (int j = 0; j < features; j++) s += x[c * features + j] * data[i][j];
          z[c] = s;
          max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) sum += Math.exp(z[c] - max);
        loss += Math.log(sum) + max - z[labels[i]];
        for (int c = 0; c < classes; c++) {
          double d = (Math.exp(z[c] - max) / sum - (c == labels[i] ? 1 : 0)) / rows;
          for (int j = 0; j < features; j++) g[c * features + j] += d * data[i][j];
          g[weights + c] += d;
        }
      }
      loss /= rows;
      for (int k = 0; k < weights; k++) {
        loss += 0.5e-3 * x[k] * x[k];
        g[k] += 1e-3 * x[k];
      }
      return loss;
    });
  }

  /** 0.5 |x|^2 with the gradient's sign flipped: every line search fails, so each iteration resets the history. */
  static Problem wrongGradient() {
    return new Problem("wrong-gradient", 2, 3, new double[] {1, -2, 0.5}, (x, g) -> {
      double f = 0;
      for (int i = 0; i < x.length; i++) {
        f += 0.5 * x[i] * x[i];
        g[i] = -x[i];
      }
      return f;
    });
  }
}
