package io.sparkprop.spark;

import java.io.Serializable;

/**
 * Makes the samples of a synthetic sparse data set inside the executors' tasks, as
 * {@link SampleGenerator} does for dense ones: sample {@code row} depends only on the row index and
 * the generator's own seed.
 */
public interface SparseSampleGenerator extends Serializable {
  /** Features per sample (the largest index plus one). */
  int features();

  /** The most non-zeros one sample has. */
  int maxNonZeros();

  /**
   * Writes sample {@code row}'s non-zeros (increasing distinct 0-based features) to
   * {@code indices[offset ..]} and {@code values[offset ..]}, and returns their count; its label goes to {@code label[0]}.
   */
  int sample(long row, int[] indices, float[] values, int offset, int[] label);
}
