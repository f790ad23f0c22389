package io.sparkprop.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the bench's main run prints last: the Fashion-MNIST comparison (absent with --only scaling) and
 * the scaling series (absent with --quick). {@link BenchTable} shows it to people.
 */
public record BenchResult(FashionMnistBench.Result fashionMnist, ScalingSeries.Result scaling) {
  /** The JSON line: the comparison's keys, then "scaling". */
  public Map<String, Object> toMap() {
    Map<String, Object> m = fashionMnist == null ? new LinkedHashMap<>() : fashionMnist.toMap();
    if (scaling != null) m.put("scaling", scaling.toMap());
    return m;
  }
}
