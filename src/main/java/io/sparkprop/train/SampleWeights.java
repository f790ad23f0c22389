package io.sparkprop.train;

import io.sparkprop.data.DataException;
import io.sparkprop.data.DataSummary;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.spark.BlockedData;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;

/**
 * Where the training rows' sample weights come from: the rows' own (a weight column, read as
 * {@link io.sparkprop.data.WeightedPoint}s), a weight per class ({@code --class-weights}), or both,
 * multiplied. The objective is then sum w_i L_i / sum w_i ({@link BlockedData#weighted()}).
 * {@link #NONE} stacks the blocks exactly as an unweighted fit always has: no weights are stored and
 * nothing is multiplied, so unweighted runs keep their results bit for bit.
 *
 * <p>Class weights are {@code none}, {@code balanced} (class c weighs n / (K n_c), K the classes that
 * have rows, as scikit-learn's {@code class_weight="balanced"}) or one non-negative weight per class,
 * comma-separated, class 0 first.
 *
 * @param rowWeights whether the rows carry their own weights
 * @param classWeights none, balanced or w0,w1,...
 */
public record SampleWeights(boolean rowWeights, String classWeights) {
  public static final String NO_CLASS_WEIGHTS = "none", BALANCED = "balanced";
  public static final SampleWeights NONE = new SampleWeights(false, NO_CLASS_WEIGHTS);

  /** @throws IllegalArgumentException for class weights that are not none, balanced or a list of non-negative numbers */
  public SampleWeights {
    classWeights = classWeights == null || classWeights.isBlank() ? NO_CLASS_WEIGHTS : classWeights.trim().toLowerCase(Locale.ROOT);
    if (!classWeights.equals(NO_CLASS_WEIGHTS) && !classWeights.equals(BALANCED)) listed(classWeights);
  }

  /** Whether the blocks carry weights. */
  public boolean weighted() { return rowWeights || !classWeights.equals(NO_CLASS_WEIGHTS); }

  /** Class c's weight for the summarized data, or null when classes are not weighted. */
  public double[] classWeights(DataSummary summary) {
    if (classWeights.equals(NO_CLASS_WEIGHTS)) return null;
    int classes = summary.classes();
    if (classWeights.equals(BALANCED)) {
      long[] counts = summary.classCounts();
      if (counts == null) throw new IllegalArgumentException("--class-weights balanced: too many distinct labels to count");
      int present = 0;
      for (long c : counts) if (c > 0) present++;
      double[] w = new double[classes];
      // a class without rows weighs nothing: no sample has it
      for (int k = 0; k < classes; k++) w[k] = counts[k] == 0 ? 0 : summary.count() / ((double) present * counts[k]);
      return w;
    }
    double[] w = listed(classWeights);
    if (w.length != classes)
      throw new IllegalArgumentException("--class-weights: " + w.length + " weights for " + classes + " classes (class 0 first)");
    return w;
  }

  /**
   * The training blocks, as {@link BlockedData#stackShuffled} stacks them; weighted, each sample's
   * weight in its block.
   *
   * @throws DataException when the weights sum to 0
   */
  public BlockedData stack(JavaRDD<LabeledPoint> rows, DataSummary summary, String describe, int features, FeatureScaler scaler,
      int blockSize, long seed, StorageLevel level, InputStorage storage) {
    if (!weighted()) return BlockedData.stackShuffled(rows, features, scaler, blockSize, seed, level, storage);
    BlockedData data = BlockedData.stackShuffledWeighted(rows, features, scaler, blockSize, seed, level, storage, classWeights(summary));
    if (!(data.weightSum() > 0)) {
      data.unpersist();
      throw new DataException(describe, 0, "the sample weights of all " + data.samples() + " rows sum to 0: there is nothing to learn from");
    }
    return data;
  }

  private static double[] listed(String text) {
    String[] parts = text.split(",", -1);
    double[] w = new double[parts.length];
    for (int k = 0; k < parts.length; k++) {
      try {
        w[k] = Double.parseDouble(parts[k].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--class-weights: expected balanced, none or w0,w1,... (one weight per class), got '" + text + "'");
      }
      if (!(w[k] >= 0) || Double.isInfinite(w[k]))
        throw new IllegalArgumentException("--class-weights: class " + k + "'s weight " + parts[k].trim() + " must be finite and non-negative");
    }
    if (Arrays.stream(w).allMatch(x -> x == 0)) throw new IllegalArgumentException("--class-weights: all weights are 0");
    return w;
  }
}
