package io.sparkprop.train;

import io.sparkprop.model.FileHeader;
import io.sparkprop.model.ModelException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * One checkpoint as one binary file: magic, version, a JSON header (network, data rows, settings,
 * counters, optimizer buffer names and lengths), the parameters and optimizer buffers as big-endian
 * doubles, and the CRC32 of everything before it. The trailing CRC makes a truncated or damaged file
 * detectable without a second file.
 */
final class CheckpointFile {
  static final int VERSION = 1;
  private static final byte[] MAGIC = "SPRKCKP\n".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A header larger than this is damage, not a checkpoint. */
  private static final int MAX_HEADER_BYTES = 1 << 20;

  private CheckpointFile() {}

  static void write(OutputStream raw, Checkpoint c) throws IOException {
    CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32());
    DataOutputStream out = new DataOutputStream(checked);
    out.write(MAGIC);
    out.writeInt(VERSION);
    byte[] header = JSON.writeValueAsBytes(header(c));
    out.writeInt(header.length);
    out.write(header);
    writeDoubles(out, c.state().parameters());
    for (double[] buffer : c.state().optimizer().buffers().values()) writeDoubles(out, buffer);
    out.flush();
    out.writeLong(checked.getChecksum().getValue());
    out.flush();
  }

  private static ObjectNode header(Checkpoint c) {
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
    return h;
  }

  /** Reads and checks a checkpoint of {@code length} bytes; {@code path} names it in errors. */
  static Checkpoint read(InputStream raw, long length, String path) throws IOException {
    CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
    DataInputStream in = new DataInputStream(checked);
    try {
      FileHeader.check(in, MAGIC, VERSION, "checkpoint", path);
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
      long computed = checked.getChecksum().getValue();
      long recorded = in.readLong();
      if (computed != recorded) throw new ModelException(path, "corrupt: CRC32 does not match");
      if (in.read() != -1) throw new ModelException(path, "corrupt: unexpected bytes after the checksum");
      Map<String, String> config = new LinkedHashMap<>();
      h.get("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
      OptimizerState optimizer = new OptimizerState(h.get("optimizer").asText(), h.get("optimizer_steps").asLong(), buffers);
      TrainingState state = new TrainingState(parameters, optimizer, h.get("epoch").asInt(), h.get("step_in_epoch").asInt(),
          h.get("step").asLong());
      return new Checkpoint(spec, h.get("train_rows").asLong(), config, state);
    } catch (EOFException e) {
      throw new ModelException(path, "truncated: the file ends early (" + length + " bytes)", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelException m) throw m;
      throw new ModelException(path, "corrupt: " + e.getMessage(), e);
    }
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
