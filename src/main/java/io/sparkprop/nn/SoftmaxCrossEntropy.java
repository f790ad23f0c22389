package io.sparkprop.nn;

/**
 * The output layer's loss on a block of scores f (classes x n, column-major):
 * L_i = -log(e^{f_{y_i}} / sum_j e^{f_j}), and its gradient dL_i/df_j = P_j - 1{j = y_i}.
 * With per-sample weights w_i, the summed loss is sum w_i L_i and the gradient column i is scaled by
 * w_i; without (null), nothing is multiplied, so an unweighted run's arithmetic is unchanged.
 */
final class SoftmaxCrossEntropy {
  private SoftmaxCrossEntropy() {}

  /**
   * Turns scores into probabilities in place (stable: the column max is subtracted first)
   * and returns the summed loss over the n columns, each weighted by {@code weights[col]} (null = 1).
   */
  static double softmax(double[] f, int classes, int n, int[] labels, double[] weights) {
    double loss = 0;
    for (int col = 0, base = 0; col < n; col++, base += classes) {
      double max = f[base];
      for (int j = 1; j < classes; j++) max = Math.max(max, f[base + j]);
      // log-sum-exp from the shifted scores, so a tiny probability cannot underflow the loss to infinity
      double shifted = labels == null ? 0 : f[base + labels[col]] - max;
      if (labels != null && weights == null) loss -= shifted;
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        double e = Math.exp(f[base + j] - max);
        f[base + j] = e;
        sum += e;
      }
      if (labels != null) {
        if (weights == null) loss += Math.log(sum);
        else loss += weights[col] * (Math.log(sum) - shifted);
      }
      double inv = 1 / sum;
      for (int j = 0; j < classes; j++) f[base + j] *= inv;
    }
    return loss;
  }

  /** delta = P - onehot(y), column by column, column i times {@code weights[i]} (null = unweighted). */
  static void delta(double[] probabilities, int classes, int n, int[] labels, double[] weights, double[] delta) {
    System.arraycopy(probabilities, 0, delta, 0, classes * n);
    for (int col = 0; col < n; col++) delta[col * classes + labels[col]] -= 1;
    if (weights == null) return;
    // every gradient below is linear in this delta: scaling it here weighs the sample everywhere
    for (int col = 0, base = 0; col < n; col++, base += classes)
      for (int j = 0; j < classes; j++) delta[base + j] *= weights[col];
  }
}
