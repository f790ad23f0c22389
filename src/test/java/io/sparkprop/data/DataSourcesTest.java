package io.sparkprop.data;

import static io.sparkprop.data.DataTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparkprop.data.DataOptions.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataSourcesTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "a.libsvm, LIBSVM", "a.svm, LIBSVM", "a.TXT, LIBSVM", "part-00000, LIBSVM", "a.libsvm.gz, LIBSVM",
      "a.csv, CSV", "a.csv.gz, CSV",
      "train-images-idx3-ubyte, IDX", "train-images-idx3-ubyte.gz, IDX",
      "a.parquet, PARQUET", "part-00000-1f2e.c000.snappy.parquet, PARQUET",
  })
  void tellsTheFormatFromTheFileName(String name, Format format) {
    assertEquals(format, DataSources.formatOfName(name));
  }

  @Test
  void knowsNoFormatForOtherExtensions() {
    assertNull(DataSources.formatOfName("a.orc"));
    Path file = write(dir.resolve("a.orc"), "x");
    assertEquals(file + ": cannot tell the format of a.orc from its name: give the format",
        dataError(() -> open(file)).getMessage());
  }

  @Test
  void tellsAFoldersFormatFromItsFilesAndLetsTheOptionsOverrideIt() {
    write(dir.resolve("d/part-0.csv"), "0,1\n");
    write(dir.resolve("d/_SUCCESS"), "");
    DataSource detected = DataSources.open(dir.resolve("d").toString(), DataOptions.DEFAULTS);
    assertInstanceOf(CsvDataSource.class, detected);
    assertEquals(FeatureScaler.Kind.STANDARDIZE, detected.defaultScaling());
    assertInstanceOf(LibsvmDataSource.class, DataSources.open(dir.resolve("d").toString(), DataOptions.DEFAULTS.withFormat(Format.LIBSVM)));
    write(dir.resolve("d/part-1.libsvm"), "0 1:1\n");
    assertEquals(dir.resolve("d") + ": files of different formats [LIBSVM, CSV]: give the format",
        dataError(() -> DataSources.open(dir.resolve("d").toString(), DataOptions.DEFAULTS)).getMessage());
  }

  @Test
  void findsTheDataExceptionInsideSparksWrapping() {
    DataException cause = new DataException("f.csv", 3, "bad");
    assertSame(cause, DataException.find(new SparkException("Job aborted", new RuntimeException(cause))).orElseThrow());
    assertFalse(DataException.find(new SparkException("other")).isPresent());
  }

  @Test
  void formatsRecordsOfBinaryFiles() {
    assertEquals("f: record 3: bad", DataException.atRecord("f", 3, "bad").getMessage());
  }

  @Test
  void countsLinesAsHadoopSplitsThem() throws IOException {
    byte[] text = "a\nb\r\nc\rd\n\ne".getBytes(StandardCharsets.US_ASCII);
    int[] starts = {0, 2, 5, 7, 9, 10};
    for (int line = 0; line < starts.length; line++)
      assertEquals(line + 1, LineNumbers.lineAt(new ByteArrayInputStream(text), starts[line]), "line starting at " + starts[line]);
  }

  @Test
  void parsesOptionNames() {
    assertEquals(Format.IDX, Format.parse("idx"));
    assertEquals(DataOptions.CsvHeader.TRUE, DataOptions.CsvHeader.parse("True"));
    assertEquals("unknown format 'xml': expected auto|libsvm|csv|idx|parquet",
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Format.parse("xml")).getMessage());
  }
}
