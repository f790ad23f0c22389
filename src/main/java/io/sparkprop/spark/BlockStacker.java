package io.sparkprop.spark;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Block;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.mllib.linalg.DenseVector;
import org.apache.spark.mllib.linalg.SparseVector;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.regression.LabeledPoint;

/** Stacks a partition's rows, scaled in double and stored in single precision, into dense column-major blocks. */
final class BlockStacker {
  private final int features;
  private final FeatureScaler scaler;
  private final int blockSize;
  /** What a feature absent from a sparse row becomes after scaling. */
  private final float[] scaledZero;

  BlockStacker(int features, FeatureScaler scaler, int blockSize) {
    if (scaler.features() != features)
      throw new IllegalArgumentException("scaler has " + scaler.features() + " features, data " + features);
    this.features = features;
    this.scaler = scaler;
    this.blockSize = blockSize;
    scaledZero = new float[features];
    for (int j = 0; j < features; j++) scaledZero[j] = (float) scaler.apply(j, 0);
  }

  List<Block> stack(Iterator<LabeledPoint> rows) {
    List<Block> blocks = new ArrayList<>();
    float[] x = null;
    int[] y = null;
    int n = 0;
    while (rows.hasNext()) {
      if (x == null) {
        x = new float[features * blockSize];
        y = new int[blockSize];
      }
      LabeledPoint row = rows.next();
      writeColumn(row.features(), x, n * features);
      y[n] = (int) row.label();
      if (++n == blockSize) {
        blocks.add(new Block(features, n, x, y));
        x = null;
        n = 0;
      }
    }
    if (n > 0) blocks.add(new Block(features, n, trim(x, features * n), trim(y, n)));
    return blocks;
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
        if (idx[k] >= features) throw new IllegalStateException("feature index " + (idx[k] + 1) + " beyond " + features);
        x[base + idx[k]] = (float) scaler.apply(idx[k], values[k]);
      }
    } else {
      throw new IllegalStateException("unsupported vector type " + v.getClass().getName());
    }
  }

  /**
   * Shuffles samples across all blocks of a partition (Fisher-Yates on columns), so that a
   * sorted input file does not give class-pure blocks.
   */
  static void shuffleSamples(List<Block> blocks, int blockSize, SplittableRandom random) {
    int total = 0;
    for (Block b : blocks) total += b.size();
    for (int i = total - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      if (j != i) swap(blocks.get(i / blockSize), i % blockSize, blocks.get(j / blockSize), j % blockSize);
    }
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
  }

  private static float[] trim(float[] a, int n) { return n == a.length ? a : java.util.Arrays.copyOf(a, n); }
  private static int[] trim(int[] a, int n) { return n == a.length ? a : java.util.Arrays.copyOf(a, n); }
}
