package io.sparkprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.export.OnnxScores;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model fitted in a Spark ML pipeline exports to an ONNX file whose scores are transform's own. */
class OnnxExportFromSparkMlTest {
  @TempDir Path tmp;

  @Test
  void exportOnnxScoresAsTransformDoes() throws Exception {
    Path csv = SpiralTables.csv(tmp.resolve("spiral.csv"), 3, 40);
    Dataset<Row> table = SpiralTables.spark().read().option("header", true).option("inferSchema", true).csv(csv.toString());
    Dataset<Row> features = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features").transform(table);
    NeuralNetClassificationModel model = new NeuralNetClassifier().setHiddenLayers(16, 8).setMaxIter(30)
        .setBatchSize(0).setLearningRate(0.05).fit(features);

    Path onnx = tmp.resolve("spiral.onnx");
    model.exportOnnx(onnx.toString());

    List<Row> scored = model.transform(features).select("features", "probability", "prediction").collectAsList();
    double[][] rows = new double[scored.size()][];
    double[][] probabilities = new double[scored.size()][];
    long[] labels = new long[scored.size()];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = ((Vector) scored.get(r).get(0)).toArray();
      probabilities[r] = ((Vector) scored.get(r).get(1)).toArray();
      labels[r] = (long) scored.get(r).getDouble(2);
    }
    OnnxScores.Scores onnxScores = OnnxScores.onnxRuntime(onnx, rows);
    OnnxScores.assertAgree(new OnnxScores.Scores(probabilities, labels), onnxScores, 1e-5);
    assertEquals(120, rows.length);
    assertTrue(onnxScores.probabilities()[0].length == 3);
  }
}
