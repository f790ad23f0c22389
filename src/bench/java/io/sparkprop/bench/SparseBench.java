package io.sparkprop.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What `bench --only sparse` prints: sparkprop and MLlib's sparse baseline on the same LIBSVM files,
 * then the epoch cost over generated rows at each feature count.
 */
public record SparseBench(SparseTextRun.Result sparkprop, SparseBaseline.Result mllib, List<SparseScaling.Point> epochCost) {
  /** sparkprop's test accuracy less the best LogisticRegression run's (NaN without one). */
  public double accuracyVsLogisticRegression() {
    double best = mllib.logisticRegression().stream().mapToDouble(SparseBaseline.LrRun::testAccuracy).max().orElse(Double.NaN);
    return sparkprop.testAccuracy() - best;
  }

  /** The JSON line; the non-zero seconds ratio is there when the series has its two points, 2^18 and 2^20 features. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sparkprop", sparkprop.toMap());
    m.put("mllib", mllib.toMap());
    m.put("accuracy_vs_logistic_regression", accuracyVsLogisticRegression());
    m.put("epoch_cost", epochCost.stream().map(SparseScaling.Point::toMap).toList());
    if (epochCost.size() == 2)
      m.put("non_zero_seconds_ratio_2e20_to_2e18", epochCost.get(1).nonZeroSeconds() / epochCost.get(0).nonZeroSeconds());
    return m;
  }
}
