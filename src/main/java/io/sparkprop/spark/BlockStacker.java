package io.sparkprop.spark;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.data.WeightedPoint;
import io.sparkprop.nn.Block;
import io.sparkprop.nn.InputStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.mllib.linalg.DenseVector;
import org.apache.spark.mllib.linalg.SparseVector;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * Stacks a partition's rows, scaled in double and stored in single precision, into blocks: dense
 * column-major matrices, or compressed sparse columns that keep only the non-zeros after scaling.
 * Weighted, each block also holds each sample's weight: the row's own ({@link WeightedPoint#weightOf})
 * times its class's weight, if class weights are given; unweighted, blocks hold none.
 */
final class BlockStacker {
  private final int features;
  private final FeatureScaler scaler;
  private final int blockSize;
  private final InputStorage storage;
  /** What a feature absent from a sparse row becomes after scaling (dense storage only). */
  private final float[] scaledZero;
  /** Whether blocks carry sample weights. */
  private final boolean weighted;
  /** Weighted only: class c's weight (null = 1 for every class). */
  private final double[] classWeights;

  BlockStacker(int features, FeatureScaler scaler, int blockSize) {
    this(features, scaler, blockSize, InputStorage.DENSE);
  }

  BlockStacker(int features, FeatureScaler scaler, int blockSize, InputStorage storage) {
    this(features, scaler, blockSize, storage, false, null);
  }

  /** Weighted if {@code weighted}: rows' own weights times {@code classWeights[label]} (null = rows' weights alone). */
  BlockStacker(int features, FeatureScaler scaler, int blockSize, InputStorage storage, boolean weighted, double[] classWeights) {
    check(features, scaler, storage);
    this.weighted = weighted;
    this.classWeights = classWeights;
    this.features = features;
    this.scaler = scaler;
    this.blockSize = blockSize;
    this.storage = storage;
    scaledZero = storage == InputStorage.DENSE ? scaledZeros(scaler) : null;
  }

  /** Refuses a scaler that does not fit the data, or one that would turn the zeros of sparse input into non-zeros. */
  static void check(int features, FeatureScaler scaler, InputStorage storage) {
    if (scaler.features() != features)
      throw new IllegalArgumentException("scaler has " + scaler.features() + " features, data " + features);
    if (storage == InputStorage.SPARSE)
      for (int j = 0; j < features; j++)
        if (scaler.apply(j, 0) != 0)
          throw new IllegalArgumentException("--scaling " + scaler.kind().cliName() + " moves zeros (feature " + (j + 1)
              + "), which sparse input cannot store: use --scaling maxabs or none, or --input-storage dense");
  }

  /** What each feature's zero becomes after scaling: where a sparse row's absent features start from in a dense block. */
  static float[] scaledZeros(FeatureScaler scaler) {
    float[] z = new float[scaler.features()];
    for (int j = 0; j < z.length; j++) z[j] = (float) scaler.apply(j, 0);
    return z;
  }

  List<Block> stack(Iterator<LabeledPoint> rows) {
    return storage == InputStorage.DENSE ? stackDense(rows) : stackSparse(rows);
  }

  private List<Block> stackDense(Iterator<LabeledPoint> rows) {
    List<Block> blocks = new ArrayList<>();
    float[] x = null;
    int[] y = null;
    double[] w = null;
    int n = 0;
    while (rows.hasNext()) {
      if (x == null) {
        x = new float[Math.multiplyExact(features, blockSize)];
        y = new int[blockSize];
        w = weighted ? new double[blockSize] : null;
      }
      LabeledPoint row = rows.next();
      writeColumn(row.features(), x, n * features);
      y[n] = (int) row.label();
      if (w != null) w[n] = weight(row, y[n]);
      if (++n == blockSize) {
        blocks.add(new Block(features, n, x, y, w));
        x = null;
        n = 0;
      }
    }
    if (n > 0) blocks.add(new Block(features, n, trim(x, features * n), trim(y, n), w == null ? null : trim(w, n)));
    return blocks;
  }

  private double weight(LabeledPoint row, int label) {
    double w = WeightedPoint.weightOf(row);
    return classWeights == null ? w : w * classWeights[label];
  }

  private void writeColumn(Vector v, float[] x, int base) {
    if (v instanceof DenseVector d) {
      double[] values = d.values();
      if (values.length != features) throw new IllegalStateException("row has " + values.length + " features, expected " + features);
      for (int j = 0; j < features; j++) x[base + j] = (float) scaler.apply(j, values[j]);
    } else if (v instanceof SparseVector s) {
      System.arraycopy(scaledZero, 0, x, base, features);
      int[] idx = s.indices();
      double[] values = s.values();
      for (int k = 0; k < idx.length; k++) {
        if (idx[k] >= features) throw new IllegalStateException("feature index " + (idx[k] + 1L) + " beyond " + features);
        x[base + idx[k]] = (float) scaler.apply(idx[k], values[k]);
      }
    } else {
      throw new IllegalStateException("unsupported vector type " + v.getClass().getName());
    }
  }

  /** Compressed columns, grown as rows come: a block holds exactly its non-zeros. */
  private List<Block> stackSparse(Iterator<LabeledPoint> rows) {
    List<Block> blocks = new ArrayList<>();
    SparseColumns columns = new SparseColumns(features, blockSize, weighted);
    while (rows.hasNext()) {
      LabeledPoint row = rows.next();
      Vector v = row.features();
      if (v instanceof SparseVector s) {
        int[] idx = s.indices();
        double[] values = s.values();
        for (int k = 0; k < idx.length; k++) {
          if (idx[k] >= features) throw new IllegalStateException("feature index " + (idx[k] + 1L) + " beyond " + features);
          columns.add(idx[k], (float) scaler.apply(idx[k], values[k]));
        }
      } else if (v instanceof DenseVector d) {
        double[] values = d.values();
        if (values.length != features) throw new IllegalStateException("row has " + values.length + " features, expected " + features);
        for (int j = 0; j < features; j++) columns.add(j, (float) scaler.apply(j, values[j]));
      } else {
        throw new IllegalStateException("unsupported vector type " + v.getClass().getName());
      }
      columns.endSample((int) row.label(), weighted ? weight(row, (int) row.label()) : 1);
      if (columns.size() == blockSize) blocks.add(columns.build());
    }
    if (columns.size() > 0) blocks.add(columns.build());
    return blocks;
  }

  /**
   * Shuffles samples across all blocks of a partition (Fisher-Yates on columns), so that a sorted
   * input file does not give class-pure blocks. Dense blocks are shuffled in place; sparse ones are
   * rebuilt in the same order, so one seed gives the same sample order in both storages.
   */
  static List<Block> shuffleSamples(List<Block> blocks, int blockSize, SplittableRandom random) {
    int total = 0;
    for (Block b : blocks) total += b.size();
    if (blocks.isEmpty() || !blocks.get(0).isSparse()) {
      for (int i = total - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        if (j != i) swap(blocks.get(i / blockSize), i % blockSize, blocks.get(j / blockSize), j % blockSize);
      }
      return blocks;
    }
    int[] order = new int[total]; // order[c]: the sample that ends up in column c
    for (int c = 0; c < total; c++) order[c] = c;
    for (int i = total - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    Block first = blocks.get(0);
    List<Block> shuffled = new ArrayList<>(blocks.size());
    SparseColumns columns = new SparseColumns(first.inputs(), blockSize, first.isWeighted());
    for (int sample : order) {
      Block from = blocks.get(sample / blockSize);
      int col = sample % blockSize;
      int[] starts = from.starts(), indices = from.indices();
      float[] values = from.values();
      for (int k = starts[col]; k < starts[col + 1]; k++) columns.add(indices[k], values[k]);
      columns.endSample(from.label(col), from.isWeighted() ? from.weights()[col] : 1);
      if (columns.size() == blockSize) shuffled.add(columns.build());
    }
    if (columns.size() > 0) shuffled.add(columns.build());
    return shuffled;
  }

  private static void swap(Block a, int colA, Block b, int colB) {
    int f = a.inputs();
    float[] xa = a.features(), xb = b.features();
    for (int k = 0, ia = colA * f, ib = colB * f; k < f; k++, ia++, ib++) {
      float t = xa[ia];
      xa[ia] = xb[ib];
      xb[ib] = t;
    }
    int[] ya = a.labels(), yb = b.labels();
    int t = ya[colA];
    ya[colA] = yb[colB];
    yb[colB] = t;
    if (a.isWeighted()) {
      double[] wa = a.weights(), wb = b.weights();
      double tw = wa[colA];
      wa[colA] = wb[colB];
      wb[colB] = tw;
    }
  }

  /** One sparse block under construction: non-zeros appended sample by sample. */
  private static final class SparseColumns {
    private final int features;
    private final int capacity;
    private int[] starts;
    private int[] labels;
    private final boolean weighted;
    private double[] weights;
    private int[] indices = new int[1024];
    private float[] values = new float[1024];
    private int size;
    private int nonZeros;

    SparseColumns(int features, int capacity, boolean weighted) {
      this.features = features;
      this.capacity = capacity;
      this.weighted = weighted;
      reset();
    }

    private void reset() {
      starts = new int[capacity + 1];
      labels = new int[capacity];
      weights = weighted ? new double[capacity] : null;
      size = 0;
      nonZeros = 0;
    }

    /** Appends a non-zero of the current sample; zeros are skipped, indices must increase. */
    void add(int feature, float value) {
      if (value == 0) return;
      if (nonZeros == indices.length) {
        int grown = (int) Math.min(Integer.MAX_VALUE - 8, 2L * indices.length);
        if (grown == nonZeros) throw new IllegalStateException("a block of more than 2^31 non-zeros: use a smaller --block-size");
        indices = Arrays.copyOf(indices, grown);
        values = Arrays.copyOf(values, grown);
      }
      indices[nonZeros] = feature;
      values[nonZeros++] = value;
    }

    /** {@code weight} is kept only when the columns are weighted. */
    void endSample(int label, double weight) {
      if (weights != null) weights[size] = weight;
      labels[size++] = label;
      starts[size] = nonZeros;
    }

    int size() { return size; }

    Block build() {
      Block b = Block.sparse(features, size, trim(starts, size + 1), trim(indices, nonZeros), trim(values, nonZeros), trim(labels, size),
          weights == null ? null : trim(weights, size));
      indices = new int[Math.max(1024, nonZeros)];
      values = new float[indices.length];
      reset();
      return b;
    }
  }

  private static float[] trim(float[] a, int n) { return n == a.length ? a : Arrays.copyOf(a, n); }
  private static double[] trim(double[] a, int n) { return n == a.length ? a : Arrays.copyOf(a, n); }
  private static int[] trim(int[] a, int n) { return n == a.length ? a : Arrays.copyOf(a, n); }
}
