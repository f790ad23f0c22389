package io.sparkprop.export;

import com.google.protobuf.UnsafeByteOperations;
import io.sparkprop.export.onnx.proto.OnnxProto.AttributeProto;
import io.sparkprop.export.onnx.proto.OnnxProto.GraphProto;
import io.sparkprop.export.onnx.proto.OnnxProto.NodeProto;
import io.sparkprop.export.onnx.proto.OnnxProto.TensorProto;
import io.sparkprop.export.onnx.proto.OnnxProto.TensorShapeProto;
import io.sparkprop.export.onnx.proto.OnnxProto.TypeProto;
import io.sparkprop.export.onnx.proto.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The protobuf plumbing of an ONNX graph: constants (initializers), nodes and typed inputs and
 * outputs, so that {@link ModelGraph} reads as the list of operations it emits. Every value name is
 * the caller's; a dimension given as a String is symbolic (the batch size), a number is fixed.
 */
final class GraphBuilder {
  private final GraphProto.Builder graph = GraphProto.newBuilder();

  GraphBuilder(String name) {
    graph.setName(name);
  }

  /**
   * A float constant of shape {@code dims} from {@code length} doubles of {@code source} starting at
   * {@code offset}, rounded to float, in row-major order. Stored as raw little-endian bytes (ONNX's
   * raw_data layout), wrapped rather than copied: a wide first layer can be hundreds of megabytes.
   */
  GraphBuilder floatConstant(String name, long[] dims, double[] source, int offset, int length) {
    byte[] bytes = new byte[Math.multiplyExact(length, Float.BYTES)];
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < length; i++) buffer.putFloat((float) source[offset + i]);
    graph.addInitializer(tensor(name, TensorProto.DataType.FLOAT_VALUE, dims).setRawData(UnsafeByteOperations.unsafeWrap(bytes)));
    return this;
  }

  GraphBuilder int64Constant(String name, int[] values) {
    TensorProto.Builder t = tensor(name, TensorProto.DataType.INT64_VALUE, new long[] {values.length});
    for (int v : values) t.addInt64Data(v);
    graph.addInitializer(t);
    return this;
  }

  private static TensorProto.Builder tensor(String name, int dataType, long[] dims) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(dataType);
    for (long d : dims) t.addDims(d);
    return t;
  }

  /** A node computing {@code output} with {@code op} (ONNX's default domain) from {@code inputs}. */
  GraphBuilder node(String op, String output, String[] inputs, AttributeProto... attributes) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
    for (String input : inputs) n.addInput(input);
    for (AttributeProto a : attributes) n.addAttribute(a);
    graph.addNode(n);
    return this;
  }

  static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  GraphBuilder input(String name, int elementType, Object... dims) {
    graph.addInput(valueInfo(name, elementType, dims));
    return this;
  }

  GraphBuilder output(String name, int elementType, Object... dims) {
    graph.addOutput(valueInfo(name, elementType, dims));
    return this;
  }

  private static ValueInfoProto valueInfo(String name, int elementType, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String param) dim.setDimParam(param);
      else dim.setDimValue(((Number) d).longValue());
      shape.addDim(dim);
    }
    TypeProto type = TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elementType).setShape(shape)).build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  GraphBuilder docString(String doc) {
    graph.setDocString(doc);
    return this;
  }

  GraphProto build() { return graph.build(); }
}
