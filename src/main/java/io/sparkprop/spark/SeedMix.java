package io.sparkprop.spark;

/**
 * Seeds derived from a run's seed, one per item (partition, epoch, block, step): each is a well-mixed
 * function of both, so that streams for neighbouring items do not correlate, and a run is
 * reproducible whatever order Spark runs its tasks in.
 */
public final class SeedMix {
  private SeedMix() {}

  /** A well-mixed seed for item {@code index} of the stream seeded by {@code seed} (SplitMix64's finalizer). */
  public static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
