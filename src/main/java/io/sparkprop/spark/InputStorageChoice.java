package io.sparkprop.spark;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.InputStorage;
import java.util.Locale;

/**
 * {@code --input-storage auto|sparse|dense}, resolved against the one-pass summary. {@code auto}
 * stores the input sparse when at most {@value #SPARSE_AT_MOST} of its entries are non-zero: hashed
 * text and one-hot data are far below that, while dense data in a sparse format (iris or digits as
 * LIBSVM) keeps the dense path, and with it the results it always had.
 */
public final class InputStorageChoice {
  private InputStorageChoice() {}

  public static final double SPARSE_AT_MOST = 0.1;

  public static InputStorage resolve(String option, double density) {
    return switch (option.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> density <= SPARSE_AT_MOST ? InputStorage.SPARSE : InputStorage.DENSE;
      case "sparse" -> InputStorage.SPARSE;
      case "dense" -> InputStorage.DENSE;
      default -> throw new IllegalArgumentException("input storage: unknown kind '" + option + "' (expected auto, sparse or dense)");
    };
  }

  /** Wider than this, a dense block of scoring rows costs more than its non-zeros are likely to. */
  static final int SCORE_SPARSE_ABOVE = 4096;

  /**
   * How evaluate and predict stack rows for a saved model: either storage gives the same scores (in
   * double, up to the order of additions), so this picks by cost. Sparse when the model's scaling
   * keeps zeros zero and the model is wider than {@value #SCORE_SPARSE_ABOVE} inputs.
   */
  public static InputStorage forScoring(FeatureScaler scaler, int inputs) {
    if (inputs <= SCORE_SPARSE_ABOVE) return InputStorage.DENSE;
    for (int j = 0; j < inputs; j++) if (scaler.apply(j, 0) != 0) return InputStorage.DENSE;
    return InputStorage.SPARSE;
  }
}
