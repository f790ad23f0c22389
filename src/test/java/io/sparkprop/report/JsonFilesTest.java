package io.sparkprop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", 20);
    m.put("final_loss", 0.0123);
    m.put("accuracy", Double.NaN);
    m.put("layer_sizes", new int[] {784, 100, 10});
    m.put("data", List.of("train.csv", "test.csv"));
    m.put("timing", Map.of("seconds", 12.5));
    m.put("test", ConfusionMatrixTest.example().toMap());
    return m;
  }

  private List<String> entries() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesPrettyPrintedJsonThatParsesBackWithNaNAsNull() throws IOException {
    Path file = tmp.resolve("summary.json");
    JsonFiles.writeAtomically(file, summary());
    String text = Files.readString(file);
    assertTrue(text.lines().count() > 10, text);
    JsonNode root = JSON.readTree(text);
    assertEquals(20, root.get("epochs").asInt());
    assertEquals(0.0123, root.get("final_loss").asDouble());
    assertTrue(root.get("accuracy").isNull());
    assertEquals("[784,100,10]", root.get("layer_sizes").toString());
    assertEquals("test.csv", root.get("data").get(1).asText());
    assertEquals(12.5, root.get("timing").get("seconds").asDouble());
    assertEquals("[[3,1,0],[1,2,0],[1,1,0]]", root.get("test").get("matrix").toString());
  }

  @Test
  void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
    Path file = tmp.resolve("summary.json");
    Files.writeString(file, "old");
    JsonFiles.writeAtomically(file.toString(), Map.of("epochs", 3));
    assertEquals(3, JSON.readTree(file.toFile()).get("epochs").asInt());
    assertEquals(List.of("summary.json"), entries());
  }

  @Test
  void aFailedWriteLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
    Path file = tmp.resolve("summary.json");
    JsonFiles.writeAtomically(file, Map.of("epochs", 3));
    String before = Files.readString(file);
    Map<String, Object> unwritable = Map.of("thing", new Object()); // Jackson cannot serialize a bare Object
    assertThrows(RuntimeException.class, () -> JsonFiles.writeAtomically(file, unwritable));
    assertEquals(before, Files.readString(file));
    assertEquals(List.of("summary.json"), entries());
  }

  @Test
  void createsMissingParentDirectories() throws IOException {
    Path file = tmp.resolve("runs/7/summary.json");
    JsonFiles.writeAtomically(file, Map.of("ok", true));
    assertTrue(JSON.readTree(file.toFile()).get("ok").asBoolean());
  }
}
