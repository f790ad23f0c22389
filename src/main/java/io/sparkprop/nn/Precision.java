package io.sparkprop.nn;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.Locale;

/**
 * The number type a {@link Network} computes in, and its parameter array type {@code P}.
 * {@link #SINGLE} (float, sgemm) is what training runs on: sgemm does about twice the work of dgemm
 * per second and halves the broadcast. {@link #DOUBLE} is what gradient checks run on, where
 * centered finite differences need the extra digits. Either way gradients are summed in double.
 *
 * <p>The kernels here are the only code that differs between the two; {@link Network} holds the
 * chain rule once.
 */
public abstract class Precision<P> implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Precision<double[]> DOUBLE = new DoublePrecision();
  public static final Precision<float[]> SINGLE = new SinglePrecision();

  private final String name;

  Precision(String name) { this.name = name; }

  /** float | double, as the command line spells it. */
  public String cliName() { return name; }

  public static Precision<?> parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("float") || n.equals("single") || n.equals("float32")) return SINGLE;
    if (n.equals("double") || n.equals("float64")) return DOUBLE;
    throw new IllegalArgumentException("unknown precision '" + name + "' (expected float or double)");
  }

  /** A network computing in this precision, with buffers for blocks of up to {@code capacity} samples. */
  public Network<P> network(NetworkSpec spec, int capacity) { return new Network<>(this, spec, capacity); }

  /** The parameters in this precision (a copy for float; the array itself for double). */
  public abstract P pack(double[] params);

  @Override public String toString() { return name; }

  // ---- kernels over column-major buffers, used by Network only ----

  abstract P allocate(int length);

  /** The block's features as this precision's input matrix; {@code scratch} holds a converted copy when one is needed. */
  abstract P features(Block block, P scratch);

  /** Room for a converted copy of {@code length} features, or null when {@link #features} needs none. */
  abstract P featureScratch(int length);

  /**
   * Where weight gradients wait before they join the double sum (laid out like the parameters), or
   * null when they go straight into it.
   */
  abstract P pendingGradient(int numParameters);

  /** C = A B (+ C when {@code accumulate}), with A, B optionally transposed; column-major with leading dimensions. */
  abstract void gemm(boolean transA, boolean transB, int m, int n, int k, P a, int aOffset, int lda, P b, int ldb,
      boolean accumulate, P c, int ldc);

  /** Adds A B^T (a weight gradient, m x n at {@code offset}) to {@code pending}, or straight to {@code gradient} when pending is null. */
  abstract void addWeightGradient(int m, int n, int k, P a, P b, P pending, double[] gradient, int offset);

  /** Adds what waits in {@code pending} to {@code gradient} and clears it. */
  abstract void flush(P pending, double[] gradient);

  /** gradient[offset + i] += sum over columns of a[i, col] (a bias gradient). */
  abstract void addRowSums(P a, int rows, int cols, double[] gradient, int offset);

  abstract void activate(Activation f, P y, int length);

  abstract void multiplyByDerivative(Activation f, P delta, P x, int length);

  /** out = a ⊙ b for the first {@code length} entries. */
  abstract void multiply(P a, P b, P out, int length);

  abstract void toDouble(P from, double[] to, int length);

  abstract void fromDouble(double[] from, P to, int length);

  abstract Object readResolve() throws ObjectStreamException;
}
