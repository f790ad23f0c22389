package io.sparkprop.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.nn.Block;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Scores of the same rows two ways: by ONNX Runtime from an exported file, and by sparkprop's own
 * scoring (the network in double on features scaled as sparkprop scales them), for tests that
 * compare the two.
 */
public final class OnnxScores {
  /** Probabilities per row and the label output (for sparkprop: the most probable class's original label). */
  public record Scores(double[][] probabilities, long[] labels) {}

  private OnnxScores() {}

  /** Runs {@code onnx} in ONNX Runtime on the rows (as float, the file's input type). */
  public static Scores onnxRuntime(Path onnx, double[][] rows) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int n = rows.length, inputs = rows[0].length;
    float[] x = new float[n * inputs];
    for (int r = 0; r < n; r++) for (int i = 0; i < inputs; i++) x[r * inputs + i] = (float) rows[r][i];
    try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
         OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, inputs});
         OrtSession.Result result = session.run(Map.of(OnnxExport.FEATURES, input))) {
      float[][] p = (float[][]) result.get(OnnxExport.PROBABILITIES).orElseThrow().getValue();
      long[] labels = (long[]) result.get(OnnxExport.LABEL).orElseThrow().getValue();
      double[][] probabilities = new double[n][];
      for (int r = 0; r < n; r++) {
        probabilities[r] = new double[p[r].length];
        for (int k = 0; k < p[r].length; k++) probabilities[r][k] = p[r][k];
      }
      return new Scores(probabilities, labels);
    }
  }

  /** sparkprop's scoring: features scaled in double and stored as float (as blocks hold them), the network in double. */
  public static Scores sparkprop(TrainedModel model, double[][] rows) {
    NetworkSpec spec = model.spec();
    FeatureScaler scaler = model.scaler();
    int n = rows.length, inputs = spec.inputs(), k = spec.classes();
    float[] x = new float[n * inputs];
    for (int r = 0; r < n; r++) for (int i = 0; i < inputs; i++) x[r * inputs + i] = (float) scaler.apply(i, rows[r][i]);
    Network<double[]> network = Precision.DOUBLE.network(spec, n);
    double[] p = network.probabilities(model.parameters(), new Block(inputs, n, x, new int[n]));
    double[][] probabilities = new double[n][k];
    long[] labels = new long[n];
    for (int r = 0; r < n; r++) {
      int best = 0;
      for (int j = 0; j < k; j++) {
        probabilities[r][j] = p[r * k + j];
        if (p[r * k + j] > p[r * k + best]) best = j;
      }
      labels[r] = model.labels().originalLabel(best);
    }
    return new Scores(probabilities, labels);
  }

  /**
   * Asserts that the probabilities agree within {@code tolerance} and the labels are identical; returns
   * the largest probability difference seen.
   */
  public static double assertAgree(Scores expected, Scores actual, double tolerance) {
    assertEquals(expected.probabilities().length, actual.probabilities().length, "rows");
    double max = 0;
    for (int r = 0; r < expected.probabilities().length; r++) {
      assertEquals(expected.probabilities()[r].length, actual.probabilities()[r].length, "classes");
      for (int k = 0; k < expected.probabilities()[r].length; k++)
        max = Math.max(max, Math.abs(expected.probabilities()[r][k] - actual.probabilities()[r][k]));
      assertEquals(expected.labels()[r], actual.labels()[r], "label of row " + r);
    }
    assertTrue(max <= tolerance, "largest probability difference " + max + " above " + tolerance);
    System.out.printf(java.util.Locale.ROOT, "ONNX Runtime vs sparkprop: %d rows, largest probability difference %.3g%n",
        expected.probabilities().length, max);
    return max;
  }
}
