package io.sparkprop.bench;

import io.sparkprop.spark.SeedMix;

import io.sparkprop.spark.SparseSampleGenerator;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A learnable synthetic sparse set in the shape of hashed text: each class has a topic of
 * {@code topicWords} words hashed into {@code features} buckets; a sample has {@code nonZeros}
 * distinct words, each from its class's topic with probability {@code topicShare} and otherwise
 * from anywhere, with term counts 1..3. Sample {@code row} is seeded by (seed, row) alone, so the
 * non-zeros per row, and so the work per epoch, are the same for 2^18 or 2^20 features.
 */
public final class HashedTopics implements SparseSampleGenerator {
  private static final long serialVersionUID = 1L;

  private final int features;
  private final int classes;
  private final int nonZeros;
  private final double topicShare;
  private final long seed;
  /** topics[c * topicWords + w]: the bucket of word w of class c's topic. */
  private final int[] topics;
  private final int topicWords;

  public HashedTopics(int features, int classes, int nonZeros, int topicWords, double topicShare, long seed) {
    if (nonZeros < 1 || nonZeros > features) throw new IllegalArgumentException("non-zeros per row must be in 1.." + features);
    this.features = features;
    this.classes = classes;
    this.nonZeros = nonZeros;
    this.topicShare = topicShare;
    this.seed = seed;
    this.topicWords = topicWords;
    topics = new int[classes * topicWords];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < topics.length; i++) topics[i] = random.nextInt(features);
  }

  @Override public int features() { return features; }
  @Override public int maxNonZeros() { return nonZeros; }

  @Override public int sample(long row, int[] indices, float[] values, int offset, int[] label) {
    SplittableRandom random = new SplittableRandom(SeedMix.mix(seed, row));
    int c = random.nextInt(classes);
    label[0] = c;
    int n = 0;
    while (n < nonZeros) { // draw the missing words, then keep the distinct ones
      for (int k = offset + n; k < offset + nonZeros; k++)
        indices[k] = random.nextDouble() < topicShare ? topics[c * topicWords + random.nextInt(topicWords)] : random.nextInt(features);
      Arrays.sort(indices, offset, offset + nonZeros);
      n = 1;
      for (int k = offset + 1; k < offset + nonZeros; k++) if (indices[k] != indices[offset + n - 1]) indices[offset + n++] = indices[k];
    }
    for (int k = offset; k < offset + n; k++) values[k] = 1 + random.nextInt(3);
    return n;
  }

  @Override public String toString() {
    return classes + " hashed topics in " + features + " features, " + nonZeros + " non-zeros a row (seed " + seed + ")";
  }
}
