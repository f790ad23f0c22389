package io.sparkprop.data;

import static io.sparkprop.data.DataTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.GzipDamage;
import io.sparkprop.data.DataSource.Expectations;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.mllib.linalg.SparseVector;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LibsvmReaderTest {
  @TempDir Path dir;

  @Test
  void readsSparseRowsWithZeroBasedIndicesSkippingBlankAndCommentLines() {
    Path file = write(dir.resolve("a.libsvm"), "# a comment\n1 1:0.5 3:-2\n\n0 2:4 # trailing comment\n2.0\n");
    List<LabeledPoint> rows = rows(open(file));
    assertEquals(3, rows.size());
    SparseVector first = (SparseVector) rows.get(0).features();
    assertEquals(1.0, rows.get(0).label());
    assertArrayEquals(new int[] {0, 2}, first.indices());
    assertArrayEquals(new double[] {0.5, -2}, first.values());
    assertEquals(3, first.size(), "size is the row's largest 1-based index when the features are unknown");
    assertEquals(0.0, rows.get(1).label());
    assertEquals(2, rows.get(1).features().size());
    assertEquals(2.0, rows.get(2).label());
    assertEquals(0, rows.get(2).features().size());
  }

  @Test
  void sizesVectorsToTheExpectedFeatureCount() {
    Path file = write(dir.resolve("a.svm"), "1 1:1\n0 2:1\n");
    for (LabeledPoint row : rows(open(file), new Expectations(10, 2), 1)) assertEquals(10, row.features().size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "1 2:1 x3 | malformed token 'x3': expected index:value",
      "1 a:1 | feature index 'a' is not a positive integer",
      "1 -2:1 | feature index '-2' is not a positive integer",
      "1 0:1 | feature index 0 is below the format's base 1",
      "1 5:1 3:1 | feature index 3 after 5: indices must increase",
      "1 2:1 2:1 | feature index 2 after 2: indices must increase",
      "-2 1:1 | label must be a class index (a non-negative integer), found '-2'",
      "-1.5 1:1 | label must be a class index (a non-negative integer), found '-1.5'",
      "1 2147483648:1 | feature index 2147483648 is above 2147483647, the largest the format allows",
      "0.5 1:1 | label must be a class index (a non-negative integer), found '0.5'",
      "abc 1:1 | label must be a class index (a non-negative integer), found 'abc'",
      "1 1:NaN | feature 1 value is NaN: values must be finite",
      "1 4:Infinity | feature 4 value is Infinity: values must be finite",
      "1 4:x | feature 4 value 'x' is not a number",
  })
  void reportsEachBadInputKindWithFileAndLine(String badLine, String problem) {
    Path file = write(dir.resolve("bad.libsvm"), "0 1:1\n# comment\n\n1 2:2\n" + badLine + "\n0 1:1\n");
    assertEquals(file + ":5: " + problem, readError(open(file)).getMessage());
  }

  @Test
  void reportsTheExactLineWhenTheBadLineIsInALaterSplit() {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 400; i++) text.append(i == 371 ? "1 3:1 2:1" : (i % 2) + " 1:" + i + " 2:0.25").append('\n');
    Path file = write(dir.resolve("big.txt"), text.toString());
    DataSource source = open(file);
    assertTrue(source.read(sc(), Expectations.NONE, 4).getNumPartitions() >= 4);
    assertEquals(file + ":371: feature index 2 after 3: indices must increase", readError(source, Expectations.NONE, 4).getMessage());
  }

  @Test
  void namesThePartFileAndItsOwnLineInAFolder() {
    write(dir.resolve("parts/part-00000"), "0 1:1\n1 1:2\n");
    write(dir.resolve("parts/part-00001"), "0 1:1\n1 0:2\n");
    write(dir.resolve("parts/_SUCCESS"), "");
    String folder = dir.resolve("parts").toString();
    DataException e = readError(DataSources.open(folder, DataOptions.DEFAULTS));
    assertEquals(folder + "/part-00001:2: feature index 0 is below the format's base 1", e.getMessage());
  }

  @Test
  void namesATruncatedGzippedPartFileInAFolder() {
    write(dir.resolve("parts/part-00000.gz"), "0 1:1\n1 1:2\n");
    write(dir.resolve("parts/part-00001.gz"), GzipDamage.TRUNCATED, "0 1:1 2:0.5\n1 1:2 3:0.25\n".repeat(10));
    String folder = dir.resolve("parts").toString();
    assertEquals(folder + "/part-00001.gz: truncated or corrupt gzip data (Unexpected end of input stream)",
        readError(DataSources.open(folder, DataOptions.DEFAULTS)).getMessage());
  }

  @Test
  void countsLinesOfGzippedFilesInTheDecompressedText() {
    Path file = write(dir.resolve("a.libsvm.gz"), "0 1:1\r\n1 1:1\r\n1 1:1 1:2\r\n");
    assertEquals(file + ":3: feature index 1 after 1: indices must increase", readError(open(file)).getMessage());
  }

  @Test
  void rejectsAnIndexAboveTheExpectedFeatureCount() {
    Path file = write(dir.resolve("test.libsvm"), "0 1:1\n1 4:1\n");
    assertEquals(file + ":2: feature index 4 above the model's 3 features",
        readError(open(file), new Expectations(3, 2), 2).getMessage());
  }

  @Test
  void rejectsALabelOutOfRangeForTheModel() {
    Path file = write(dir.resolve("test.libsvm"), "0 1:1\n4 1:1\n7 1:1\n");
    assertEquals(file + ":3: label 7 out of range: the model has 5 classes (0..4)",
        readError(open(file), new Expectations(-1, 5), 1).getMessage());
  }

  @Test
  void reportsAMissingPathAndEmptyFilesAndFolders() {
    Path missing = dir.resolve("missing.libsvm");
    assertEquals(missing + ": no such file or directory", dataError(() -> open(missing)).getMessage());
    Path empty = write(dir.resolve("empty.libsvm"), "");
    assertEquals(empty + ": no rows", dataError(() -> open(empty)).getMessage());
    DataSource declared = DataSources.open(empty.toString(), DataOptions.DEFAULTS.withFormat(DataOptions.Format.LIBSVM));
    assertEquals(empty + ": no rows", readError(declared).getMessage());
    Path folder = dir.resolve("nothing");
    write(folder.resolve("_SUCCESS"), "");
    assertEquals(folder + ": no rows", dataError(() -> open(folder)).getMessage());
  }

  @Test
  void keepsMinusOneAndPlusOneLabelsForTheSummaryWhenTheLabelsAreNotKnown() {
    Path file = write(dir.resolve("pm.libsvm"), "-1 1:1\n+1 2:1\n1 1:2\n");
    assertArrayEquals(new double[] {-1, 1, 1}, rows(open(file), Expectations.NONE, 1).stream().mapToDouble(LabeledPoint::label).toArray());
  }

  @Test
  void mapsLabelsWithTheModelsMappingAndRefusesLabelsItLacks() {
    Path file = write(dir.resolve("pm.libsvm"), "-1 1:1\n+1 2:1\n");
    Expectations plusMinus = new Expectations(2, 2, LabelMapping.plusMinusOne());
    assertArrayEquals(new double[] {0, 1}, rows(open(file), plusMinus, 1).stream().mapToDouble(LabeledPoint::label).toArray());
    Path zero = write(dir.resolve("zero.libsvm"), "-1 1:1\n0 2:1\n");
    assertEquals(zero + ":2: label 0 is not one of the model's labels (-1, +1)", readError(open(zero), plusMinus, 1).getMessage());
  }

  @Test
  void refusesMinusOneForAModelOfClassIndices() {
    Path file = write(dir.resolve("neg.libsvm"), "0 1:1\n-1 2:1\n");
    assertEquals(file + ":2: label -1 is not a class index: -1 is read as class 0 only in data labelled -1/+1 alone",
        readError(open(file), new Expectations(2, 2, LabelMapping.IDENTITY), 1).getMessage());
  }

  @Test
  void numFeaturesSizesEveryRow() {
    Path file = write(dir.resolve("hashed.libsvm"), "1 3:1\n0 1:1\n1\n");
    DataSource source = DataSources.open(file.toString(), DataOptions.DEFAULTS.withNumFeatures(262144));
    for (LabeledPoint row : rows(source)) assertEquals(262144, row.features().size());
  }

  @Test
  void numFeaturesRefusesALargerIndexOnItsLine() {
    Path file = write(dir.resolve("hashed.libsvm"), "1 3:1\n0 1:1 262145:2\n");
    DataSource source = DataSources.open(file.toString(), DataOptions.DEFAULTS.withNumFeatures(262144));
    assertEquals(file + ":2: feature index 262145 beyond --num-features 262144", readError(source).getMessage());
  }

  @Test
  void numFeaturesIsRefusedForFormatsWithTheirOwnWidth() {
    Path file = write(dir.resolve("a.csv"), "0,1\n");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> DataSources.open(file.toString(), DataOptions.DEFAULTS.withNumFeatures(8)));
    assertEquals("--num-features applies to LIBSVM data; " + file + " is csv, whose rows have their width", e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> DataSources.open("spiral", DataOptions.DEFAULTS.withNumFeatures(8)));
    assertEquals("--num-features applies to LIBSVM data; spiral is generated, whose rows have their width", e.getMessage());
  }

  @Test
  void readsTheLargestIndexTheFormatAllows() {
    Path file = write(dir.resolve("max.libsvm"), "1 2147483647:1\n");
    SparseVector v = (SparseVector) rows(open(file)).get(0).features();
    assertEquals(Integer.MAX_VALUE, v.size());
    assertArrayEquals(new int[] {Integer.MAX_VALUE - 1}, v.indices());
  }
}
