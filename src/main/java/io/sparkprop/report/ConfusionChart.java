package io.sparkprop.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** A confusion matrix as a heat map PNG: true class down, predicted class across, counts in the cells. */
public final class ConfusionChart {
  private ConfusionChart() {}

  public static void writePng(Path file, long[][] counts, String title) throws IOException {
    Headless.ensure();
    int k = counts.length;
    int side = Math.max(480, 60 * k + 160);
    HeatMapChart chart = new HeatMapChartBuilder().width(side).height(side).title(title)
        .xAxisTitle("predicted class").yAxisTitle("true class").build();
    chart.getStyler().setShowValue(true);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)});
    List<Integer> classes = new ArrayList<>();
    for (int c = 0; c < k; c++) classes.add(c);
    // rows from the top in class order: the heat map's y axis grows upwards, so list true classes reversed
    List<Integer> trueClasses = new ArrayList<>();
    for (int c = k - 1; c >= 0; c--) trueClasses.add(c);
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < k; t++)
      for (int p = 0; p < k; p++) cells.add(new Number[] {p, k - 1 - t, counts[t][p]});
    chart.addSeries("counts", classes, trueClasses, cells);
    BitmapEncoder.saveBitmap(chart, PngFiles.withoutExtension(file), BitmapEncoder.BitmapFormat.PNG);
  }
}
