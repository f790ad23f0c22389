package io.sparkprop.nn;

import java.util.Locale;

/**
 * How the first layer's input is stored in a {@link Block}, and so how the first layer computes:
 * a dense matrix and one gemm, or compressed sparse columns and a sparse x dense product whose
 * cost follows the non-zeros, not the number of features.
 */
public enum InputStorage {
  DENSE, SPARSE;

  public String cliName() { return name().toLowerCase(Locale.ROOT); }
}
