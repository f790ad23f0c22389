package io.sparkprop.train;

import io.sparkprop.model.FileHeader;
import io.sparkprop.model.ModelException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * One checkpoint as one binary file: magic, version, a JSON header (network, data rows, settings,
 * counters, optimizer buffer names and lengths, the validation monitor's scored epochs and best
 * epoch), the parameters, optimizer buffers and best epoch's parameters as big-endian doubles, and
 * the CRC32 of everything before it. The trailing CRC makes a truncated or damaged file detectable
 * without a second file. Version 1, without the validation monitor's part, still reads.
 */
final class CheckpointFile {
  static final int VERSION = 2;
  /** The first version with the validation monitor's progress. */
  private static final int WITH_VALIDATION = 2;
  private static final byte[] MAGIC = "SPRKCKP\n".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A header larger than this is damage, not a checkpoint (the scored epochs take about 200 bytes each). */
  private static final int MAX_HEADER_BYTES = 1 << 26;

  private CheckpointFile() {}

  static void write(OutputStream raw, Checkpoint c) throws IOException {
    if (c.validation() == null) throw new IllegalArgumentException("a checkpoint without validation progress is read, never written");
    CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32());
    DataOutputStream out = new DataOutputStream(checked);
    out.write(MAGIC);
    out.writeInt(VERSION);
    double[] best = c.validation().bestParameters();
    byte[] header = JSON.writeValueAsBytes(header(c, best));
    out.writeInt(header.length);
    out.write(header);
    writeDoubles(out, c.state().parameters());
    for (double[] buffer : c.state().optimizer().buffers().values()) writeDoubles(out, buffer);
    if (best != null) writeDoubles(out, best);
    out.flush();
    out.writeLong(checked.getChecksum().getValue());
    out.flush();
  }

  private static ObjectNode header(Checkpoint c, double[] best) {
    ObjectNode h = JSON.createObjectNode();
    h.putPOJO("layers", c.spec().sizes());
    h.put("activation", c.spec().activation().cliName());
    h.put("train_rows", c.trainRows());
    h.put("epoch", c.state().epoch());
    h.put("step_in_epoch", c.state().stepInEpoch());
    h.put("step", c.step());
    h.put("optimizer", c.state().optimizer().optimizer());
    h.put("optimizer_steps", c.state().optimizer().steps());
    ObjectNode buffers = h.putObject("optimizer_buffers");
    c.state().optimizer().buffers().forEach((name, b) -> buffers.put(name, b.length));
    h.putPOJO("config", c.config());
    h.set("validation", validation(c.validation(), best));
    return h;
  }

  private static ObjectNode validation(ValidationProgress v, double[] best) {
    ObjectNode n = JSON.createObjectNode();
    if (best != null) {
      n.put("best_epoch", v.bestEpoch());
      n.put("best_loss", v.bestLoss());
      n.put("best_parameters", best.length);
    }
    ArrayNode history = n.putArray("history");
    for (EpochMetrics m : v.history()) {
      ObjectNode e = history.addObject();
      e.put("epoch", m.epoch());
      e.put("step", m.step());
      e.put("train_loss", m.trainLoss());
      e.put("train_accuracy", m.trainAccuracy());
      if (m.hasValidation()) {
        e.put("validation_loss", m.validationLoss());
        e.put("validation_accuracy", m.validationAccuracy());
      }
      e.put("seconds", m.seconds());
    }
    return n;
  }

  /** Reads and checks a checkpoint of {@code length} bytes; {@code path} names it in errors. */
  static Checkpoint read(InputStream raw, long length, String path) throws IOException {
    CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
    DataInputStream in = new DataInputStream(checked);
    try {
      int version = FileHeader.check(in, MAGIC, 1, VERSION, "checkpoint", path);
      int headerBytes = in.readInt();
      if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES || headerBytes > length)
        throw new ModelException(path, "corrupt: header length " + headerBytes);
      byte[] headerJson = new byte[headerBytes];
      in.readFully(headerJson);
      JsonNode h = JSON.readTree(headerJson);
      NetworkSpec spec = new NetworkSpec(JSON.treeToValue(h.get("layers"), int[].class), Activation.parse(h.get("activation").asText()));
      double[] parameters = readDoubles(in, spec.numParameters());
      Map<String, double[]> buffers = new LinkedHashMap<>();
      var names = h.get("optimizer_buffers").fields();
      while (names.hasNext()) {
        var e = names.next();
        buffers.put(e.getKey(), readDoubles(in, e.getValue().asInt()));
      }
      JsonNode v = version >= WITH_VALIDATION ? h.get("validation") : null;
      if (version >= WITH_VALIDATION && v == null) throw new ModelException(path, "corrupt: no validation progress in the header");
      double[] best = v != null && v.has("best_parameters") ? readDoubles(in, v.get("best_parameters").asInt()) : null;
      long computed = checked.getChecksum().getValue();
      long recorded = in.readLong();
      if (computed != recorded) throw new ModelException(path, "corrupt: CRC32 does not match");
      if (in.read() != -1) throw new ModelException(path, "corrupt: unexpected bytes after the checksum");
      Map<String, String> config = new LinkedHashMap<>();
      h.get("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
      OptimizerState optimizer = new OptimizerState(h.get("optimizer").asText(), h.get("optimizer_steps").asLong(), buffers);
      TrainingState state = new TrainingState(parameters, optimizer, h.get("epoch").asInt(), h.get("step_in_epoch").asInt(),
          h.get("step").asLong());
      return new Checkpoint(spec, h.get("train_rows").asLong(), config, state, v == null ? null : validation(v, best));
    } catch (EOFException e) {
      throw new ModelException(path, "truncated: the file ends early (" + length + " bytes)", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelException m) throw m;
      throw new ModelException(path, "corrupt: " + e.getMessage(), e);
    }
  }

  private static ValidationProgress validation(JsonNode v, double[] best) {
    List<EpochMetrics> history = new ArrayList<>();
    for (JsonNode e : v.get("history"))
      history.add(new EpochMetrics(e.get("epoch").asInt(), e.get("step").asLong(), e.get("train_loss").asDouble(),
          e.get("train_accuracy").asDouble(), e.path("validation_loss").asDouble(Double.NaN),
          e.path("validation_accuracy").asDouble(Double.NaN), e.get("seconds").asDouble()));
    return best == null ? new ValidationProgress(history, 0, Double.POSITIVE_INFINITY, null)
        : new ValidationProgress(history, v.get("best_epoch").asInt(), v.get("best_loss").asDouble(), best);
  }

  private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
    for (double v : values) out.writeLong(Double.doubleToRawLongBits(v));
  }

  private static double[] readDoubles(DataInputStream in, int count) throws IOException {
    if (count < 0) throw new ModelException("checkpoint", "corrupt: negative length " + count);
    double[] values = new double[count];
    for (int i = 0; i < count; i++) values[i] = Double.longBitsToDouble(in.readLong());
    return values;
  }
}
