package io.sparkprop.data;

import static io.sparkprop.data.DataTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.GzipDamage;
import io.sparkprop.data.DataOptions.CsvHeader;
import io.sparkprop.data.DataSource.Expectations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.spark.mllib.linalg.DenseVector;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CsvReaderTest {
  @TempDir Path dir;

  private DataSource csv(Path file, DataOptions options) { return DataSources.open(file.toString(), options); }

  @Test
  void readsDenseRowsSkippingAnAutoDetectedHeader() {
    Path file = write(dir.resolve("a.csv"), "label,x,y\n1, 0.5 ,2\n0,-1,3e2\n\n");
    List<LabeledPoint> rows = rows(open(file));
    assertEquals(2, rows.size());
    assertEquals(1.0, rows.get(0).label());
    assertTrue(rows.get(0).features() instanceof DenseVector);
    assertArrayEquals(new double[] {0.5, 2}, rows.get(0).features().toArray());
    assertEquals(0.0, rows.get(1).label());
    assertArrayEquals(new double[] {-1, 300}, rows.get(1).features().toArray());
  }

  @Test
  void takesTheLabelFromTheLastColumnWithoutAHeader() {
    Path file = write(dir.resolve("a.csv"), "0.5;2;1\n-1;3;0\n");
    DataOptions options = DataOptions.DEFAULTS.withCsvLabelColumn(-1).withCsvDelimiter(';').withCsvHeader(CsvHeader.FALSE);
    List<LabeledPoint> rows = rows(csv(file, options));
    assertEquals(1.0, rows.get(0).label());
    assertArrayEquals(new double[] {0.5, 2}, rows.get(0).features().toArray());
    assertArrayEquals(new double[] {-1, 3}, rows.get(1).features().toArray());
  }

  @Test
  void skipsTheFirstLineOfEveryFileWhenTheHeaderIsDeclared() {
    write(dir.resolve("parts/part-0.csv"), "9,9\n1,2\n");
    write(dir.resolve("parts/part-1.csv"), "9,9\n0,3\n");
    DataSource source = DataSources.open(dir.resolve("parts").toString(), DataOptions.DEFAULTS.withCsvHeader(CsvHeader.TRUE));
    List<LabeledPoint> rows = rows(source);
    assertEquals(2, rows.size());
    assertEquals(5.0, rows.get(0).features().apply(0) + rows.get(1).features().apply(0));
  }

  @Test
  void readsGzippedFiles() {
    Path file = write(dir.resolve("a.csv.gz"), "1,2,3\n0,4,5\n");
    assertArrayEquals(new double[] {4, 5}, rows(open(file)).get(1).features().toArray());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(GzipDamage.class)
  void namesADamagedGzippedFileAndWhatIsWrong(GzipDamage damage) {
    Path file = write(dir.resolve("a.csv.gz"), damage, "label,a,b\n" + "1,2,3\n0,4,5\n".repeat(20));
    String message = readError(open(file)).getMessage();
    assertTrue(message.startsWith(file + ": truncated or corrupt gzip data ("), message);
  }

  /** Hadoop's bzip2 reads the first block as its line reader is made, before any line reaches the parser. */
  @Test
  void namesATruncatedFileOfAnotherCodecThatFailsAsItIsOpened() throws IOException {
    BZip2Codec bzip2 = ReflectionUtils.newInstance(BZip2Codec.class, new Configuration());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = bzip2.createOutputStream(bytes)) {
      Random random = new Random(5);
      for (int i = 0; i < 2000; i++) out.write((i % 2 + "," + random.nextDouble() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = bytes.toByteArray();
    Path file = write(dir.resolve("a.csv.bz2"), Arrays.copyOf(whole, whole.length / 2));
    assertEquals(file + ": truncated or corrupt bzip2 data (unexpected end of stream)",
        readError(csv(file, DataOptions.DEFAULTS.withFormat(DataOptions.Format.CSV))).getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "1,2 | row has 2 fields, expected 3 (the first row had 3)",
      "1,2,3,4 | row has 4 fields, expected 3 (the first row had 3)",
      "1,,3 | field 2 is empty",
      "1,NaN,3 | field 2 is NaN: values must be finite",
      "1,2,-Infinity | field 3 is -Infinity: values must be finite",
      "1,2,abc | field 3 is not a number: 'abc'",
      "x,2,3 | label must be a class index (a non-negative integer), found 'x'",
      "1.5,2,3 | label must be a class index (a non-negative integer), found '1.5'",
  })
  void reportsEachBadInputKindWithFileAndLine(String badLine, String problem) {
    Path file = write(dir.resolve("bad.csv"), "label,a,b\n0,1,2\n\n1,2,3\n" + badLine + "\n");
    assertEquals(file + ":5: " + problem, readError(open(file)).getMessage());
  }

  @Test
  void checksRowWidthAgainstTheFilesFirstRowInLaterSplits() {
    StringBuilder text = new StringBuilder("label,a,b,c\n");
    for (int i = 2; i <= 300; i++) text.append(i == 280 ? "1,2,3" : (i % 3) + ",1.5,2.5,3.5").append('\n');
    Path file = write(dir.resolve("big.csv"), text.toString());
    DataSource source = open(file);
    assertTrue(source.read(sc(), Expectations.NONE, 4).getNumPartitions() >= 4);
    assertEquals(file + ":280: row has 3 fields, expected 4 (the first row had 4)",
        readError(source, Expectations.NONE, 4).getMessage());
  }

  @Test
  void rejectsRowsOfTheWrongWidthForTheModel() {
    Path file = write(dir.resolve("test.csv"), "0,1,2\n1,2,3\n");
    assertEquals(file + ":1: row has 3 fields, expected 4 (the model has 3 features plus the label)",
        readError(open(file), new Expectations(3, 2), 1).getMessage());
  }

  @Test
  void rejectsALabelOutOfRangeForTheModel() {
    Path file = write(dir.resolve("test.csv"), "0,1\n1,2\n2,3\n");
    assertEquals(file + ":3: label 2 out of range: the model has 2 classes (0..1)",
        readError(open(file), new Expectations(1, 2), 2).getMessage());
  }

  @Test
  void theSummaryRejectsFilesWhoseRowsDifferInWidth() {
    write(dir.resolve("parts/a.csv"), "0,1,2\n1,2,3\n");
    write(dir.resolve("parts/b.csv"), "0,1\n1,2\n");
    String folder = dir.resolve("parts").toString();
    DataSource source = DataSources.open(folder, DataOptions.DEFAULTS);
    DataException e = dataError(() -> DataSummary.of(source.read(sc(), Expectations.NONE, 2), source));
    assertEquals(folder + ": rows differ in width: some have 1 features, others 2 (do all files have the same columns?)", e.getMessage());
  }
}
