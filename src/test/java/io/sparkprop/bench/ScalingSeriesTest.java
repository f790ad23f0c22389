package io.sparkprop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import java.util.ArrayList;
import io.sparkprop.nn.Precision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingSeriesTest {

  @Test
  void reportsSecondsPerEpochAndPerMillionForEverySize() {
    List<String> lines = new ArrayList<>();
    ScalingSeries.Settings settings = new ScalingSeries.Settings(List.of(500L, 1000L), 16, 32, 3, 256, 5, 1L, Precision.SINGLE, 0);
    Map<String, Object> result = new ScalingSeries(SparkTestSupport.sparkContext(), settings, lines::add).run();

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sizes = (List<Map<String, Object>>) result.get("sizes");
    assertEquals(List.of(500L, 1000L), sizes.stream().map(s -> s.get("rows")).toList());
    for (Map<String, Object> size : sizes)
      for (String key : List.of("seconds_per_epoch", "seconds_per_million", "minibatch_seconds_per_epoch", "minibatch_seconds_per_million"))
        assertTrue((double) size.get(key) > 0, key + " in " + size);
    assertTrue((double) sizes.get(1).get("reference_seconds_per_million") > 0, "the larger size times the smallest in turn");
    assertTrue((double) sizes.get(0).get("seconds_per_million_at_end") > 0, "the smallest size is timed again after the larger ones");
    for (String key : List.of("linearity", "linearity_bracketed", "linearity_unpaired", "smallest_size_drift", "linearity_fastest", "cpu_linearity", "minibatch_linearity",
        "step_overhead_seconds"))
      assertTrue((double) result.get(key) > 0, key + " in " + result);
    assertTrue(lines.size() >= 5, "one line per measurement: " + lines);
  }
}
