package io.sparkprop.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Loss and accuracy per epoch, training and validation, as one PNG with two charts side by side. */
public final class TrainingCurves {
  private TrainingCurves() {}

  /** One epoch's numbers; validation values may be NaN (no validation data): those series are left out. */
  public record Point(int epoch, double trainLoss, double trainAccuracy, double validationLoss, double validationAccuracy) {}

  public static void writePng(Path file, List<Point> points, String validationName) throws IOException {
    Headless.ensure();
    XYChart loss = chart("Loss per epoch", "mean cross-entropy");
    XYChart accuracy = chart("Accuracy per epoch", "accuracy");
    List<Integer> epochs = new ArrayList<>();
    List<Double> trainLoss = new ArrayList<>(), trainAcc = new ArrayList<>(), valLoss = new ArrayList<>(), valAcc = new ArrayList<>();
    boolean hasValidation = false;
    for (Point p : points) {
      epochs.add(p.epoch());
      trainLoss.add(p.trainLoss());
      trainAcc.add(p.trainAccuracy());
      valLoss.add(p.validationLoss());
      valAcc.add(p.validationAccuracy());
      hasValidation |= !Double.isNaN(p.validationLoss());
    }
    series(loss, "training", epochs, trainLoss, Color.BLUE);
    series(accuracy, "training", epochs, trainAcc, Color.BLUE);
    if (hasValidation) {
      series(loss, validationName, epochs, valLoss, Color.RED);
      series(accuracy, validationName, epochs, valAcc, Color.RED);
    }
    BitmapEncoder.saveBitmap(List.of(loss, accuracy), 1, 2, PngFiles.withoutExtension(file), BitmapEncoder.BitmapFormat.PNG);
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    return chart;
  }

  private static void series(XYChart chart, String name, List<Integer> x, List<Double> y, Color color) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setMarker(x.size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
  }
}
