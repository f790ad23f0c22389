package io.sparkprop.ml;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.SparkSession;

/** The command line's spiral as a CSV file with a header (label,x,y), so a DataFrame and the CLI read the same rows. */
final class SpiralTables {
  private SpiralTables() {}

  static SparkSession spark() {
    JavaSparkContext sc = SparkTestSupport.sparkContext();
    return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
  }

  /** {@code spiral:K:N} with the CLI's default data seed, written to {@code file}. */
  static Path csv(Path file, int classes, int pointsPerClass) throws IOException {
    JavaSparkContext sc = SparkTestSupport.sparkContext();
    DataSource spiral = DataSources.open("spiral:" + classes + ":" + pointsPerClass, DataOptions.DEFAULTS);
    List<String> lines = new ArrayList<>();
    lines.add("label,x,y");
    for (LabeledPoint p : spiral.read(sc, DataSource.Expectations.NONE, 1).collect())
      // %s prints the shortest text that reads back as the same double, so both readers see identical values
      lines.add(String.format(Locale.ROOT, "%d,%s,%s", (int) p.label(), Double.toString(p.features().apply(0)), Double.toString(p.features().apply(1))));
    Files.write(file, lines);
    return file;
  }
}
