package io.sparkprop.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The bench's result as a table for people: one row a measurement, sparkprop beside MLlib. */
public final class BenchTable {
  private final List<String[]> rows = new ArrayList<>();

  private BenchTable() {
    rows.add(new String[] {"measurement", "sparkprop", "MLlib", "ratio"});
  }

  /** The table for what {@link FashionMnistBench} and {@link ScalingSeries} measured (a part the result lacks is skipped). */
  public static String of(BenchResult result) {
    BenchTable t = new BenchTable();
    FashionMnistBench.Result fm = result.fashionMnist();
    if (fm != null) {
      FashionMnistBench.FullPass pass = fm.fullPass();
      t.row("full gradient pass " + layers(pass) + ", " + fm.rows() + " rows",
          seconds(pass.sparkpropSeconds()) + " (" + fm.precision().sparkprop() + ")",
          seconds(pass.mllibSeconds()) + " (" + fm.precision().mllib() + ")", times(pass.speedup()) + " faster");
      t.row("achieved GFLOP/s vs " + pass.gemmName() + " " + number(pass.gemmGflops(), 1), number(pass.sparkpropGflops(), 1), "",
          "efficiency " + number(pass.gemmEfficiency(), 2));
      for (FashionMnistBench.FullPass p : fm.widerPasses())
        t.row("full gradient pass " + layers(p), seconds(p.sparkpropSeconds()) + ", " + number(p.sparkpropGflops(), 1) + " GFLOP/s",
            seconds(p.mllibSeconds()), times(p.speedup()) + " faster, efficiency " + number(p.gemmEfficiency(), 2));
      t.row("cached training data", megabytes(fm.cacheBytes().sparkprop()), megabytes(fm.cacheBytes().mllib()), number(fm.cacheBytesRatio(), 3));
      FashionMnistBench.TimeToTarget race = fm.timeToTarget();
      t.row("time to " + race.target() + " test accuracy",
          seconds(race.sparkprop().seconds()) + " (" + race.sparkprop().epochs() + " epochs, " + race.sparkprop().optimizer() + ")",
          seconds(race.mllib().seconds()) + " (" + race.mllib().maxIter() + " l-bfgs iterations)", times(race.speedup()) + " faster");
      StepBreakdown b = race.sparkprop().breakdown();
      t.row("race: a step's wall time", String.format(Locale.ROOT, "%.2f ms a step (task compute %.2f ms)", b.step(), b.taskCompute()), "",
          String.format(Locale.ROOT, "empty job %.2f ms, goal %.2f ms", b.emptyJob(), b.goal()));
      t.row("BLAS", fm.blas().sparkprop(), fm.blas().mllib(), "");
    }
    ScalingSeries.Result scaling = result.scaling();
    if (scaling != null) {
      for (ScalingSeries.Size size : scaling.sizes())
        t.row("scaling: full pass of " + size.rows() + " generated rows",
            seconds(size.secondsPerEpoch()) + ", " + seconds(size.secondsPerMillion()) + " per 1M", "", "");
      t.row("scaling: per 1M samples, largest over smallest", "", "", number(scaling.linearity(), 3));
      t.row("step overhead (tiny batch)", number(scaling.stepOverheadSeconds() * 1e3, 1) + " ms", "", "");
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

  private static String layers(FashionMnistBench.FullPass pass) {
    return pass.layers().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  private static String number(double value, int decimals) { return String.format(Locale.ROOT, "%." + decimals + "f", value); }

  private static String seconds(double value) { return number(value, 3) + " s"; }

  private static String times(double value) { return number(value, 2) + "x"; }

  private static String megabytes(long bytes) { return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6); }
}
