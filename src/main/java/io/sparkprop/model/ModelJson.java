package io.sparkprop.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.data.LabelMapping;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * model.json: a self-describing, human-readable description of a saved model. Readers check
 * {@code format} and {@code format_version} first, so a future layout fails with a clear message.
 *
 * <p>Version 2 adds {@code labels} (class k's original label) for a model trained on relabelled
 * data, such as -1/+1. A model without a mapping is still written as version 1, which every
 * sparkprop reads; one with a mapping is version 2, so that an older sparkprop refuses it rather
 * than predict its class indices as labels. Version 1 files load with the identity mapping.
 */
final class ModelJson {
  static final String NAME = "model.json";
  static final String FORMAT = "sparkprop-model";
  static final int FORMAT_VERSION = 2;
  /** The version of a model with the identity label mapping: the layout before labels existed. */
  static final int IDENTITY_LABELS_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelJson() {}

  static byte[] write(TrainedModel model, long parametersCrc32) throws JsonProcessingException {
    NetworkSpec spec = model.spec();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", model.labels().isIdentity() ? IDENTITY_LABELS_VERSION : FORMAT_VERSION);

    ObjectNode network = root.putObject("network");
    ArrayNode sizes = network.putArray("layer_sizes");
    for (int s : spec.sizes()) sizes.add(s);
    network.put("activation", spec.activation().cliName());
    network.put("classes", spec.classes());
    network.put("output", "softmax");

    FeatureScaler scaler = model.scaler();
    ObjectNode scalerNode = root.putObject("scaler");
    scalerNode.put("kind", scaler.kind().cliName());
    scalerNode.put("rule", "x' = (x - shift) * factor");
    ArrayNode shift = scalerNode.putArray("shift");
    for (double v : scaler.shift()) shift.add(v);
    ArrayNode factor = scalerNode.putArray("factor");
    for (double v : scaler.factor()) factor.add(v);

    if (!model.labels().isIdentity()) {
      ObjectNode labels = root.putObject("labels");
      labels.put("rule", "class k is the data's label original[k]");
      ArrayNode original = labels.putArray("original");
      for (int label : model.labels().originalLabels()) original.add(label);
    }

    ObjectNode parameters = root.putObject("parameters");
    parameters.put("file", ParameterFile.NAME);
    parameters.put("count", spec.numParameters());
    parameters.put("encoding", "float64 big-endian after a " + ParameterFile.HEADER_BYTES + "-byte header");
    parameters.put("layout", "per layer: W (out x in, column-major) then b");
    parameters.put("crc32", ParameterFile.hex(parametersCrc32));

    Provenance p = model.provenance();
    ObjectNode provenance = root.putObject("provenance");
    provenance.put("train_data", p.trainData());
    provenance.put("train_rows", p.trainRows());
    provenance.put("test_data", p.testData());
    ObjectNode config = provenance.putObject("config");
    p.config().forEach(config::put);
    provenance.put("spark_version", p.sparkVersion());
    provenance.put("sparkprop_version", p.sparkpropVersion());
    provenance.put("created_at", p.createdAt());
    provenance.put("spark_master", p.sparkMaster());
    return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8); // newline: cat-friendly
  }

  /** Parses and checks model.json; {@code dir} and {@code file} name the model and the file in error messages. */
  static ModelManifest read(byte[] json, String dir, String file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // Jackson's own message spans lines (source excerpt, location); keep its first line.
      throw new ModelException(file, "not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
    } catch (IOException e) {
      throw new ModelException(file, "cannot parse: " + e.getMessage());
    }
    if (root == null || !root.isObject()) throw new ModelException(file, "not a sparkprop model (not a JSON object)");
    JsonNode format = root.get("format");
    if (format == null || !FORMAT.equals(format.asText()))
      throw new ModelException(file, "not a sparkprop model (format is "
          + (format == null ? "missing" : "'" + format.asText() + "'") + ", expected '" + FORMAT + "')");
    Fields f = new Fields(root, file);
    long version = f.integer("format_version");
    if (version < IDENTITY_LABELS_VERSION || version > FORMAT_VERSION)
      throw new ModelException(dir, "model format version " + version + " is not supported by this sparkprop (reads versions "
          + IDENTITY_LABELS_VERSION + " to " + FORMAT_VERSION + ")");

    NetworkSpec spec = spec(f);
    FeatureScaler scaler = scaler(f, dir, spec);
    LabelMapping labels = version == IDENTITY_LABELS_VERSION ? LabelMapping.IDENTITY : labels(f, dir, spec);
    long count = f.integer("parameters.count");
    if (count != spec.numParameters())
      throw new ModelException(dir, "model.json declares " + count + " parameters but layer sizes "
          + Arrays.toString(spec.sizes()) + " need " + spec.numParameters());
    long crc;
    try {
      crc = Long.parseLong(f.text("parameters.crc32"), 16);
    } catch (NumberFormatException e) {
      throw new ModelException(file, "'parameters.crc32' is not a hexadecimal CRC32");
    }
    return new ModelManifest(spec, scaler, labels, provenance(f), (int) count, crc);
  }

  private static NetworkSpec spec(Fields f) {
    JsonNode sizesNode = f.array("network.layer_sizes");
    int[] sizes = new int[sizesNode.size()];
    for (int i = 0; i < sizes.length; i++) sizes[i] = f.intElement(sizesNode, i, "network.layer_sizes");
    Activation activation;
    try {
      activation = Activation.parse(f.text("network.activation"));
    } catch (IllegalArgumentException e) {
      throw new ModelException(f.file, e.getMessage());
    }
    NetworkSpec spec;
    try {
      spec = new NetworkSpec(sizes, activation);
    } catch (IllegalArgumentException e) {
      throw new ModelException(f.file, "invalid network: " + e.getMessage());
    }
    long classes = f.integer("network.classes");
    if (classes != spec.classes())
      throw new ModelException(f.file, "network.classes is " + classes + " but the last layer has " + spec.classes() + " units");
    return spec;
  }

  private static FeatureScaler scaler(Fields f, String dir, NetworkSpec spec) {
    String kindName = f.text("scaler.kind");
    FeatureScaler.Kind kind;
    try {
      kind = FeatureScaler.Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ModelException(f.file, "unknown scaler kind '" + kindName + "'");
    }
    double[] shift = f.doubles("scaler.shift");
    double[] factor = f.doubles("scaler.factor");
    if (shift.length != spec.inputs() || factor.length != spec.inputs())
      throw new ModelException(dir, "scaler has " + shift.length + " shifts and " + factor.length
          + " factors but the network has " + spec.inputs() + " inputs");
    return new FeatureScaler(kind, shift, factor);
  }

  private static LabelMapping labels(Fields f, String dir, NetworkSpec spec) {
    JsonNode original = f.array("labels.original");
    int[] labels = new int[original.size()];
    for (int i = 0; i < labels.length; i++) labels[i] = f.intElement(original, i, "labels.original");
    if (labels.length != spec.classes())
      throw new ModelException(dir, "labels.original has " + labels.length + " labels but the network has " + spec.classes() + " classes");
    try {
      return LabelMapping.of(labels);
    } catch (IllegalArgumentException e) {
      throw new ModelException(f.file, "invalid labels: " + e.getMessage());
    }
  }

  private static Provenance provenance(Fields f) {
    Map<String, String> config = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : f.object("provenance.config").properties()) config.put(e.getKey(), e.getValue().asText());
    try {
      return new Provenance(f.text("provenance.train_data"), f.integer("provenance.train_rows"),
          f.optionalText("provenance.test_data"), config, f.text("provenance.spark_version"),
          f.text("provenance.sparkprop_version"), f.text("provenance.created_at"), f.text("provenance.spark_master"));
    } catch (IllegalArgumentException e) {
      throw new ModelException(f.file, "invalid provenance: " + e.getMessage());
    }
  }

  /** Typed access to dotted field names, failing with the file and field name. */
  private static final class Fields {
    final JsonNode root;
    final String file;

    Fields(JsonNode root, String file) {
      this.root = root;
      this.file = file;
    }

    JsonNode node(String dotted) {
      JsonNode n = root;
      for (String part : dotted.split("\\.")) {
        n = n.get(part);
        if (n == null) throw new ModelException(file, "missing field '" + dotted + "'");
      }
      return n;
    }

    private ModelException wrongType(String dotted, String expected) {
      return new ModelException(file, "field '" + dotted + "' is not " + expected);
    }

    String text(String dotted) {
      JsonNode n = node(dotted);
      if (!n.isTextual()) throw wrongType(dotted, "a string");
      return n.asText();
    }

    String optionalText(String dotted) {
      JsonNode n = node(dotted);
      if (n.isNull()) return null;
      if (!n.isTextual()) throw wrongType(dotted, "a string or null");
      return n.asText();
    }

    long integer(String dotted) {
      JsonNode n = node(dotted);
      if (!n.isIntegralNumber() || !n.canConvertToLong()) throw wrongType(dotted, "an integer");
      return n.asLong();
    }

    JsonNode array(String dotted) {
      JsonNode n = node(dotted);
      if (!n.isArray()) throw wrongType(dotted, "an array");
      return n;
    }

    JsonNode object(String dotted) {
      JsonNode n = node(dotted);
      if (!n.isObject()) throw wrongType(dotted, "an object");
      return n;
    }

    int intElement(JsonNode array, int i, String dotted) {
      JsonNode n = array.get(i);
      if (!n.isIntegralNumber() || !n.canConvertToInt()) throw wrongType(dotted + "[" + i + "]", "an integer");
      return n.asInt();
    }

    double[] doubles(String dotted) {
      JsonNode a = array(dotted);
      double[] values = new double[a.size()];
      for (int i = 0; i < values.length; i++) {
        JsonNode n = a.get(i);
        if (!n.isNumber()) throw wrongType(dotted + "[" + i + "]", "a number");
        values[i] = n.asDouble();
      }
      return values;
    }
  }
}
