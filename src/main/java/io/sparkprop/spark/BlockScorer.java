package io.sparkprop.spark;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Block;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Scores rows a block at a time: up to {@link #capacity()} feature vectors, scaled as in training and
 * stored in single precision as {@link BlockStacker} stores them, become one {@link Block} (dense, or
 * compressed columns for {@link InputStorage#SPARSE}), and the network runs once over it, one gemm
 * per layer, in the precision asked for: the model's training precision by default (float runs at
 * sgemm's rate), double for checks. Probabilities come out in double either way. {@link #stream}
 * runs a whole partition through with at most one block of rows held at a time. One instance per
 * task: it reuses its buffers and is not thread-safe.
 */
public final class BlockScorer {
  /**
   * Feature entries a dense block may hold: 2^22 (16 MB of floats, 32 MB as doubles), so a wide
   * model over dense storage scores fewer rows a block instead of allocating gigabytes.
   */
  static final long DENSE_ENTRIES_AT_MOST = 1L << 22;

  /** What {@link #stream} makes of a row, given its class probabilities at {@code p[offset .. offset + classes)}. */
  @FunctionalInterface
  public interface Emitter<T, R> {
    R emit(T row, double[] p, int offset);
  }

  private final NetworkSpec spec;
  private final FeatureScaler scaler;
  private final InputStorage storage;
  private final int capacity;
  private final Scoring<?> scoring;
  /** What each feature's zero becomes after scaling (dense storage: sparse rows start from it). */
  private final float[] scaledZero;
  private final int[] labels; // blocks need labels; scoring reads none
  private float[] dense;
  private int[] starts;
  private int[] indices;
  private float[] values;

  /**
   * Blocks of at most {@code blockSize} rows (fewer for wide dense input, see
   * {@link #DENSE_ENTRIES_AT_MOST}), scored in {@code precision}.
   */
  public BlockScorer(NetworkSpec spec, FeatureScaler scaler, int blockSize, InputStorage storage, Precision<?> precision) {
    if (blockSize < 1) throw new IllegalArgumentException("block size must be positive, got " + blockSize);
    BlockStacker.check(spec.inputs(), scaler, storage);
    this.spec = spec;
    this.scaler = scaler;
    this.storage = storage;
    int inputs = spec.inputs();
    this.capacity = storage == InputStorage.SPARSE ? blockSize : (int) Math.max(1, Math.min(blockSize, DENSE_ENTRIES_AT_MOST / inputs));
    this.scoring = new Scoring<>(precision, spec, capacity, storage);
    this.labels = new int[capacity];
    if (storage == InputStorage.SPARSE) {
      scaledZero = null;
      starts = new int[capacity + 1];
      indices = new int[1024];
      values = new float[1024];
    } else {
      scaledZero = BlockStacker.scaledZeros(scaler);
      dense = new float[inputs * capacity];
    }
  }

  /** Rows per block. */
  public int capacity() { return capacity; }

  /**
   * Class probabilities of {@code rows} (at most {@link #capacity()}), column-major: row i's at
   * [i * classes, (i + 1) * classes). The array is this scorer's buffer: read it before the next call.
   */
  public double[] probabilities(double[] params, List<Vector> rows) {
    return scoring.pack(params).probabilities(stack(rows));
  }

  /**
   * The rows of a partition, each made into a result by {@code emit} with its probabilities, in
   * order; reads a block of rows, scores it, hands its results out, then reads on. The parameters
   * are packed for the scoring precision once, when the first block is scored.
   */
  public <T, R> Iterator<R> stream(double[] params, Iterator<T> rows, Function<T, Vector> features, Emitter<T, R> emit) {
    int k = spec.classes();
    return new Iterator<>() {
      private final List<T> pending = new ArrayList<>(capacity);
      private final List<Vector> vectors = new ArrayList<>(capacity);
      private Scoring<?>.Packed packed;
      private double[] p;
      private int next;

      @Override public boolean hasNext() {
        if (next < pending.size()) return true;
        pending.clear();
        vectors.clear();
        next = 0;
        while (pending.size() < capacity && rows.hasNext()) {
          T row = rows.next();
          pending.add(row);
          vectors.add(features.apply(row));
        }
        if (pending.isEmpty()) return false;
        if (packed == null) packed = scoring.pack(params);
        p = packed.probabilities(stack(vectors));
        return true;
      }

      @Override public R next() {
        if (!hasNext()) throw new NoSuchElementException();
        int i = next++;
        return emit.emit(pending.get(i), p, i * k);
      }
    };
  }

  private Block stack(List<Vector> rows) {
    if (rows.size() > capacity) throw new IllegalArgumentException(rows.size() + " rows exceed the block's " + capacity);
    for (Vector v : rows)
      if (v.size() != spec.inputs())
        throw new IllegalArgumentException("features have " + v.size() + " values, the model expects " + spec.inputs());
    return storage == InputStorage.SPARSE ? sparse(rows) : dense(rows);
  }

  /** A network in one precision; {@link #pack} gives the parameters as its kernels read them. */
  private static final class Scoring<P> {
    private final Precision<P> precision;
    private final NetworkSpec spec;
    private final InputStorage storage;
    private final Network<P> network;

    Scoring(Precision<P> precision, NetworkSpec spec, int capacity, InputStorage storage) {
      this.precision = precision;
      this.spec = spec;
      this.storage = storage;
      this.network = precision.network(spec, capacity, storage);
    }

    Packed pack(double[] params) { return new Packed(precision.pack(spec, params, storage)); }

    final class Packed {
      private final P params;

      Packed(P params) { this.params = params; }

      double[] probabilities(Block block) { return network.probabilities(params, block); }
    }
  }

  private Block dense(List<Vector> rows) {
    int f = spec.inputs();
    for (int i = 0, base = 0; i < rows.size(); i++, base += f) {
      Vector v = rows.get(i);
      if (v instanceof DenseVector d) {
        double[] x = d.values();
        for (int j = 0; j < f; j++) dense[base + j] = (float) scaler.apply(j, x[j]);
      } else if (v instanceof SparseVector s) {
        System.arraycopy(scaledZero, 0, dense, base, f);
        int[] idx = s.indices();
        double[] x = s.values();
        for (int k = 0; k < idx.length; k++) dense[base + idx[k]] = (float) scaler.apply(idx[k], x[k]);
      } else {
        throw new IllegalArgumentException("unsupported vector type " + v.getClass().getName());
      }
    }
    return new Block(f, rows.size(), dense, labels);
  }

  /** Compressed columns of the non-zeros after scaling, as BlockStacker keeps them. */
  private Block sparse(List<Vector> rows) {
    int n = 0;
    for (int i = 0; i < rows.size(); i++) {
      Vector v = rows.get(i);
      if (v instanceof SparseVector s) {
        int[] idx = s.indices();
        double[] x = s.values();
        for (int k = 0; k < idx.length; k++) n = add(n, idx[k], (float) scaler.apply(idx[k], x[k]));
      } else if (v instanceof DenseVector d) {
        double[] x = d.values();
        for (int j = 0; j < x.length; j++) n = add(n, j, (float) scaler.apply(j, x[j]));
      } else {
        throw new IllegalArgumentException("unsupported vector type " + v.getClass().getName());
      }
      starts[i + 1] = n;
    }
    return Block.sparse(spec.inputs(), rows.size(), starts, indices, values, labels);
  }

  /** Appends a non-zero at position n (zeros are skipped); returns the new count. */
  private int add(int n, int feature, float value) {
    if (value == 0) return n;
    if (n == indices.length) {
      int grown = (int) Math.min(Integer.MAX_VALUE - 8, 2L * n);
      if (grown == n) throw new IllegalStateException("a block of more than 2^31 non-zeros: use a smaller block size");
      indices = Arrays.copyOf(indices, grown);
      values = Arrays.copyOf(values, grown);
    }
    indices[n] = feature;
    values[n] = value;
    return n + 1;
  }
}
