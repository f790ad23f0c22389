package io.sparkprop.bench;

import io.sparkprop.spark.SeedMix;

import io.sparkprop.spark.SampleGenerator;
import java.util.SplittableRandom;

/**
 * A learnable synthetic classification set: each class is a cloud of noise around its own centre,
 * centres drawn uniformly from [0, 1) per feature like image pixels. Sample {@code row} is seeded by
 * (seed, row) alone. The noise is a sum of four uniforms (Irwin-Hall, close to Gaussian) cut from one
 * random long: one generator call per value, cheaper than {@code nextGaussian}. Generating the scaling
 * series' largest size costs less in this arithmetic than in the collector copying the new blocks out
 * of the young generation (docs/benchmarks.md, "Scaling series").
 */
public final class ClassClusters implements SampleGenerator {
  private static final long serialVersionUID = 1L;
  /** A sum of four 16-bit uniforms has mean 131070 and standard deviation 65536 / sqrt(3). */
  private static final float UNIT_NOISE = (float) (Math.sqrt(3) / 65536);

  private final int features;
  private final int classes;
  private final long seed;
  private final float spread;
  /** centres[c * features + j]: feature j of the centre of class c. */
  private final float[] centres;

  public ClassClusters(int features, int classes, float spread, long seed) {
    if (features < 1 || classes < 2) throw new IllegalArgumentException("need features and at least two classes");
    this.features = features;
    this.classes = classes;
    this.seed = seed;
    this.spread = spread;
    centres = new float[features * classes];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < centres.length; i++) centres[i] = (float) random.nextDouble();
  }

  /** Fashion-MNIST's shape: 784 features, 10 classes. */
  public static ClassClusters fashionMnistShape(long seed) { return new ClassClusters(784, 10, 0.5f, seed); }

  @Override public int features() { return features; }
  public int classes() { return classes; }

  @Override public int sample(long row, float[] x, int offset) {
    SplittableRandom random = new SplittableRandom(SeedMix.mix(seed, row));
    int label = random.nextInt(classes);
    int centre = label * features;
    float scale = spread * UNIT_NOISE;
    for (int j = 0; j < features; j++) {
      long bits = random.nextLong();
      long sum = (bits & 0xFFFF) + ((bits >>> 16) & 0xFFFF) + ((bits >>> 32) & 0xFFFF) + (bits >>> 48);
      x[offset + j] = centres[centre + j] + scale * (sum - 131070);
    }
    return label;
  }

  @Override public String toString() {
    return classes + " class clusters in " + features + " dimensions (noise sd " + spread + ", seed " + seed + ")";
  }
}
