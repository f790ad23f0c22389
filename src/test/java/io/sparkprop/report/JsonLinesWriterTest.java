package io.sparkprop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static Map<String, Object> step(int epoch, double loss) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("loss", loss);
    m.put("phase", "train");
    return m;
  }

  @Test
  void eachRecordBecomesOneLineThatParsesBack() throws IOException {
    Path file = tmp.resolve("run/metrics.jsonl");
    try (JsonLinesWriter writer = new JsonLinesWriter(file)) {
      for (int epoch = 1; epoch <= 3; epoch++) writer.write(step(epoch, 1.0 / epoch));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(3, lines.size());
    for (int i = 0; i < 3; i++) {
      JsonNode node = JSON.readTree(lines.get(i));
      assertEquals(i + 1, node.get("epoch").asInt());
      assertEquals(1.0 / (i + 1), node.get("loss").asDouble());
      assertEquals("train", node.get("phase").asText());
    }
  }

  @Test
  void aLineIsOnDiskAsSoonAsItIsWritten() throws IOException {
    Path file = tmp.resolve("metrics.jsonl");
    try (JsonLinesWriter writer = new JsonLinesWriter(file.toString())) {
      writer.write(step(1, 0.5));
      assertEquals(List.of("{\"epoch\":1,\"loss\":0.5,\"phase\":\"train\"}"), Files.readAllLines(file));
    }
  }

  @Test
  void reopeningAppendsInsteadOfTruncating() throws IOException {
    Path file = tmp.resolve("metrics.jsonl");
    try (JsonLinesWriter writer = new JsonLinesWriter(file.toUri().toString())) {
      writer.write(step(1, 0.5));
    }
    try (JsonLinesWriter writer = new JsonLinesWriter(file)) {
      writer.write(step(2, 0.25));
    }
    assertEquals(2, Files.readAllLines(file).size());
  }

  @Test
  void nonFiniteNumbersAreWrittenAsNull() throws IOException {
    Path file = tmp.resolve("metrics.jsonl");
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("loss", Double.NaN);
    record.put("gradient_norm", Double.POSITIVE_INFINITY);
    record.put("per_class", new double[] {0.5, Double.NaN});
    record.put("nested", Map.of("f", Float.NaN));
    record.put("list", List.of(1.0, Double.NEGATIVE_INFINITY));
    try (JsonLinesWriter writer = new JsonLinesWriter(file)) {
      writer.write(record);
    }
    String line = Files.readAllLines(file).get(0);
    assertEquals("{\"loss\":null,\"gradient_norm\":null,\"per_class\":[0.5,null],\"nested\":{\"f\":null},\"list\":[1.0,null]}", line);
    assertTrue(JSON.readTree(line).get("loss").isNull());
  }
}
