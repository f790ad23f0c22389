package io.sparkprop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.nn.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingSeriesTest {

  @Test
  void reportsSecondsPerEpochAndPerMillionForEverySize() {
    List<String> lines = new ArrayList<>();
    ScalingSeries.Settings settings = new ScalingSeries.Settings(List.of(500L, 1000L), 16, 32, 3, 256, 5, 1L, Precision.SINGLE, 0);
    ScalingSeries.Result result = new ScalingSeries(SparkTestSupport.sparkContext(), settings, lines::add).run();

    List<ScalingSeries.Size> sizes = result.sizes();
    assertEquals(List.of(500L, 1000L), sizes.stream().map(ScalingSeries.Size::rows).toList());
    for (ScalingSeries.Size size : sizes)
      for (double v : new double[] {size.secondsPerEpoch(), size.secondsPerMillion(), size.minibatchSecondsPerEpoch(), size.minibatchSecondsPerMillion()})
        assertTrue(v > 0, size.toString());
    assertTrue(sizes.get(1).paired().referenceSecondsPerMillion() > 0, "the larger size times the smallest in turn");
    assertTrue(sizes.get(0).secondsPerMillionAtEnd().getAsDouble() > 0, "the smallest size is timed again after the larger ones");
    for (double v : new double[] {result.linearity(), result.linearityBracketed().getAsDouble(), result.linearityUnpaired().getAsDouble(),
        result.smallestSizeDrift().getAsDouble(), result.linearityFastest().getAsDouble(), result.cpuLinearity().getAsDouble(),
        result.minibatchLinearity(), result.stepOverheadSeconds()})
      assertTrue(v > 0, result.toString());
    assertTrue(lines.size() >= 5, "one line per measurement: " + lines);

    Map<String, Object> json = result.toMap();
    for (String key : List.of("linearity", "linearity_bracketed", "linearity_unpaired", "smallest_size_drift", "linearity_fastest", "cpu_linearity",
        "minibatch_linearity", "step_overhead_seconds"))
      assertTrue(json.get(key) instanceof Double, key + " in " + json);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> jsonSizes = (List<Map<String, Object>>) json.get("sizes");
    assertEquals(List.of("rows", "seconds_per_epoch", "seconds_per_million", "cpu_seconds_per_million", "gc_seconds_per_epoch",
        "minibatch_seconds_per_epoch", "minibatch_seconds_per_million", "minibatch_cpu_seconds_per_million", "minibatch_gc_seconds",
        "generate_seconds", "cached_bytes", "cached_on_disk_bytes", "seconds_per_million_at_end"), List.copyOf(jsonSizes.get(0).keySet()));
    assertEquals(List.of("rows", "seconds_per_epoch", "seconds_per_million", "reference_seconds_per_million", "best_seconds_per_million",
        "reference_best_seconds_per_million", "reference_cpu_seconds_per_million", "cpu_seconds_per_million", "gc_seconds_per_epoch",
        "minibatch_seconds_per_epoch", "minibatch_seconds_per_million", "minibatch_cpu_seconds_per_million", "minibatch_gc_seconds",
        "generate_seconds", "cached_bytes", "cached_on_disk_bytes"), List.copyOf(jsonSizes.get(1).keySet()));
  }
}
