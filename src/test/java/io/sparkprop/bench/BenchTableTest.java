package io.sparkprop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BenchTableTest {
  /** A full run's Fashion-MNIST part, with figures of the kind the bench prints. */
  static FashionMnistBench.Result example() {
    FashionMnistBench.FullPass pass = new FashionMnistBench.FullPass(List.of(784, 128, 10), 0.256, 0.656, 2.5625, 95.7, "sgemm", 220.1, 0.4348);
    FashionMnistBench.FullPass wider = new FashionMnistBench.FullPass(List.of(784, 256, 10), 0.5, 1.5, 3.0, 99.0, "sgemm", 221.0, 0.45);
    StepBreakdown breakdown = new StepBreakdown(400, 24.0, 1.0, 20.0, 3.0, 5.0, 2.0, 1.0, 0.5, 1.0, 4.0, 5.0, 0.5, 1.5, 1.0, 11.0);
    FashionMnistBench.Race ours = new FashionMnistBench.Race(9.6, 6, 0.8712, true, 0.4, "adam lr 0.005 batch 1024", breakdown, 0.3);
    return new FashionMnistBench.Result(60000L, 2, new FashionMnistBench.Sides<>("JNIBLAS", "JNIBLAS"),
        new FashionMnistBench.Sides<>("float", "double"), pass, List.of(wider), new FashionMnistBench.Sides<>(188_400_000L, 381_200_000L),
        new FashionMnistBench.TimeToTarget(0.87, ours, new MllibClassifierRuns.Run(100, 58.4, 0.8705)));
  }

  static ScalingSeries.Result oneSize() {
    ScalingSeries.Size size = new ScalingSeries.Size(60000L, 0.3, 5.0, null, 4.5, 0.01, 2.0, 33.3, 30.0, 0.1, 1.5, 190_000_000L, 0L,
        OptionalDouble.empty());
    return new ScalingSeries.Result("clusters", 2, "median", "one epoch", List.of(size), 1.02, OptionalDouble.empty(), OptionalDouble.empty(),
        OptionalDouble.empty(), 1.0, OptionalDouble.empty(), OptionalDouble.empty(), 0.012, 2, OptionalLong.empty());
  }

  @Test
  void tableShowsEachSideAndTheRatiosOfTheResult() {
    String table = BenchTable.of(new BenchResult(example(), null));
    for (String expected : List.of("[784,128,10], 60000 rows", "0.256 s (float)", "0.656 s (double)", "2.56x faster", "efficiency 0.43",
        "[784,256,10]", "3.00x faster", "188.4 MB", "381.2 MB", "0.494", "9.600 s (6 epochs", "100 l-bfgs iterations", "6.08x faster", "JNIBLAS",
        "24.00 ms a step (task compute 5.00 ms)", "empty job 11.00 ms", "goal 19.30 ms"))
      assertTrue(table.contains(expected), expected + " missing from\n" + table);
    assertFalse(table.contains("scaling"), "no scaling rows without a scaling result");
  }

  @Test
  void partsMissingFromTheResultAreLeftOut() {
    String table = BenchTable.of(new BenchResult(null, oneSize()));
    assertTrue(table.contains("60000 generated rows") && table.contains("1.020") && table.contains("12.0 ms"), table);
    assertFalse(table.contains("full gradient pass"), table);
  }

  @Test
  void theJsonLineKeepsItsKeys() {
    Map<String, Object> json = new BenchResult(example(), oneSize()).toMap();
    StepBreakdown breakdown = example().timeToTarget().sparkprop().breakdown();
    assertEquals(List.of("rows", "partitions", "blas", "precision", "full_pass_seconds", "full_pass_speedup", "gemm_gflops", "sparkprop_gflops",
        "gemm_efficiency", "full_pass_784_256_10", "cache_bytes", "cache_bytes_ratio", "time_to_target", "time_to_87_speedup", "scaling"),
        List.copyOf(json.keySet()));
    assertEquals(Map.of("sparkprop", 0.256, "mllib", 0.656), json.get("full_pass_seconds"));
    assertEquals(Map.of("sgemm", 220.1), json.get("gemm_gflops"));
    assertEquals(Map.of("sparkprop_seconds", 0.5, "mllib_seconds", 1.5, "speedup", 3.0, "sparkprop_gflops", 99.0,
        "gemm_gflops", Map.of("sgemm", 221.0), "gemm_efficiency", 0.45), json.get("full_pass_784_256_10"));
    assertEquals(188_400_000.0 / 381_200_000.0, (double) json.get("cache_bytes_ratio"), 1e-15);
    assertEquals(Map.of("target", 0.87,
        "sparkprop", Map.of("seconds", 9.6, "epochs", 6, "test_accuracy", 0.8712, "reached", true, "stacking_seconds", 0.4,
            "optimizer", "adam lr 0.005 batch 1024", "step_breakdown", breakdown.toMap(), "scoring_to_epoch_ratio", 0.3),
        "mllib", Map.of("seconds", 58.4, "iterations", 100, "test_accuracy", 0.8705, "reached", true)), json.get("time_to_target"));
    assertEquals(58.4 / 9.6, (double) json.get("time_to_87_speedup"), 1e-15);
    assertEquals(List.of("steps", "step_ms", "broadcast_ms", "job_ms", "to_first_task_ms", "task_compute_ms", "task_overhead_ms", "task_deserialize_ms", "result_serialization_ms", "slower_task_lag_ms",
        "result_to_driver_ms", "outside_job_ms", "reduce_ms", "update_ms", "rest_ms", "empty_job_ms", "goal_ms"), List.copyOf(breakdown.toMap().keySet()));
    assertEquals(5.0 + 1.3 * 11.0, breakdown.goal(), 1e-12);
    assertEquals(List.of("data", "partitions", "seconds_per_epoch_is", "minibatch_epoch_is", "sizes", "linearity", "minibatch_linearity",
        "step_overhead_seconds", "step_overhead_batch"), List.copyOf(((Map<?, ?>) json.get("scaling")).keySet()));
  }
}
