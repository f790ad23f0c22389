package io.sparkprop.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchTableTest {
  @Test
  void tableShowsEachSideAndTheRatiosOfTheResult() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("rows", 60000L);
    r.put("blas", Map.of("sparkprop", "JNIBLAS", "mllib", "JNIBLAS"));
    r.put("precision", Map.of("sparkprop", "float", "mllib", "double"));
    r.put("full_pass_seconds", Map.of("sparkprop", 0.256, "mllib", 0.656));
    r.put("full_pass_speedup", 2.5625);
    r.put("gemm_gflops", Map.of("sgemm", 220.1));
    r.put("sparkprop_gflops", 95.7);
    r.put("gemm_efficiency", 0.4348);
    r.put("full_pass_784_256_10", Map.of("sparkprop_seconds", 0.5, "mllib_seconds", 1.5, "speedup", 3.0, "sparkprop_gflops", 99.0,
        "gemm_efficiency", 0.45));
    r.put("cache_bytes", Map.of("sparkprop", 188_400_000L, "mllib", 381_200_000L));
    r.put("cache_bytes_ratio", 0.494);
    r.put("time_to_target", Map.of("target", 0.87,
        "sparkprop", Map.of("seconds", 9.6, "epochs", 6, "optimizer", "adam lr 0.005 batch 1024"),
        "mllib", Map.of("seconds", 58.4, "iterations", 100)));
    r.put("time_to_87_speedup", 6.08);
    String table = BenchTable.of(r);
    for (String expected : List.of("0.256 s (float)", "0.656 s (double)", "2.56x faster", "efficiency 0.43", "[784,256,10]",
        "3.00x faster", "188.4 MB", "381.2 MB", "0.494", "9.600 s (6 epochs", "100 l-bfgs iterations", "6.08x faster", "JNIBLAS"))
      assertTrue(table.contains(expected), expected + " missing from\n" + table);
    assertFalse(table.contains("scaling"), "no scaling rows without a scaling result");
  }

  @Test
  void partsMissingFromTheResultAreLeftOut() {
    String table = BenchTable.of(Map.of("scaling", Map.of("sizes", List.of(Map.of("rows", 60000L, "seconds_per_epoch", 0.3,
        "seconds_per_million", 5.0)), "linearity", 1.02, "step_overhead_seconds", 0.012)));
    assertTrue(table.contains("60000 generated rows") && table.contains("1.020") && table.contains("12.0 ms"), table);
    assertFalse(table.contains("full gradient pass"), table);
  }
}
