package io.sparkprop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.data.LabelMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  private static final Configuration CONF = new Configuration();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private String dir() { return tmp.resolve("model").toString(); }

  private static long[] bits(double[] values) {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  private static String loadError(String dir) {
    return assertThrows(ModelException.class, () -> ModelStore.load(dir, CONF)).getMessage();
  }

  private List<String> entries(Path parent) throws IOException {
    try (Stream<Path> s = Files.list(parent)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void editModelJson(Consumer<ObjectNode> edit) throws IOException {
    Path file = tmp.resolve("model/model.json");
    ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept(root);
    JSON.writeValue(file.toFile(), root);
  }

  @Test
  void roundTripPreservesParametersBitForBitAndEverythingElse() {
    TrainedModel saved = ModelFixtures.model();
    ModelStore.save(saved, dir(), CONF);
    TrainedModel loaded = ModelStore.load(dir(), CONF);

    assertArrayEquals(bits(saved.parameters()), bits(loaded.parameters()));
    assertEquals(saved.spec(), loaded.spec());
    assertEquals(saved.scaler(), loaded.scaler());
    assertArrayEquals(bits(saved.scaler().shift()), bits(loaded.scaler().shift()));
    assertArrayEquals(bits(saved.scaler().factor()), bits(loaded.scaler().factor()));
    assertEquals(FeatureScaler.Kind.STANDARDIZE, loaded.scaler().kind());
    assertEquals(saved.provenance(), loaded.provenance());
    assertEquals(saved, loaded);
  }

  @Test
  void roundTripKeepsAbsentTestDataAsNull() {
    TrainedModel m = ModelFixtures.model();
    TrainedModel noTest = new TrainedModel(m.spec(), m.parameters(), m.scaler(), ModelFixtures.provenance(null));
    ModelStore.save(noTest, dir(), CONF);
    assertNull(ModelStore.load(dir(), CONF).provenance().testData());
  }

  @Test
  void roundTripThroughAFileUri() {
    String uri = tmp.resolve("by-uri").toUri().toString();
    ModelStore.save(ModelFixtures.model(), uri, CONF);
    assertEquals(ModelFixtures.model(), ModelStore.load(uri, CONF));
  }

  @Test
  void roundTripOfALargerDeepNetworkSpanningSeveralWriteChunks() {
    TrainedModel big = ModelFixtures.model(50, new int[] {200, 100}, 10, 7); // ~31k parameters
    ModelStore.save(big, dir(), CONF);
    assertArrayEquals(bits(big.parameters()), bits(ModelStore.load(dir(), CONF).parameters()));
  }

  @Test
  void saveLeavesOnlyTheModelFilesNoTemporaryDirectoriesOrCrcFiles() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    assertEquals(List.of("model"), entries(tmp));
    assertEquals(List.of("model.json", "parameters.bin"), entries(tmp.resolve("model")));
  }

  @Test
  void savingOverAnExistingModelReplacesItAndLeavesNothingBehind() throws IOException {
    ModelStore.save(ModelFixtures.model(4, new int[] {5}, 3, 1), dir(), CONF);
    TrainedModel second = ModelFixtures.model(6, new int[] {2, 2}, 4, 2);
    ModelStore.save(second, dir(), CONF);

    assertEquals(second, ModelStore.load(dir(), CONF));
    assertEquals(List.of("model"), entries(tmp));
    assertEquals(List.of("model.json", "parameters.bin"), entries(tmp.resolve("model")));
  }

  @Test
  void saveCreatesMissingParentDirectories() {
    String nested = tmp.resolve("runs/2025/model").toString();
    ModelStore.save(ModelFixtures.model(), nested, CONF);
    assertEquals(ModelFixtures.model(), ModelStore.load(nested, CONF));
  }

  @Test
  void saveRefusesToReplaceADirectoryThatIsNotAModel() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(data.resolve("train.csv"), "1,2,3\n");
    String message = assertThrows(ModelException.class, () -> ModelStore.save(ModelFixtures.model(), dir(), CONF)).getMessage();
    assertEquals(dir() + ": exists and is not a sparkprop model (no model.json); refusing to replace it", message);
    assertTrue(Files.exists(data.resolve("train.csv")));
    assertEquals(List.of("model"), entries(tmp));
  }

  @Test
  void loadWhereThereIsNoModelSaysSo() throws IOException {
    Files.createDirectories(tmp.resolve("model"));
    assertEquals(dir() + ": no sparkprop model here (model.json not found)", loadError(dir()));
    String missing = tmp.resolve("nowhere").toString();
    assertEquals(missing + ": no sparkprop model here (model.json not found)", loadError(missing));
  }

  @Test
  void loadRejectsAModelJsonThatIsNotJson() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    Files.writeString(tmp.resolve("model/model.json"), "{\"format\": \"sparkprop-model\", oops");
    String message = loadError(dir());
    assertTrue(message.startsWith(dir() + "/model.json: not valid JSON ("), message);
    assertFalse(message.contains("\n"), message);
  }

  @Test
  void loadRejectsAnotherFormatName() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    editModelJson(root -> root.put("format", "keras-model"));
    assertEquals(dir() + "/model.json: not a sparkprop model (format is 'keras-model', expected 'sparkprop-model')",
        loadError(dir()));
  }

  @Test
  void loadRejectsAnotherFormatVersion() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    editModelJson(root -> root.put("format_version", 3));
    assertEquals(dir() + ": model format version 3 is not supported by this sparkprop (reads versions 1 to 2)", loadError(dir()));
  }

  @Test
  void loadRejectsAParameterCountThatDisagreesWithTheLayerSizes() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    editModelJson(root -> ((ObjectNode) root.get("parameters")).put("count", 7));
    assertEquals(dir() + ": model.json declares 7 parameters but layer sizes [4, 5, 3] need 43", loadError(dir()));
  }

  @Test
  void loadRejectsParametersBinFromAnotherModel() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    String other = tmp.resolve("other").toString();
    ModelStore.save(ModelFixtures.model(4, new int[] {6}, 3, 9), other, CONF);
    Files.copy(tmp.resolve("other/parameters.bin"), tmp.resolve("model/parameters.bin"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEquals(dir() + "/parameters.bin: holds 51 parameters but model.json declares 43 (parameters.bin from another model?)",
        loadError(dir()));
  }

  @Test
  void loadDetectsASingleCorruptedParameterByte() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    Path file = tmp.resolve("model/parameters.bin");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 5] ^= 0x10;
    Files.write(file, bytes);
    String message = loadError(dir());
    assertTrue(message.matches(java.util.regex.Pattern.quote(dir() + "/parameters.bin: corrupt: CRC32 is ")
        + "[0-9a-f]{8} but model.json records [0-9a-f]{8}"), message);
  }

  @Test
  void loadDetectsATruncatedParameterFile() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    Path file = tmp.resolve("model/parameters.bin");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 12));
    assertEquals(dir() + "/parameters.bin: truncated: " + (bytes.length - 12) + " bytes, expected " + bytes.length,
        loadError(dir()));
    Files.write(file, Arrays.copyOf(bytes, 10));
    assertEquals(dir() + "/parameters.bin: truncated: 10 bytes, shorter than the 20-byte header", loadError(dir()));
  }

  @Test
  void loadReportsAMissingParameterFile() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    Files.delete(tmp.resolve("model/parameters.bin"));
    assertEquals(dir() + "/parameters.bin: missing (model.json is there, its parameters are not)", loadError(dir()));
  }

  @Test
  void loadRejectsAScalerOfTheWrongSize() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    editModelJson(root -> {
      ((ArrayNode) root.get("scaler").get("shift")).remove(0);
      ((ArrayNode) root.get("scaler").get("factor")).remove(0);
    });
    assertEquals(dir() + ": scaler has 3 shifts and 3 factors but the network has 4 inputs", loadError(dir()));
  }

  @Test
  void loadRejectsAMissingField() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    editModelJson(root -> ((ObjectNode) root.get("network")).remove("activation"));
    assertEquals(dir() + "/model.json: missing field 'network.activation'", loadError(dir()));
  }

  @Test
  void modelJsonDescribesTheModelForAHumanReader() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    JsonNode root = JSON.readTree(tmp.resolve("model/model.json").toFile());
    assertEquals("sparkprop-model", root.get("format").asText());
    assertEquals(1, root.get("format_version").asInt());
    assertEquals("[4,5,3]", root.get("network").get("layer_sizes").toString());
    assertEquals("tanh", root.get("network").get("activation").asText());
    assertEquals(3, root.get("network").get("classes").asInt());
    assertEquals("standardize", root.get("scaler").get("kind").asText());
    assertEquals(43, root.get("parameters").get("count").asInt());
    assertTrue(root.get("parameters").get("crc32").asText().matches("[0-9a-f]{8}"));
    assertEquals("0.1", root.get("provenance").get("config").get("learning_rate").asText());
    assertEquals("local[4]", root.get("provenance").get("spark_master").asText());
    // Pretty-printed: one field per line, so it diffs and greps well.
    assertTrue(Files.readAllLines(tmp.resolve("model/model.json")).size() > 20);
  }

  @Test
  void aLabelMappingRoundTripsAsVersionTwo() throws IOException {
    TrainedModel m = ModelFixtures.model(4, new int[] {5}, 2, 7);
    TrainedModel mapped = new TrainedModel(m.spec(), m.parameters(), m.scaler(), LabelMapping.plusMinusOne(), m.provenance());
    ModelStore.save(mapped, dir(), CONF);
    JsonNode root = JSON.readTree(tmp.resolve("model/model.json").toFile());
    assertEquals(2, root.get("format_version").asInt());
    assertEquals("[-1,1]", root.get("labels").get("original").toString());
    TrainedModel loaded = ModelStore.load(dir(), CONF);
    assertEquals(LabelMapping.plusMinusOne(), loaded.labels());
    assertEquals(mapped, loaded);
  }

  @Test
  void aModelWithoutAMappingIsStillWrittenAsVersionOneAndLoadsAsIdentity() throws IOException {
    ModelStore.save(ModelFixtures.model(), dir(), CONF);
    JsonNode root = JSON.readTree(tmp.resolve("model/model.json").toFile());
    assertEquals(1, root.get("format_version").asInt());
    assertFalse(root.has("labels"), "a version 1 reader knows no labels field");
    assertTrue(ModelStore.load(dir(), CONF).labels().isIdentity());
  }

  @Test
  void loadRejectsLabelsThatDisagreeWithTheClasses() throws IOException {
    TrainedModel m = ModelFixtures.model(4, new int[] {5}, 2, 7);
    ModelStore.save(new TrainedModel(m.spec(), m.parameters(), m.scaler(), LabelMapping.plusMinusOne(), m.provenance()), dir(), CONF);
    editModelJson(root -> ((ArrayNode) root.get("labels").get("original")).add(3));
    assertEquals(dir() + ": labels.original has 3 labels but the network has 2 classes", loadError(dir()));
    editModelJson(root -> ((ObjectNode) root.get("labels")).putArray("original").add(1).add(-1));
    assertEquals(dir() + "/model.json: invalid labels: original labels must ascend, got [1, -1]", loadError(dir()));
    editModelJson(root -> root.remove("labels"));
    assertEquals(dir() + "/model.json: missing field 'labels.original'", loadError(dir()));
  }

  @Test
  void aMaxAbsScalerRoundTrips() {
    TrainedModel m = ModelFixtures.model();
    FeatureScaler maxAbs = FeatureScaler.maxAbs(new double[] {2, 0, 0.25, 1e300});
    ModelStore.save(new TrainedModel(m.spec(), m.parameters(), maxAbs, m.provenance()), dir(), CONF);
    FeatureScaler loaded = ModelStore.load(dir(), CONF).scaler();
    assertEquals(FeatureScaler.Kind.MAXABS, loaded.kind());
    assertEquals(maxAbs, loaded);
  }
}
