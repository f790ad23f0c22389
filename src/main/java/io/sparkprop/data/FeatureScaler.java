package io.sparkprop.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * An affine map x' = (x - shift) * factor per feature, fitted on the training data and stored with
 * the model so that test and prediction data are scaled the same way.
 */
public final class FeatureScaler implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * How features are scaled: zero mean and unit variance, division by each feature's largest |x|
   * (keeps zeros zero, so sparse rows stay sparse), a fixed division (for pixels), or not at all.
   */
  public enum Kind {
    STANDARDIZE, MAXABS, DIVIDE, NONE;

    public String cliName() { return name().toLowerCase(Locale.ROOT); }
  }

  private final Kind kind;
  private final double[] shift;
  private final double[] factor;

  public FeatureScaler(Kind kind, double[] shift, double[] factor) {
    if (shift.length != factor.length) throw new IllegalArgumentException("shift and factor differ in length");
    this.kind = kind;
    this.shift = shift.clone();
    this.factor = factor.clone();
  }

  public static FeatureScaler identity(int features) {
    double[] ones = new double[features];
    Arrays.fill(ones, 1);
    return new FeatureScaler(Kind.NONE, new double[features], ones);
  }

  /** Divides every feature by {@code divisor}, e.g. 255 for 8-bit pixels into [0, 1]. */
  public static FeatureScaler divideBy(int features, double divisor) {
    double[] f = new double[features];
    Arrays.fill(f, 1 / divisor);
    return new FeatureScaler(Kind.DIVIDE, new double[features], f);
  }

  /** Zero mean, unit variance; a constant feature is only centred. */
  public static FeatureScaler standardize(double[] mean, double[] variance) {
    double[] f = new double[mean.length];
    for (int i = 0; i < f.length; i++) f[i] = variance[i] > 1e-24 ? 1 / Math.sqrt(variance[i]) : 1;
    return new FeatureScaler(Kind.STANDARDIZE, mean, f);
  }

  /**
   * x' = x / max|x_j|, into [-1, 1], as scikit-learn's MaxAbsScaler; a feature whose largest |x| is 0
   * (never seen non-zero) keeps factor 1. No shift: zeros stay zero.
   */
  public static FeatureScaler maxAbs(double[] maxAbs) {
    double[] f = new double[maxAbs.length];
    for (int i = 0; i < f.length; i++) f[i] = maxAbs[i] > 0 ? 1 / maxAbs[i] : 1;
    return new FeatureScaler(Kind.MAXABS, new double[maxAbs.length], f);
  }

  public Kind kind() { return kind; }

  /** Whether every shift is 0, so that a zero input scales to zero and sparse rows may skip their zeros. */
  public boolean keepsZeros() {
    for (double s : shift) if (s != 0) return false;
    return true;
  }
  public int features() { return shift.length; }
  public double[] shift() { return shift.clone(); }
  public double[] factor() { return factor.clone(); }

  /** Scales feature {@code i} of value {@code x}. */
  public double apply(int i, double x) { return (x - shift[i]) * factor[i]; }

  @Override public boolean equals(Object o) {
    return o instanceof FeatureScaler s && kind == s.kind && Arrays.equals(shift, s.shift) && Arrays.equals(factor, s.factor);
  }
  @Override public int hashCode() { return 31 * kind.hashCode() + Arrays.hashCode(shift); }
}
