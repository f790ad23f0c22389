package io.sparkprop.nn;

import dev.ludovic.netlib.blas.BLAS;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Forward and backward passes of a {@link NetworkSpec} over blocks of samples, each layer one gemm.
 * Layer l computes Y = W X + b, then X' = f(Y) (hidden) or softmax(Y) (output); backward carries
 * dL/dY down the chain rule: dL/dW = dL/dY X^T, dL/db = sum of dL/dY, dL/dX = W^T dL/dY.
 *
 * <p>Computes in the {@link Precision} it was made with ({@code P} is float[] or double[]); the
 * gradient is always summed in double (float gathers at most {@value #FLUSH_EVERY} blocks' weight
 * gradients first), and the softmax and loss of the small output layer are always computed in double. Holds its buffers for blocks of up to {@code capacity} samples and
 * reuses them for every block, so one instance serves a whole task. Not thread-safe.
 *
 * <p>With {@link InputStorage#SPARSE} input the first layer reads compressed columns: forward, each
 * non-zero (feature j, sample i, value v) adds v W1[:, j] to Y1[:, i]; backward, it adds v dL/dY1[:, i]
 * to dL/dW1[:, j], only for the features that occur (see {@link SparseInputGradient}). The input
 * layer needs no dL/dX, so nothing of size inputs x samples is ever formed. Layers above are the same.
 */
public final class Network<P> {
  /** Blocks whose float weight gradients may gather before joining the double sum: the error stays ~1e-7 relative. */
  private static final int FLUSH_EVERY = 8;

  private final Precision<P> math;
  private final NetworkSpec spec;
  private final InputStorage storage;
  /** The shape the kernels compute in ({@link Precision#layout}): buffers, packed parameters and pending gradients. */
  private final NetworkSpec layout;
  private final int capacity;
  /** outputs.get(l): what layer l hands on (f(Y) for hidden layers, scores for the last). */
  private final List<P> outputs = new ArrayList<>();
  /** deltas.get(l): dL/dY of layer l. */
  private final List<P> deltas = new ArrayList<>();
  /** The input X of the first layer when the block's floats must be converted. */
  private final P input;
  /** Output-layer probabilities (classes x capacity), in double whatever the precision. */
  private final double[] probabilities;
  /** Weight gradients waiting to join the double sum (float only; null for double), from layer {@link #firstGemmLayer} on. */
  private final P pending;
  /** The first layer whose weight gradient is a gemm (and waits in pending): 1 for sparse input, else 0. */
  private final int firstGemmLayer;
  /** Where pending starts in the layout's flat parameters: after the first layer's weights for sparse input. */
  private final int pendingShift;
  /** With dropout, masks.get(l) and dropped.get(l) = outputs ⊙ masks for hidden layers; made on first use. */
  private List<P> masks;
  private List<P> dropped;
  private double[] maskDraw;

  Network(Precision<P> math, NetworkSpec spec, int capacity, InputStorage storage) {
    this.math = math;
    this.spec = spec;
    this.storage = storage;
    this.layout = math.layout(spec);
    this.capacity = capacity;
    for (int l = 0; l < layout.numLayers(); l++) {
      outputs.add(math.allocate(layout.fanOut(l) * capacity));
      deltas.add(math.allocate(layout.fanOut(l) * capacity));
    }
    boolean sparse = storage == InputStorage.SPARSE;
    input = sparse ? null : math.featureScratch(Math.multiplyExact(spec.inputs(), capacity));
    probabilities = new double[spec.classes() * capacity];
    firstGemmLayer = sparse ? 1 : 0;
    pendingShift = sparse ? layout.biasOffset(0) : 0;
    pending = math.pendingGradient(layout.numParameters() - pendingShift);
  }

  public NetworkSpec spec() { return spec; }
  public InputStorage storage() { return storage; }

  /** Name of the BLAS implementation in use (Java, vectorized Java, or native through JNI). */
  public static String blasName() { return BLAS.getInstance().getClass().getSimpleName(); }

  /**
   * Adds the summed gradient of the block's loss to {@code gradient} and returns the summed loss.
   * Sums, not means: the caller divides by the number of samples of the whole batch. A weighted
   * block ({@link Block#weights()}) gives sum w_i L_i and its gradient: the caller divides by the weight sum.
   */
  public double accumulateGradient(P params, Block block, double[] gradient) {
    return accumulateGradient(params, block, gradient, null);
  }

  /** As above, with the hidden units that {@code dropout} masks off (null = no dropout). */
  public double accumulateGradient(P params, Block block, double[] gradient, DropoutMasks dropout) {
    return accumulateGradient(params, List.of(block), gradient, dropout == null ? null : i -> dropout);
  }

  /**
   * Adds the summed gradient of all the blocks' losses to {@code gradient} and returns their summed
   * loss; {@code dropout} gives the masks of the i-th block (null = no dropout). Complete on return.
   */
  public double accumulateGradient(P params, List<Block> blocks, double[] gradient, IntFunction<DropoutMasks> dropout) {
    if (storage != InputStorage.DENSE) throw new IllegalStateException("a sparse-input network sums into a SparseInputGradient");
    return accumulate(params, blocks, gradient, 0, null, dropout);
  }

  /**
   * Sparse input: adds the summed gradient of all the blocks' losses to {@code gradient}, which must
   * have a row for every feature that occurs in them ({@link SparseInputGradient#over}), and returns
   * their summed loss.
   */
  public double accumulateGradient(P params, List<Block> blocks, SparseInputGradient gradient, IntFunction<DropoutMasks> dropout) {
    if (storage != InputStorage.SPARSE) throw new IllegalStateException("a dense-input network sums into a dense gradient");
    return accumulate(params, blocks, gradient.rest(), gradient.firstLayerWeights(), gradient, dropout);
  }

  /** {@code sum} holds the flat parameters from {@code shift} on; {@code firstRows}, for sparse input, the first layer's weights. */
  private double accumulate(P params, List<Block> blocks, double[] sum, int shift, SparseInputGradient firstRows,
      IntFunction<DropoutMasks> dropout) {
    double loss = 0;
    for (int i = 0; i < blocks.size(); i++) {
      loss += addBlock(params, blocks.get(i), sum, shift, firstRows, dropout == null ? null : dropout.apply(i));
      if ((i + 1) % FLUSH_EVERY == 0) math.flush(spec, layout, firstGemmLayer, pending, pendingShift, sum, shift);
    }
    math.flush(spec, layout, firstGemmLayer, pending, pendingShift, sum, shift);
    return loss;
  }

  private double addBlock(P params, Block block, double[] gradient, int shift, SparseInputGradient firstRows, DropoutMasks dropout) {
    int n = block.size();
    if (n == 0) return 0;
    P x0 = checkedInput(block);
    double loss = forward(params, x0, block, true, block.weights(), dropout);
    int last = spec.numLayers() - 1;
    int k = spec.classes();
    SoftmaxCrossEntropy.delta(probabilities, k, n, block.labels(), block.weights(), probabilities);
    math.fromDouble(probabilities, deltas.get(last), k * n);
    for (int l = last; l >= 0; l--) {
      int in = layout.fanIn(l), out = layout.fanOut(l);
      P x = l == 0 ? x0 : dropout != null ? dropped.get(l - 1) : outputs.get(l - 1);
      P delta = deltas.get(l);
      // dL/dW = delta X^T, dL/db = delta summed over the samples
      if (l < firstGemmLayer) math.addSparseWeightGradient(spec.fanOut(0), out, block, delta, firstRows);
      else math.addWeightGradient(out, in, n, delta, x, pending, layout.weightOffset(l) - pendingShift, gradient, layout.weightOffset(l) - shift);
      math.addRowSums(delta, spec.fanOut(l), out, n, gradient, spec.biasOffset(l) - shift);
      if (l > 0) {
        // dL/dX = W^T delta, then dL/dY = dL/dX ⊙ f'(Y) for the layer below
        P below = deltas.get(l - 1);
        math.weightsTransposedTimesDelta(in, n, out, params, layout.weightOffset(l), delta, below);
        if (dropout != null) math.multiply(below, masks.get(l - 1), below, in * n);
        math.multiplyByDerivative(spec.activation(), below, outputs.get(l - 1), in * n);
      }
    }
    return loss;
  }

  /** Summed loss of the block, forward only, unweighted whatever the block's weights (what evaluation reports). */
  public double loss(P params, Block block) {
    return block.size() == 0 ? 0 : forward(params, checkedInput(block), block, true, null, null);
  }

  /** The block's summed training loss, forward only: sum w_i L_i for a weighted block, what {@link #accumulateGradient} returns. */
  public double objective(P params, Block block) {
    return block.size() == 0 ? 0 : forward(params, checkedInput(block), block, true, block.weights(), null);
  }

  /**
   * Class probabilities of the block, column-major (classes x size). The returned array is this
   * network's buffer: read it before the next call.
   */
  public double[] probabilities(P params, Block block) {
    forward(params, checkedInput(block), block, false, null, null);
    return probabilities;
  }

  /**
   * {@link #loss} and {@link #predict}'s classes from one forward pass: the summed unweighted loss,
   * and each sample's most probable class into {@code classes}.
   */
  public double lossAndPredictions(P params, Block block, int[] classes) {
    if (block.size() == 0) return 0;
    double loss = forward(params, checkedInput(block), block, true, null, null);
    mostProbable(probabilities, block.size(), classes, null);
    return loss;
  }

  /** Most probable class of each sample into {@code classes}, its probability into {@code confidence} (may be null). */
  public void predict(P params, Block block, int[] classes, double[] confidence) {
    mostProbable(probabilities(params, block), block.size(), classes, confidence);
  }

  private void mostProbable(double[] p, int n, int[] classes, double[] confidence) {
    int k = spec.classes();
    for (int col = 0; col < n; col++) {
      int best = 0;
      for (int j = 1; j < k; j++) if (p[col * k + j] > p[col * k + best]) best = j;
      classes[col] = best;
      if (confidence != null) confidence[col] = p[col * k + best];
    }
  }

  /** The block's dense input in this precision, or null for a sparse block (the first layer reads the block itself). */
  private P checkedInput(Block block) {
    if (block.size() > capacity) throw new IllegalArgumentException("block of " + block.size() + " samples exceeds capacity " + capacity);
    if (block.inputs() != spec.inputs())
      throw new IllegalArgumentException("block has " + block.inputs() + " features, network expects " + spec.inputs());
    if (block.isSparse() != (storage == InputStorage.SPARSE))
      throw new IllegalArgumentException("a " + (block.isSparse() ? "sparse" : "dense") + " block for a network of " + storage.cliName() + " input");
    return block.isSparse() ? null : math.features(block, input);
  }

  /** Runs the layers, leaves the softmax in {@link #probabilities} and returns the summed loss (0 without labels), weighted by {@code weights} (null = 1). */
  private double forward(P params, P x, Block block, boolean withLoss, double[] weights, DropoutMasks dropout) {
    int n = block.size();
    int last = spec.numLayers() - 1;
    for (int l = 0; l <= last; l++) {
      int in = layout.fanIn(l), out = layout.fanOut(l);
      P y = outputs.get(l);
      // Y = W X + b: every column starts as b, gemm adds W X on top.
      for (int col = 0; col < n; col++) System.arraycopy(params, layout.biasOffset(l), y, col * out, out);
      if (l == 0 && block.isSparse()) math.addWeightsTimesSparseInput(out, block, params, layout.weightOffset(0), y);
      else math.addWeightsTimesInput(out, n, in, params, layout.weightOffset(l), x, y);
      if (l < last) math.activate(spec.activation(), y, out * n);
      x = y;
      if (l < last && dropout != null) x = drop(l, y, n, dropout);
    }
    int k = spec.classes();
    math.toDouble(outputs.get(last), probabilities, k * n);
    return SoftmaxCrossEntropy.softmax(probabilities, k, n, withLoss ? block.labels() : null, weights);
  }

  /** Applies layer l's dropout mask to its n columns, keeping the undropped outputs for f'(Y) in backward. */
  private P drop(int l, P y, int n, DropoutMasks dropout) {
    if (masks == null) {
      masks = new ArrayList<>();
      dropped = new ArrayList<>();
      int widest = 0;
      for (int h = 0; h < layout.numLayers() - 1; h++) {
        masks.add(math.allocate(layout.fanOut(h) * capacity));
        dropped.add(math.allocate(layout.fanOut(h) * capacity));
        widest = Math.max(widest, layout.fanOut(h) * capacity);
      }
      maskDraw = new double[widest];
    }
    int units = spec.fanOut(l), rows = layout.fanOut(l), length = rows * n;
    // drawn for the layer's own units, so a seed masks the same units in any layout
    dropout.fill(l, maskDraw, units * n);
    if (rows > units) widenColumns(maskDraw, units, rows, n);
    math.fromDouble(maskDraw, masks.get(l), length);
    math.multiply(y, masks.get(l), dropped.get(l), length);
    return dropped.get(l);
  }

  /** Spreads n columns of {@code units} rows, in place, to columns of {@code rows} rows; the added rows are 0. */
  private static void widenColumns(double[] a, int units, int rows, int n) {
    for (int col = n - 1; col >= 0; col--) {
      for (int i = rows - 1; i >= units; i--) a[col * rows + i] = 0;
      for (int i = units - 1; i >= 0; i--) a[col * rows + i] = a[col * units + i];
    }
  }
}
