package io.sparkprop.data;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkprop.GzipDamage;
import io.sparkprop.SparkTestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.junit.jupiter.api.function.Executable;

/** Small files and Spark runs for the data tests. */
final class DataTestSupport {
  private DataTestSupport() {}

  static JavaSparkContext sc() { return SparkTestSupport.sparkContext(); }

  static Path write(Path file, String text) {
    return write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes}, gzipped when the name ends in .gz. */
  static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = file.toString().endsWith(".gz")
          ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
        out.write(bytes);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code bytes} gzipped and then damaged; the name should end in .gz. */
  static Path write(Path file, GzipDamage damage, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, damage.gzipped(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, GzipDamage damage, String text) {
    return write(file, damage, text.getBytes(StandardCharsets.UTF_8));
  }

  static DataSource open(Path path) { return DataSources.open(path.toString(), DataOptions.DEFAULTS); }

  static List<LabeledPoint> rows(DataSource source, DataSource.Expectations expect, int partitions) {
    return source.read(sc(), expect, partitions).collect();
  }

  static List<LabeledPoint> rows(DataSource source) { return rows(source, DataSource.Expectations.NONE, 2); }

  /** The DataException that {@code action} ends in, wherever Spark wrapped it. */
  static DataException dataError(Executable action) {
    Throwable thrown = assertThrows(Throwable.class, action);
    return DataException.find(thrown).orElseThrow(() -> new AssertionError("no DataException behind " + thrown, thrown));
  }

  /** The DataException that reading {@code source} (all rows) ends in. */
  static DataException readError(DataSource source, DataSource.Expectations expect, int partitions) {
    return dataError(() -> source.read(sc(), expect, partitions).count());
  }

  static DataException readError(DataSource source) { return readError(source, DataSource.Expectations.NONE, 2); }
}
