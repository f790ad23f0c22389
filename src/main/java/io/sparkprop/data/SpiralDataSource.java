package io.sparkprop.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * K classes of 2-D points on interleaved spiral arms (the CS231n two-layer network demo): point i
 * of N in class j has radius r = i/(N-1) and angle t = 4j + 4i/(N-1) + 0.2 * gaussian noise, at
 * (r sin t, r cos t). Generated on the executors; each point's noise depends only on the seed and
 * the point's global index, so the data set is the same for any number of partitions.
 */
final class SpiralDataSource implements DataSource {
  private static final long serialVersionUID = 1L;

  static final int DEFAULT_CLASSES = 3;
  static final int DEFAULT_POINTS_PER_CLASS = 100;

  private final int classes;
  private final int pointsPerClass;
  private final long seed;

  SpiralDataSource(int classes, int pointsPerClass, long seed) {
    if (classes < 2) throw new IllegalArgumentException("a spiral needs at least 2 classes, was " + classes);
    if (pointsPerClass < 1) throw new IllegalArgumentException("a spiral needs at least 1 point per class, was " + pointsPerClass);
    if ((long) classes * pointsPerClass > Integer.MAX_VALUE) throw new IllegalArgumentException("spiral too large");
    this.classes = classes;
    this.pointsPerClass = pointsPerClass;
    this.seed = seed;
  }

  @Override public String describe() {
    return "spiral (" + classes + " classes x " + pointsPerClass + " points)";
  }

  @Override public FeatureScaler.Kind defaultScaling() { return FeatureScaler.Kind.STANDARDIZE; }

  @Override
  public JavaRDD<LabeledPoint> read(JavaSparkContext sc, Expectations expect, int minPartitions) {
    if (expect.knowsFeatures() && expect.features() != 2)
      throw new DataException(describe(), 0, "spiral points have 2 features, the model expects " + expect.features());
    String labelProblem = Labels.outOfRange(classes - 1, expect);
    if (labelProblem != null) throw new DataException(describe(), 0, labelProblem);
    long total = (long) classes * pointsPerClass;
    int partitions = (int) Math.max(1, Math.min(total, minPartitions));
    List<Integer> partitionIds = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) partitionIds.add(p);
    int k = classes;
    int n = pointsPerClass;
    long s = seed;
    return sc.parallelize(partitionIds, partitions).mapPartitions(ids -> {
      int p = ids.next();
      return LongStream.range(p * total / partitions, (p + 1) * total / partitions)
          .mapToObj(index -> point(s, n, index)).iterator();
    }, true);
  }

  /** The point with global index {@code index} (class index / N, position index % N). */
  static LabeledPoint point(long seed, int pointsPerClass, long index) {
    int j = (int) (index / pointsPerClass);
    int i = (int) (index % pointsPerClass);
    double along = pointsPerClass > 1 ? (double) i / (pointsPerClass - 1) : 0;
    double noise = new SplittableRandom(mix(seed, index)).nextGaussian();
    double t = 4 * j + 4 * along + 0.2 * noise;
    return new LabeledPoint(j, Vectors.dense(along * Math.sin(t), along * Math.cos(t)));
  }

  /** A seed per (data-set seed, point) pair: SplitMix64's finalizer over both, so nearby pairs do not collide. */
  static long mix(long seed, long index) {
    return fmix(fmix(seed) + index * 0x9E3779B97F4A7C15L);
  }

  private static long fmix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
