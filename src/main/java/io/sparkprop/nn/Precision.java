package io.sparkprop.nn;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.Locale;

/**
 * The number type a {@link Network} computes in, and its parameter array type {@code P}.
 * {@link #SINGLE} (float, sgemm) is what training runs on: sgemm does more work per second than dgemm
 * (docs/benchmarks.md) and halves the broadcast. {@link #DOUBLE} is what gradient checks run on, where
 * centered finite differences need the extra digits. Either way gradients are summed in double.
 *
 * <p>The kernels here are the only code that differs between the two; {@link Network} holds the
 * chain rule once.
 */
public abstract class Precision<P> implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Precision<double[]> DOUBLE = new DoublePrecision();
  public static final Precision<float[]> SINGLE = new SinglePrecision(SinglePrecision.hiddenMultipleFor(dev.ludovic.netlib.blas.BLAS.getInstance()));

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

  /** A network computing in this precision over dense blocks of up to {@code capacity} samples. */
  public Network<P> network(NetworkSpec spec, int capacity) { return network(spec, capacity, InputStorage.DENSE); }

  /** A network computing in this precision over blocks of up to {@code capacity} samples whose input is stored as {@code storage}. */
  public Network<P> network(NetworkSpec spec, int capacity, InputStorage storage) { return new Network<>(this, spec, capacity, storage); }

  /** The parameters as a network over dense input reads them: {@link #pack(NetworkSpec, double[], InputStorage)} for DENSE. */
  public P pack(NetworkSpec spec, double[] params) { return pack(spec, params, InputStorage.DENSE); }

  /**
   * The parameters of {@code spec} as this precision's kernels read them, for input stored as
   * {@code storage}: the array itself for double; for float a copy with each layer's weights
   * transposed, except the first layer's over sparse input, which keeps each feature's weights
   * contiguous (see {@link SinglePrecision}).
   */
  public abstract P pack(NetworkSpec spec, double[] params, InputStorage storage);

  /**
   * The shape the kernels compute in: {@code spec} itself, or {@code spec} with wider hidden layers
   * when this precision's BLAS runs those faster (see {@link SinglePrecision}). The extra units have
   * zero weights and bias, send nothing on, and never reach the gradient; parameters from
   * {@link #pack} are laid out in this shape, gradients are always in {@code spec}'s.
   */
  NetworkSpec layout(NetworkSpec spec) { return spec; }

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

  /** Y += W X for the packed weights W (out x in) at {@code offset}, X (in x n), Y (out x n). */
  abstract void addWeightsTimesInput(int out, int n, int in, P params, int offset, P x, P y);

  /** dX = W^T dY for the packed weights W (out x in) at {@code offset}, dY (out x n), dX (in x n). */
  abstract void weightsTransposedTimesDelta(int in, int n, int out, P params, int offset, P delta, P below);

  /**
   * Adds dY X^T (the weight gradient, out x in, of dY (out x n) and X (in x n)) to {@code pending} at
   * {@code pendingOffset}, or straight to {@code gradient} at {@code gradientOffset} when pending is null.
   */
  abstract void addWeightGradient(int out, int in, int n, P delta, P x, P pending, int pendingOffset, double[] gradient, int gradientOffset);

  /**
   * Adds what waits in {@code pending} for layers {@code fromLayer} on (laid out as {@code layout}'s
   * parameters from {@code pendingShift} on) to {@code gradient} (laid out as {@code spec}'s from
   * {@code gradientShift} on), and clears it.
   */
  abstract void flush(NetworkSpec spec, NetworkSpec layout, int fromLayer, P pending, int pendingShift, double[] gradient, int gradientShift);

  /**
   * Y += W X for a sparse block X and the first layer's weights W packed feature by feature at
   * {@code offset} ({@code rows} entries a feature); Y has {@code rows} rows.
   */
  abstract void addWeightsTimesSparseInput(int rows, Block block, P params, int offset, P y);

  /**
   * The first layer's weight gradient over a sparse block: each non-zero (feature j, sample i, v) adds
   * v dY[:, i] (its first {@code units} of {@code stride} rows) to feature j's row of {@code gradient}.
   */
  abstract void addSparseWeightGradient(int units, int stride, Block block, P delta, SparseInputGradient gradient);

  /** gradient[offset + i] += sum over columns of a[i, col], i &lt; rows, for a with {@code stride} rows (a bias gradient). */
  abstract void addRowSums(P a, int rows, int stride, int cols, double[] gradient, int offset);

  abstract void activate(Activation f, P y, int length);

  abstract void multiplyByDerivative(Activation f, P delta, P x, int length);

  /** out = a ⊙ b for the first {@code length} entries. */
  abstract void multiply(P a, P b, P out, int length);

  abstract void toDouble(P from, double[] to, int length);

  abstract void fromDouble(double[] from, P to, int length);

  abstract Object readResolve() throws ObjectStreamException;
}
