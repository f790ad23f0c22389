package io.sparkprop.spark;

import java.io.Serializable;

/**
 * Makes the samples of a synthetic data set inside the executors' tasks, so a large data set never
 * exists on the driver. Sample {@code row} must depend only on the row index (and the generator's own
 * seed): the data set is then the same however it is partitioned, and a lost partition regenerates
 * exactly.
 */
public interface SampleGenerator extends Serializable {
  /** Features per sample. */
  int features();

  /** Writes sample {@code row}'s features to {@code x[offset .. offset + features())} and returns its label. */
  int sample(long row, float[] x, int offset);
}
