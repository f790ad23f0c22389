package io.sparkprop.spark;

import io.sparkprop.nn.Block;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/** Loss and confusion counts of a parameter vector over a whole blocked data set, in one pass (one forward pass a block). */
public final class Evaluation implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int classes;
  private long[] confusion; // row = true class, column = predicted
  private double loss;
  private long count;

  private Evaluation(int classes) { this.classes = classes; }

  /**
   * Scores {@code params} over {@code data}, computing in {@code precision}: the training precision
   * by default (float scores at sgemm's rate), double for checks. Parameters go out packed as the
   * tasks read them (float: half the bytes, no conversion per task).
   */
  public static <P> Evaluation of(JavaSparkContext sc, BlockedData data, NetworkSpec spec, double[] params, int depth, Precision<P> precision) {
    InputStorage storage = data.storage();
    Broadcast<PackedParameters<P>> weights = sc.broadcast(new PackedParameters<>(precision.pack(spec, params, storage)));
    int capacity = data.blockSize();
    int k = spec.classes();
    try {
      return OrderedTreeAggregate.aggregate(data.partitions(), new Evaluation(k), (e, part) -> {
        if (e.confusion == null) e.confusion = new long[k * k];
        Network<P> network = precision.network(spec, capacity, storage);
        P packed = weights.value().values();
        int[] predicted = new int[capacity];
        for (Block block : part.blocks()) {
          e.loss += network.lossAndPredictions(packed, block, predicted);
          for (int i = 0; i < block.size(); i++) e.confusion[block.label(i) * k + predicted[i]]++;
          e.count += block.size();
        }
        return e;
      }, Evaluation::add, depth);
    } finally {
      // Blocking: an asynchronous removal of a large broadcast raced Spark's ContextCleaner, which
      // then logged "Block broadcast_N_piece does not exist" with a stack trace.
      weights.destroy(true);
    }
  }

  private Evaluation add(Evaluation other) {
    if (other.confusion == null) return this;
    if (confusion == null) return other;
    for (int i = 0; i < confusion.length; i++) confusion[i] += other.confusion[i];
    loss += other.loss;
    count += other.count;
    return this;
  }

  public int classes() { return classes; }
  public long count() { return count; }
  /** Mean cross-entropy per sample. */
  public double meanLoss() { return count == 0 ? Double.NaN : loss / count; }

  public double accuracy() {
    if (count == 0) return Double.NaN;
    long correct = 0;
    for (int c = 0; c < classes; c++) correct += confusion[c * classes + c];
    return (double) correct / count;
  }

  /** counts[truth][predicted]. */
  public long[][] confusionCounts() {
    long[][] m = new long[classes][classes];
    for (int t = 0; t < classes; t++)
      for (int p = 0; p < classes; p++) m[t][p] = confusion == null ? 0 : confusion[t * classes + p];
    return m;
  }
}
