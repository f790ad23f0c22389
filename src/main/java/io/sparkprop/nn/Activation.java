package io.sparkprop.nn;

import java.util.Locale;

/**
 * Hidden-layer nonlinearity X = f(Y), applied in place to a block of pre-activations.
 * Each derivative dX/dY is written in terms of the output X, so backward needs only what forward kept.
 */
public enum Activation {
  RELU {
    // Written without branches so the JIT vectorizes them: with signs at random, an if per entry
    // mispredicts half the time (the timing: docs/benchmarks.md, "Where a gradient pass spends its time").
    @Override void apply(double[] y, int n) {
      for (int i = 0; i < n; i++) y[i] = Math.max(y[i], 0.0);
    }
    @Override void apply(float[] y, int n) {
      for (int i = 0; i < n; i++) y[i] = Math.max(y[i], 0f);
    }
    /** x >= +0 here, so its bits are positive exactly when x > 0: (-bits) >> sign-bit is then all ones, else zero. */
    @Override void multiplyByDerivative(double[] delta, double[] x, int n) {
      for (int i = 0; i < n; i++) {
        long keep = -Double.doubleToRawLongBits(x[i]) >> 63;
        delta[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(delta[i]) & keep);
      }
    }
    @Override void multiplyByDerivative(float[] delta, float[] x, int n) {
      for (int i = 0; i < n; i++) {
        int keep = -Float.floatToRawIntBits(x[i]) >> 31;
        delta[i] = Float.intBitsToFloat(Float.floatToRawIntBits(delta[i]) & keep);
      }
    }
    /** He initialisation: keeps the variance of ReLU outputs constant across layers. */
    @Override double initStdDev(int fanIn, int fanOut) { return Math.sqrt(2.0 / fanIn); }
  },
  TANH {
    @Override void apply(double[] y, int n) {
      for (int i = 0; i < n; i++) y[i] = Math.tanh(y[i]);
    }
    @Override void apply(float[] y, int n) {
      for (int i = 0; i < n; i++) y[i] = (float) Math.tanh(y[i]);
    }
    @Override void multiplyByDerivative(double[] delta, double[] x, int n) {
      for (int i = 0; i < n; i++) delta[i] *= 1 - x[i] * x[i];
    }
    @Override void multiplyByDerivative(float[] delta, float[] x, int n) {
      for (int i = 0; i < n; i++) delta[i] *= 1 - x[i] * x[i];
    }
    @Override double initStdDev(int fanIn, int fanOut) { return glorot(fanIn, fanOut); }
  },
  SIGMOID {
    @Override void apply(double[] y, int n) {
      for (int i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-y[i]));
    }
    @Override void apply(float[] y, int n) {
      for (int i = 0; i < n; i++) y[i] = (float) (1 / (1 + Math.exp(-y[i])));
    }
    @Override void multiplyByDerivative(double[] delta, double[] x, int n) {
      for (int i = 0; i < n; i++) delta[i] *= x[i] * (1 - x[i]);
    }
    @Override void multiplyByDerivative(float[] delta, float[] x, int n) {
      for (int i = 0; i < n; i++) delta[i] *= x[i] * (1 - x[i]);
    }
    @Override double initStdDev(int fanIn, int fanOut) { return glorot(fanIn, fanOut); }
  };

  /** x = f(y) for the first n entries, in place. */
  abstract void apply(double[] y, int n);
  abstract void apply(float[] y, int n);

  /** delta ⊙= f'(y), with f'(y) computed from the output x = f(y). */
  abstract void multiplyByDerivative(double[] delta, double[] x, int n);
  abstract void multiplyByDerivative(float[] delta, float[] x, int n);

  /** Standard deviation of the normal distribution the weights of a layer are drawn from. */
  abstract double initStdDev(int fanIn, int fanOut);

  private static double glorot(int fanIn, int fanOut) { return Math.sqrt(2.0 / (fanIn + fanOut)); }

  public String cliName() { return name().toLowerCase(Locale.ROOT); }

  /** Parses relu | tanh | sigmoid, case-insensitively. */
  public static Activation parse(String name) {
    for (Activation a : values()) if (a.cliName().equalsIgnoreCase(name.trim())) return a;
    throw new IllegalArgumentException("unknown activation '" + name + "' (expected relu, tanh or sigmoid)");
  }
}
