package io.sparkprop.nn;

import java.util.SplittableRandom;

/**
 * Where inverted dropout switches hidden units off during training: a mask entry is 0 (dropped)
 * or 1/(1-p) (kept), so the expected activation is unchanged and evaluation needs no rescaling.
 */
@FunctionalInterface
public interface DropoutMasks {
  /** Fills {@code mask[0..length)} for hidden layer {@code layer} (units x samples, column-major). */
  void fill(int layer, double[] mask, int length);

  /** Drops each unit with probability {@code rate}, drawn from a generator seeded with {@code seed}. */
  static DropoutMasks random(double rate, long seed) {
    checkRate(rate);
    SplittableRandom random = new SplittableRandom(seed);
    double keep = 1.0 / (1.0 - rate);
    return (layer, mask, length) -> {
      for (int i = 0; i < length; i++) mask[i] = random.nextDouble() < rate ? 0.0 : keep;
    };
  }

  static void checkRate(double rate) {
    if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + rate);
  }
}
