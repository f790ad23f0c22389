package io.sparkprop.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.data.LabelMapping;
import io.sparkprop.export.onnx.proto.OnnxProto.ModelProto;
import io.sparkprop.export.onnx.proto.OnnxProto.NodeProto;
import io.sparkprop.model.ModelException;
import io.sparkprop.model.Provenance;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An exported file, run by ONNX Runtime, scores as sparkprop does, for every activation, scaling
 * and label mapping, on models with random parameters (no Spark: the graph is pure translation;
 * trained models are {@code cli.ExportCommandTest}'s).
 */
class OnnxExportTest {
  static final double TOLERANCE = 1e-5;

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Activation.class)
  void everyActivationScoresAsSparkprop(Activation activation) throws Exception {
    TrainedModel model = model(NetworkSpec.of(4, new int[] {8, 6}, 3, activation), standardize(4, 7), LabelMapping.IDENTITY, 11);
    double[][] rows = rows(200, 4, 5, 13);
    OnnxScores.assertAgree(OnnxScores.sparkprop(model, rows), OnnxScores.onnxRuntime(export(model), rows), TOLERANCE);
  }

  @Test
  void maxabsScalingOnAWideSparseModelScoresAsSparkprop() throws Exception {
    int inputs = 3000;
    double[] maxAbs = new SplittableRandom(3).doubles(inputs, 0, 4).toArray();
    maxAbs[7] = 0;  // a feature never seen non-zero keeps factor 1
    TrainedModel model = model(NetworkSpec.of(inputs, new int[] {16}, 4, Activation.RELU), FeatureScaler.maxAbs(maxAbs), LabelMapping.IDENTITY, 5);
    double[][] rows = sparseRows(100, inputs, 20, 17);
    OnnxScores.assertAgree(OnnxScores.sparkprop(model, rows), OnnxScores.onnxRuntime(export(model), rows), TOLERANCE);
    assertEquals(List.of("Mul", "Gemm", "Relu", "Gemm", "Softmax", "ArgMax"), ops(model), "maxabs has no shift, so no Sub");
  }

  @Test
  void noScalingAddsNoScalingOps() {
    TrainedModel model = model(NetworkSpec.of(3, new int[0], 2, Activation.RELU), FeatureScaler.identity(3), LabelMapping.IDENTITY, 1);
    assertEquals(List.of("Gemm", "Softmax", "ArgMax"), ops(model));
  }

  @Test
  void plusMinusOneLabelsComeOutAsMinusOneAndPlusOne() throws Exception {
    TrainedModel model = model(NetworkSpec.of(5, new int[] {6}, 2, Activation.TANH), standardize(5, 2), LabelMapping.plusMinusOne(), 8);
    double[][] rows = rows(300, 5, 3, 4);
    OnnxScores.Scores onnx = OnnxScores.onnxRuntime(export(model), rows);
    OnnxScores.assertAgree(OnnxScores.sparkprop(model, rows), onnx, TOLERANCE);
    assertTrue(java.util.Arrays.stream(onnx.labels()).allMatch(l -> l == -1 || l == 1));
    assertTrue(java.util.Arrays.stream(onnx.labels()).distinct().count() == 2, "both labels occur in 300 rows");
  }

  @Test
  void theFileNamesItsInputAndOutputsWithTheirTypesAndShapes() throws Exception {
    TrainedModel model = model(NetworkSpec.of(4, new int[] {5}, 3, Activation.RELU), standardize(4, 1), LabelMapping.IDENTITY, 2);
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(export(model).toString(), new OrtSession.SessionOptions())) {
      assertEquals(List.of(OnnxExport.FEATURES), List.copyOf(session.getInputNames()));
      assertEquals(List.of(OnnxExport.PROBABILITIES, OnnxExport.LABEL), List.copyOf(session.getOutputNames()));
      Map<String, NodeInfo> in = session.getInputInfo(), out = session.getOutputInfo();
      assertTensor(in.get(OnnxExport.FEATURES), OnnxJavaType.FLOAT, -1, 4);
      assertTensor(out.get(OnnxExport.PROBABILITIES), OnnxJavaType.FLOAT, -1, 3);
      assertTensor(out.get(OnnxExport.LABEL), OnnxJavaType.INT64, -1);
    }
    ModelProto proto = ModelGraph.of(model);
    assertEquals(17, proto.getOpsetImport(0).getVersion());
    assertEquals("sparkprop", proto.getProducerName());
  }

  @Test
  void aNetworkTooLargeForOneFileIsRefusedWithItsSize() {
    NetworkSpec huge = NetworkSpec.of(1 << 24, new int[] {64}, 2, Activation.RELU);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelGraph.checkSize(huge));
    assertTrue(e.getMessage().contains("4,224 MiB") && e.getMessage().contains("2 GiB"), e.getMessage());
  }

  @Test
  void anExistingFileIsReplacedAndNoTemporaryFileIsLeft() throws IOException {
    Path file = Files.writeString(tmp.resolve("m.onnx"), "old");
    TrainedModel model = model(NetworkSpec.of(2, new int[0], 2, Activation.RELU), FeatureScaler.identity(2), LabelMapping.IDENTITY, 1);
    OnnxExport.write(model, file.toString(), new Configuration());
    assertTrue(Files.size(file) > 10);
    try (var listing = Files.list(tmp)) {
      assertEquals(List.of(file), listing.toList(), "the file alone: no .crc, no temporary file");
    }
  }

  @Test
  void aDirectoryOrAPathUnderAFileIsRefusedNamingThePath() throws IOException {
    TrainedModel model = model(NetworkSpec.of(2, new int[0], 2, Activation.RELU), FeatureScaler.identity(2), LabelMapping.IDENTITY, 1);
    ModelException dir = assertThrows(ModelException.class, () -> OnnxExport.write(model, tmp.toString(), new Configuration()));
    assertTrue(dir.getMessage().startsWith(tmp + ": is a directory"), dir.getMessage());
    Path underFile = Files.writeString(tmp.resolve("plain"), "x").resolve("m.onnx");
    ModelException file = assertThrows(ModelException.class, () -> OnnxExport.write(model, underFile.toString(), new Configuration()));
    assertTrue(file.getMessage().startsWith(underFile + ": cannot write ONNX file"), file.getMessage());
    assertFalse(file.getMessage().contains("\n"), file.getMessage());
  }

  private static void assertTensor(NodeInfo info, OnnxJavaType type, long... shape) {
    TensorInfo t = (TensorInfo) info.getInfo();
    assertEquals(type, t.type);
    assertArrayEquals(shape, t.getShape());
  }

  private Path export(TrainedModel model) {
    Path file = tmp.resolve("model-" + System.nanoTime() + ".onnx");
    OnnxExport.write(model, file.toString(), new Configuration());
    return file;
  }

  private static List<String> ops(TrainedModel model) {
    return ModelGraph.of(model).getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
  }

  /** Weights ~ N(0, 1/fan-in), biases ~ N(0, 0.1²): outputs neither saturated nor all alike. */
  static TrainedModel model(NetworkSpec spec, FeatureScaler scaler, LabelMapping labels, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] p = new double[spec.numParameters()];
    for (int l = 0; l < spec.numLayers(); l++) {
      double sd = 2 / Math.sqrt(Math.min(spec.fanIn(l), 64));
      for (int i = 0; i < spec.fanIn(l) * spec.fanOut(l); i++) p[spec.weightOffset(l) + i] = random.nextGaussian() * sd;
      for (int i = 0; i < spec.fanOut(l); i++) p[spec.biasOffset(l) + i] = random.nextGaussian() * 0.1;
    }
    Provenance provenance = new Provenance("file:/data/train.csv", 100, null, Map.of(), "4.1.0", "test", "2025-01-01T00:00:00Z", "local[2]");
    return new TrainedModel(spec, p, scaler, labels, provenance);
  }

  /** Means in [-5, 5], variances in [0.25, 4], feature 0 constant (only centred). */
  static FeatureScaler standardize(int features, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] mean = new double[features], variance = new double[features];
    for (int i = 0; i < features; i++) {
      mean[i] = random.nextDouble(-5, 5);
      variance[i] = i == 0 ? 0 : random.nextDouble(0.25, 4);
    }
    return FeatureScaler.standardize(mean, variance);
  }

  static double[][] rows(int n, int features, double spread, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] rows = new double[n][features];
    for (double[] row : rows) for (int i = 0; i < features; i++) row[i] = random.nextGaussian() * spread;
    return rows;
  }

  static double[][] sparseRows(int n, int features, int nonZeros, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] rows = new double[n][features];
    for (double[] row : rows) for (int k = 0; k < nonZeros; k++) row[random.nextInt(features)] = random.nextDouble(-4, 4);
    return rows;
  }
}
