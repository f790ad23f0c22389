package io.sparkprop.export;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.data.LabelMapping;
import io.sparkprop.model.SparkpropVersion;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.export.onnx.proto.OnnxProto.ModelProto;
import io.sparkprop.export.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.sparkprop.export.onnx.proto.OnnxProto.StringStringEntryProto;
import io.sparkprop.export.onnx.proto.OnnxProto.TensorProto;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link TrainedModel} as an ONNX model computing what sparkprop's own scoring computes, in float:
 *
 * <pre>
 *   features ─ Sub(shift) ─ Mul(factor) ─ Gemm(W_1, b_1) ─ f ─ … ─ Gemm(W_L, b_L) ─ Softmax ─ probabilities
 *                                                                                     └ ArgMax ─ Gather(labels) ─ label
 * </pre>
 *
 * Sub is left out when every shift is 0 (maxabs, divide, none), Mul when every factor is 1 (none),
 * Gather when the label mapping is the identity (the class index is the label). The flat vector
 * stores W_l column-major as (out x in), which is row-major (in x out): exactly Gemm's B for
 * X (N x in) · B, so the weights go in as they are stored, with no transpose (transB 0).
 */
final class ModelGraph {
  /** IR 8 with opset 17 is ONNX 1.12 (2022): every ONNX Runtime since 1.12 loads it. */
  static final long IR_VERSION = 8;
  static final long OPSET = 17;
  /**
   * One protobuf message holds at most 2 GiB; a model over that would need ONNX's external-data
   * files, which this export does not write. Kept a little below for the graph's other fields.
   */
  static final long MAX_BYTES = Integer.MAX_VALUE - (64L << 20);

  private ModelGraph() {}

  static ModelProto of(TrainedModel model) {
    NetworkSpec spec = model.spec();
    checkSize(spec);
    GraphBuilder g = new GraphBuilder("sparkprop");
    g.input(OnnxExport.FEATURES, TensorProto.DataType.FLOAT_VALUE, "N", spec.inputs());
    String x = scaled(g, model.scaler(), OnnxExport.FEATURES);
    double[] p = model.parameters();
    for (int l = 0; l < spec.numLayers(); l++) {
      int in = spec.fanIn(l), out = spec.fanOut(l);
      String w = "W" + (l + 1), b = "b" + (l + 1), y = "Y" + (l + 1);
      g.floatConstant(w, new long[] {in, out}, p, spec.weightOffset(l), in * out);
      g.floatConstant(b, new long[] {out}, p, spec.biasOffset(l), out);
      g.node("Gemm", y, new String[] {x, w, b});
      x = y;
      if (l < spec.numLayers() - 1) {
        String h = "X" + (l + 1);
        g.node(activationOp(spec), h, new String[] {y});
        x = h;
      }
    }
    g.node("Softmax", OnnxExport.PROBABILITIES, new String[] {x}, GraphBuilder.intAttribute("axis", 1));
    labelOutput(g, model.labels());
    g.output(OnnxExport.PROBABILITIES, TensorProto.DataType.FLOAT_VALUE, "N", spec.classes());
    g.output(OnnxExport.LABEL, TensorProto.DataType.INT64_VALUE, "N");
    g.docString("sparkprop " + spec + ", scaling " + model.scaler().kind().cliName() + ", labels " + model.labels().describe());

    ModelProto.Builder m = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("sparkprop")
        .setProducerVersion(SparkpropVersion.current())
        .setDocString("input '" + OnnxExport.FEATURES + "' float [N, " + spec.inputs() + "], unscaled; outputs '"
            + OnnxExport.PROBABILITIES + "' float [N, " + spec.classes() + "] and '" + OnnxExport.LABEL + "' int64 [N]")
        .setGraph(g.build());
    metadata(model).forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  /** (x - shift) * factor, as {@link FeatureScaler#apply}; each op only where it changes something. */
  private static String scaled(GraphBuilder g, FeatureScaler scaler, String x) {
    double[] shift = scaler.shift(), factor = scaler.factor();
    long[] dims = {shift.length};
    if (Arrays.stream(shift).anyMatch(s -> s != 0)) {
      g.floatConstant("scaler_shift", dims, shift, 0, shift.length);
      g.node("Sub", "centred", new String[] {x, "scaler_shift"});
      x = "centred";
    }
    if (Arrays.stream(factor).anyMatch(f -> f != 1)) {
      g.floatConstant("scaler_factor", dims, factor, 0, factor.length);
      g.node("Mul", "scaled", new String[] {x, "scaler_factor"});
      x = "scaled";
    }
    return x;
  }

  private static String activationOp(NetworkSpec spec) {
    return switch (spec.activation()) {
      case RELU -> "Relu";
      case TANH -> "Tanh";
      case SIGMOID -> "Sigmoid";
    };
  }

  /** The most probable class (the first on a tie, as sparkprop's predict), then its original label. */
  private static void labelOutput(GraphBuilder g, LabelMapping labels) {
    String index = labels.isIdentity() ? OnnxExport.LABEL : "class_index";
    g.node("ArgMax", index, new String[] {OnnxExport.PROBABILITIES},
        GraphBuilder.intAttribute("axis", 1), GraphBuilder.intAttribute("keepdims", 0));
    if (labels.isIdentity()) return;
    g.int64Constant("original_labels", labels.originalLabels());
    g.node("Gather", OnnxExport.LABEL, new String[] {"original_labels", index}, GraphBuilder.intAttribute("axis", 0));
  }

  /** What a server may want to show or check, as ONNX's free-form key/value metadata. */
  private static Map<String, String> metadata(TrainedModel model) {
    Map<String, String> m = new TreeMap<>();
    m.put("sparkprop.layers", Arrays.toString(model.spec().sizes()));
    m.put("sparkprop.activation", model.spec().activation().cliName());
    m.put("sparkprop.scaling", model.scaler().kind().cliName());
    if (!model.labels().isIdentity()) m.put("sparkprop.labels", Arrays.toString(model.labels().originalLabels()));
    m.put("sparkprop.train_data", model.provenance().trainData());
    return m;
  }

  static void checkSize(NetworkSpec spec) {
    long bytes = (long) Float.BYTES * (spec.numParameters() + 2L * spec.inputs());
    if (bytes > MAX_BYTES)
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "network %s needs %,d MiB as float, more than one ONNX file holds without external data (2 GiB)",
          spec, bytes >> 20));
  }
}
