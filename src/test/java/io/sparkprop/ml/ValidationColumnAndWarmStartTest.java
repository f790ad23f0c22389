package io.sparkprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator's {@code validationIndicatorCol} (rows where it is true are held out, as GBT and
 * XGBoost do) drives the validation history, early stopping and the best epoch; a Pipeline with it
 * and a {@code weightCol} fits, saves, loads and predicts. {@code setInitialModel} starts from an earlier model's loss.
 */
class ValidationColumnAndWarmStartTest {
  @TempDir Path tmp;

  private Dataset<Row> spiral() throws Exception {
    Dataset<Row> rows = SpiralTables.spark().read().option("header", true).option("inferSchema", true)
        .csv(SpiralTables.csv(tmp.resolve("spiral.csv"), 3, 60).toString());
    return rows.withColumn("isVal", functions.expr("pmod(hash(x, y), 4) = 0"))
        .withColumn("w", functions.expr("cast(pmod(hash(y, x), 3) + 1 as double)"));
  }

  private static Pipeline pipeline(NeuralNetClassifier classifier) {
    return new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features"), classifier});
  }

  @Test
  void aPipelineWithWeightsAndAValidationColumnStopsEarlyKeepsTheBestEpochAndRoundTrips() throws Exception {
    Dataset<Row> data = spiral();
    long held = data.filter("isVal").count();
    NeuralNetClassifier classifier = new NeuralNetClassifier().setHiddenLayers(32).setBatchSize(0).setMaxIter(40)
        .setOptimizer("adam").setLearningRate(0.3).setPatience(3).setEvalEvery(1).setValidationIndicatorCol("isVal").setWeightCol("w");
    PipelineModel fitted = pipeline(classifier).fit(data);
    NeuralNetTrainingSummary summary = ((NeuralNetClassificationModel) fitted.stages()[1]).summary();
    double[] validation = summary.validationLossHistory();
    assertEquals(summary.epochs(), validation.length, "every epoch scored on the held-out rows");
    assertTrue(summary.epochs() < 40, "a rate this high overfits: early stopping ends the run, after " + summary.epochs());
    int best = summary.bestEpoch();
    for (double v : validation) assertTrue(validation[best - 1] <= v, "best epoch " + best + " has the lowest validation loss");
    assertEquals(data.count() - held, trainRows(fitted), "the held-out rows are not trained on");

    String path = tmp.resolve("pipeline").toString();
    fitted.write().overwrite().save(path);
    List<Row> before = fitted.transform(data).select("prediction", "probability").collectAsList();
    List<Row> after = PipelineModel.load(path).transform(data).select("prediction", "probability").collectAsList();
    assertEquals(before, after);
  }

  private static long trainRows(PipelineModel fitted) {
    return ((NeuralNetClassificationModel) fitted.stages()[1]).trainedModel().provenance().trainRows();
  }

  @Test
  void aValidationColumnThatIsNotBooleanIsRefused() throws Exception {
    Dataset<Row> data = spiral().withColumn("isVal", functions.lit(1));
    NeuralNetClassifier classifier = new NeuralNetClassifier().setHiddenLayers(4).setMaxIter(1).setValidationIndicatorCol("isVal");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pipeline(classifier).fit(data));
    assertEquals("validationIndicatorCol: column 'isVal' is int, not boolean", e.getMessage());
  }

  @Test
  void anInitialModelStartsTrainingFromItsLoss() throws Exception {
    Dataset<Row> data = spiral();
    NeuralNetClassifier base = new NeuralNetClassifier().setHiddenLayers(16).setBatchSize(0).setOptimizer("sgd").setLearningRate(0.05);
    NeuralNetClassificationModel first = (NeuralNetClassificationModel) pipeline(base.copy(new org.apache.spark.ml.param.ParamMap())
        .setMaxIter(40)).fit(data).stages()[1];
    NeuralNetClassificationModel warm = (NeuralNetClassificationModel) pipeline(base.copy(new org.apache.spark.ml.param.ParamMap())
        .setMaxIter(1).setInitialModel(first)).fit(data).stages()[1];
    NeuralNetClassificationModel fresh = (NeuralNetClassificationModel) pipeline(base.copy(new org.apache.spark.ml.param.ParamMap())
        .setMaxIter(1)).fit(data).stages()[1];
    double[] earlier = first.summary().lossHistory();
    double warmStart = warm.summary().lossHistory()[0], freshStart = fresh.summary().lossHistory()[0];
    assertTrue(warmStart <= earlier[earlier.length - 1], warmStart + " vs " + earlier[earlier.length - 1]);
    assertTrue(warmStart < 0.8 * freshStart, warmStart + " vs a fresh start's " + freshStart);
  }
}
