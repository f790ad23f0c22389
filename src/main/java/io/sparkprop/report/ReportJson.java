package io.sparkprop.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * The JSON mapper for reports. JSON has no NaN or infinity (Jackson would write a bare NaN token
 * or a "NaN" string); a metric that is undefined becomes null, which every JSON reader accepts.
 */
final class ReportJson {
  static final ObjectMapper MAPPER = new ObjectMapper().registerModule(nonFiniteAsNull());

  private ReportJson() {}

  private static SimpleModule nonFiniteAsNull() {
    SimpleModule module = new SimpleModule("sparkprop-non-finite-as-null");
    module.addSerializer(Double.class, new DoubleSerializer(Double.class));
    module.addSerializer(Double.TYPE, new DoubleSerializer(Double.TYPE));
    module.addSerializer(Float.class, new FloatSerializer(Float.class));
    module.addSerializer(Float.TYPE, new FloatSerializer(Float.TYPE));
    module.addSerializer(double[].class, new DoubleArraySerializer());
    module.addSerializer(float[].class, new FloatArraySerializer());
    return module;
  }

  private static void write(double v, JsonGenerator gen) throws IOException {
    if (Double.isFinite(v)) gen.writeNumber(v);
    else gen.writeNull();
  }

  private static void write(float v, JsonGenerator gen) throws IOException {
    if (Float.isFinite(v)) gen.writeNumber(v);
    else gen.writeNull();
  }

  private static final class DoubleSerializer extends StdSerializer<Double> {
    DoubleSerializer(Class<Double> type) { super(type); }
    @Override public void serialize(Double v, JsonGenerator gen, SerializerProvider p) throws IOException { write(v, gen); }
  }

  private static final class FloatSerializer extends StdSerializer<Float> {
    FloatSerializer(Class<Float> type) { super(type); }
    @Override public void serialize(Float v, JsonGenerator gen, SerializerProvider p) throws IOException { write(v, gen); }
  }

  private static final class DoubleArraySerializer extends StdSerializer<double[]> {
    DoubleArraySerializer() { super(double[].class); }
    @Override public void serialize(double[] values, JsonGenerator gen, SerializerProvider p) throws IOException {
      gen.writeStartArray(values, values.length);
      for (double v : values) write(v, gen);
      gen.writeEndArray();
    }
  }

  private static final class FloatArraySerializer extends StdSerializer<float[]> {
    FloatArraySerializer() { super(float[].class); }
    @Override public void serialize(float[] values, JsonGenerator gen, SerializerProvider p) throws IOException {
      gen.writeStartArray(values, values.length);
      for (float v : values) write(v, gen);
      gen.writeEndArray();
    }
  }
}
