package io.sparkprop.data;

import static io.sparkprop.data.DataTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.GzipDamage;
import io.sparkprop.data.DataSource.Expectations;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
  @TempDir Path dir;

  /** Image k (0-based) of the fixture: pixel p has value (40 k + p) mod 256; its label is k mod 3. */
  private static final int IMAGES = 7;
  private static final int ROWS = 2;
  private static final int COLUMNS = 3;

  private static byte[] imagesFile(int magic, int count, int images) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      out.writeInt(count);
      out.writeInt(ROWS);
      out.writeInt(COLUMNS);
      for (int k = 0; k < images; k++)
        for (int p = 0; p < ROWS * COLUMNS; p++) out.writeByte((40 * k + p) % 256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] labelsFile(int count, int labels, int labelOfLast) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(IdxHeader.LABELS_MAGIC);
      out.writeInt(count);
      for (int k = 0; k < labels; k++) out.writeByte(k == labels - 1 ? labelOfLast : k % 3);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private Path fixture(String suffix, byte[] images, byte[] labels) {
    write(dir.resolve("t-labels-idx1-ubyte" + suffix), labels);
    return write(dir.resolve("t-images-idx3-ubyte" + suffix), images);
  }

  private Path goodFixture(String suffix) {
    return fixture(suffix, imagesFile(IdxHeader.IMAGES_MAGIC, IMAGES, IMAGES), labelsFile(IMAGES, IMAGES, (IMAGES - 1) % 3));
  }

  @ParameterizedTest(name = "suffix ''{0}''")
  @ValueSource(strings = {"", ".gz"})
  void readsRawPixelsAndLabelsInOrderOverManyPartitions(String suffix) {
    DataSource source = open(goodFixture(suffix));
    assertEquals(FeatureScaler.Kind.DIVIDE, source.defaultScaling());
    List<LabeledPoint> rows = rows(source, Expectations.NONE, 3);
    assertEquals(IMAGES, rows.size());
    for (int k = 0; k < IMAGES; k++) {
      double[] expected = new double[ROWS * COLUMNS];
      for (int p = 0; p < expected.length; p++) expected[p] = (40 * k + p) % 256;
      assertArrayEquals(expected, rows.get(k).features().toArray(), "image " + k);
      assertEquals(k % 3, rows.get(k).label(), "label " + k);
    }
    assertEquals(rows, rows(source, Expectations.NONE, 1));
  }

  @Test
  void rejectsAWrongMagicNumber() {
    Path images = fixture("", imagesFile(0x00000801, IMAGES, IMAGES), labelsFile(IMAGES, IMAGES, 0));
    assertEquals(images + ": not an IDX images file: magic number 0x00000801, expected 0x00000803",
        readError(open(images)).getMessage());
  }

  @Test
  void rejectsImageAndLabelCountsThatDiffer() {
    Path images = fixture("", imagesFile(IdxHeader.IMAGES_MAGIC, IMAGES, IMAGES), labelsFile(IMAGES - 1, IMAGES - 1, 0));
    assertEquals(images + ": 7 images but " + dir.resolve("t-labels-idx1-ubyte") + " has 6 labels",
        readError(open(images)).getMessage());
  }

  @ParameterizedTest(name = "suffix ''{0}''")
  @ValueSource(strings = {"", ".gz"})
  void reportsHowManyImagesATruncatedFileHolds(String suffix) {
    byte[] whole = imagesFile(IdxHeader.IMAGES_MAGIC, IMAGES, IMAGES);
    byte[] cut = Arrays.copyOf(whole, whole.length - 8);  // the last image and 2 bytes of the one before
    Path images = fixture(suffix, cut, labelsFile(IMAGES, IMAGES, 0));
    assertEquals(images + ": file ends after 5 of 7 images", readError(open(images), Expectations.NONE, 3).getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(GzipDamage.class)
  void namesADamagedGzippedImagesFileAndWhatIsWrong(GzipDamage damage) {
    write(dir.resolve("t-labels-idx1-ubyte.gz"), labelsFile(IMAGES, IMAGES, 0));
    Path images = write(dir.resolve("t-images-idx3-ubyte.gz"), damage, imagesFile(IdxHeader.IMAGES_MAGIC, IMAGES, IMAGES));
    String message = readError(open(images), Expectations.NONE, 3).getMessage();
    assertTrue(message.startsWith(images + ": truncated or corrupt gzip data ("), message);
  }

  @Test
  void namesADamagedGzippedLabelsFile() {
    Path labels = write(dir.resolve("t-labels-idx1-ubyte.gz"), GzipDamage.TRUNCATED, labelsFile(IMAGES, IMAGES, 0));
    Path images = write(dir.resolve("t-images-idx3-ubyte.gz"), imagesFile(IdxHeader.IMAGES_MAGIC, IMAGES, IMAGES));
    assertEquals(labels + ": truncated or corrupt gzip data (Unexpected end of input stream)",
        readError(open(images), Expectations.NONE, 3).getMessage());
  }

  @Test
  void aGzipFileCutBeforeTheEndOfTheIdxHeaderIsDamagedDataNotAShortFile() throws IOException {
    write(dir.resolve("t-labels-idx1-ubyte.gz"), labelsFile(IMAGES, IMAGES, 0));
    byte[] gz = GzipDamage.gzip(imagesFile(IdxHeader.IMAGES_MAGIC, IMAGES, IMAGES));
    Path images = Files.write(dir.resolve("t-images-idx3-ubyte.gz"), Arrays.copyOf(gz, 14));  // the gzip header and 4 bytes
    assertEquals(images + ": truncated or corrupt gzip data (Unexpected end of input stream)", readError(open(images)).getMessage());
  }

  @Test
  void namesTheMissingLabelsFile() {
    Path images = write(dir.resolve("x-images-idx3-ubyte.gz"), imagesFile(IdxHeader.IMAGES_MAGIC, IMAGES, IMAGES));
    assertEquals(images + ": its labels file " + dir.resolve("x-labels-idx1-ubyte.gz") + " is missing or empty",
        readError(open(images)).getMessage());
  }

  @Test
  void reportsTheRecordOfALabelOutOfRange() {
    Path images = fixture(".gz", imagesFile(IdxHeader.IMAGES_MAGIC, IMAGES, IMAGES), labelsFile(IMAGES, IMAGES, 9));
    assertEquals(dir.resolve("t-labels-idx1-ubyte.gz") + ": record 7: label 9 out of range: the model has 3 classes (0..2)",
        readError(open(images), new Expectations(ROWS * COLUMNS, 3), 2).getMessage());
  }

  @Test
  void rejectsImagesOfTheWrongSizeForTheModel() {
    Path images = goodFixture("");
    assertEquals(images + ": images have 6 pixels, the model expects 784 features",
        readError(open(images), new Expectations(784, 10), 2).getMessage());
  }
}
