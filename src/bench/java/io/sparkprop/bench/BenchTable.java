package io.sparkprop.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bench's result map as a table for people: one row a measurement, sparkprop beside MLlib. */
public final class BenchTable {
  private final List<String[]> rows = new ArrayList<>();

  private BenchTable() {
    rows.add(new String[] {"measurement", "sparkprop", "MLlib", "ratio"});
  }

  /** The table for what {@link FashionMnistBench} and {@link ScalingSeries} returned (parts missing from the map are skipped). */
  @SuppressWarnings("unchecked")
  public static String of(Map<String, Object> result) {
    BenchTable t = new BenchTable();
    Map<String, Object> precision = (Map<String, Object>) result.get("precision");
    Map<String, Object> passes = (Map<String, Object>) result.get("full_pass_seconds");
    if (passes != null) {
      t.row("full gradient pass [784,128,10], " + result.get("rows") + " rows",
          seconds(passes.get("sparkprop")) + " (" + precision.get("sparkprop") + ")",
          seconds(passes.get("mllib")) + " (" + precision.get("mllib") + ")", times(result.get("full_pass_speedup")) + " faster");
      Map<String, Object> gemm = (Map<String, Object>) result.get("gemm_gflops");
      String gemmName = gemm.keySet().iterator().next();
      t.row("achieved GFLOP/s vs " + gemmName + " " + number(gemm.get(gemmName), 1), number(result.get("sparkprop_gflops"), 1), "",
          "efficiency " + number(result.get("gemm_efficiency"), 2));
    }
    for (Map.Entry<String, Object> e : result.entrySet()) {
      if (!e.getKey().startsWith("full_pass_784_")) continue;
      Map<String, Object> p = (Map<String, Object>) e.getValue();
      t.row("full gradient pass [" + e.getKey().substring("full_pass_".length()).replace('_', ',') + "]",
          seconds(p.get("sparkprop_seconds")) + ", " + number(p.get("sparkprop_gflops"), 1) + " GFLOP/s",
          seconds(p.get("mllib_seconds")), times(p.get("speedup")) + " faster, efficiency " + number(p.get("gemm_efficiency"), 2));
    }
    Map<String, Object> cache = (Map<String, Object>) result.get("cache_bytes");
    if (cache != null)
      t.row("cached training data", megabytes(cache.get("sparkprop")), megabytes(cache.get("mllib")), number(result.get("cache_bytes_ratio"), 3));
    Map<String, Object> race = (Map<String, Object>) result.get("time_to_target");
    if (race != null) {
      Map<String, Object> ours = (Map<String, Object>) race.get("sparkprop");
      Map<String, Object> theirs = (Map<String, Object>) race.get("mllib");
      t.row("time to " + race.get("target") + " test accuracy",
          seconds(ours.get("seconds")) + " (" + ours.get("epochs") + " epochs, " + ours.get("optimizer") + ")",
          seconds(theirs.get("seconds")) + " (" + theirs.get("iterations") + " l-bfgs iterations)",
          times(result.get("time_to_87_speedup")) + " faster");
    }
    Map<String, Object> blas = (Map<String, Object>) result.get("blas");
    if (blas != null) t.row("BLAS", String.valueOf(blas.get("sparkprop")), String.valueOf(blas.get("mllib")), "");
    Map<String, Object> scaling = (Map<String, Object>) result.get("scaling");
    if (scaling != null) {
      for (Map<String, Object> size : (List<Map<String, Object>>) scaling.get("sizes"))
        t.row("scaling: full pass of " + size.get("rows") + " generated rows",
            seconds(size.get("seconds_per_epoch")) + ", " + seconds(size.get("seconds_per_million")) + " per 1M", "", "");
      t.row("scaling: per 1M samples, largest over smallest", "", "", number(scaling.get("linearity"), 3));
      t.row("step overhead (tiny batch)", number(((Number) scaling.get("step_overhead_seconds")).doubleValue() * 1e3, 1) + " ms", "", "");
    }
    return t.render();
  }

  private void row(String... cells) { rows.add(cells); }

  private String render() {
    int[] widths = new int[4];
    for (String[] r : rows) for (int c = 0; c < 4; c++) widths[c] = Math.max(widths[c], r[c].length());
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      out.append(String.format(Locale.ROOT, "%-" + widths[0] + "s | %-" + widths[1] + "s | %-" + widths[2] + "s | %s%n", (Object[]) r));
      if (i == 0) out.append("-".repeat(widths[0] + widths[1] + widths[2] + widths[3] + 9)).append(System.lineSeparator());
    }
    return out.toString();
  }

  private static String number(Object value, int decimals) {
    return value == null ? "" : String.format(Locale.ROOT, "%." + decimals + "f", ((Number) value).doubleValue());
  }

  private static String seconds(Object value) { return value == null ? "" : number(value, 3) + " s"; }

  private static String times(Object value) { return value == null ? "" : number(value, 2) + "x"; }

  private static String megabytes(Object value) { return String.format(Locale.ROOT, "%.1f MB", ((Number) value).doubleValue() / 1e6); }
}
