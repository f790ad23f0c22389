package io.sparkprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** The classifier inside Spark ML: pipelines, persistence, tuning. Tiny networks and few epochs. */
class NeuralNetPipelineTest {
  @TempDir Path tmp;

  private Dataset<Row> spiral() throws Exception {
    SparkSession spark = SpiralTables.spark();
    return spark.read().option("header", true).option("inferSchema", true).csv(SpiralTables.csv(tmp.resolve("spiral.csv"), 3, 30).toString());
  }

  private static Pipeline pipeline(NeuralNetClassifier classifier) {
    return new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("raw"),
        new StandardScaler().setInputCol("raw").setOutputCol("features"),
        classifier});
  }

  @Test
  void savedAndLoadedPipelinePredictsExactlyAsTheFittedOne() throws Exception {
    Dataset<Row> data = spiral();
    NeuralNetClassifier classifier = new NeuralNetClassifier().setHiddenLayers(16).setBatchSize(0).setMaxIter(3).setLearningRate(0.05);
    PipelineModel fitted = pipeline(classifier).fit(data);
    String path = tmp.resolve("pipeline").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);

    List<Row> before = fitted.transform(data).select("prediction", "probability", "rawPrediction").collectAsList();
    List<Row> after = loaded.transform(data).select("prediction", "probability", "rawPrediction").collectAsList();
    assertEquals(before, after);
    assertEquals(90, after.size());

    NeuralNetClassificationModel model = (NeuralNetClassificationModel) loaded.stages()[2];
    assertArrayEquals(new int[] {2, 16, 3}, model.layers());
    assertEquals("features", model.getFeaturesCol());
    assertFalse(model.hasSummary(), "summaries are not saved");
  }

  @Test
  void aFittedModelTransformsInItsTrainingPrecisionAndKeepsAnOtherOneThroughSaveAndLoad() throws Exception {
    Dataset<Row> data = spiral();
    NeuralNetClassifier classifier = new NeuralNetClassifier().setHiddenLayers(16).setBatchSize(0).setMaxIter(3);
    NeuralNetClassificationModel inFloat = (NeuralNetClassificationModel) pipeline(classifier).fit(data).stages()[2];
    assertEquals("float", inFloat.getPrecision());
    NeuralNetClassificationModel inDouble = (NeuralNetClassificationModel) pipeline(classifier.copy(new ParamMap()).setPrecision("double"))
        .fit(data).stages()[2];
    assertEquals("double", inDouble.getPrecision());
    String path = tmp.resolve("float-model-scored-in-double").toString();
    inFloat.setPrecision("double").write().overwrite().save(path);
    assertEquals("double", NeuralNetClassificationModel.load(path).getPrecision());
  }

  @Test
  void fittedModelReportsLossPerStepAndEpoch() throws Exception {
    NeuralNetClassifier classifier = new NeuralNetClassifier().setHiddenLayers(16).setBatchSize(30).setMaxIter(4);
    NeuralNetClassificationModel model = (NeuralNetClassificationModel) pipeline(classifier).fit(spiral()).stages()[2];
    NeuralNetTrainingSummary summary = model.summary();
    assertEquals(4, summary.epochs());
    assertEquals(12, summary.totalIterations(), "90 rows in batches of 30: 3 steps an epoch");
    double[] epochs = summary.epochLossHistory();
    assertTrue(epochs[3] < epochs[0], "loss falls: " + java.util.Arrays.toString(epochs));
  }

  @Test
  void crossValidatorChoosesAmongTwoHiddenSizes() throws Exception {
    NeuralNetClassifier classifier = new NeuralNetClassifier().setBatchSize(0).setMaxIter(3).setLearningRate(0.05);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(classifier.hiddenLayers(), CollectionConverters.asScala(List.of(new int[] {4}, new int[] {16})))
        .build();
    CrossValidator cv = new CrossValidator().setEstimator(pipeline(classifier)).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).setNumFolds(2).setSeed(3);
    CrossValidatorModel model = cv.fit(spiral());
    assertEquals(2, model.avgMetrics().length);
    for (double accuracy : model.avgMetrics()) assertTrue(accuracy > 0.2 && accuracy <= 1, "accuracy " + accuracy);
  }

  @Test
  void fitRejectsALabelThatIsNotAClassIndexNamingTheColumn() throws Exception {
    Dataset<Row> halves = spiral().withColumn("label", org.apache.spark.sql.functions.col("label").divide(2));
    NeuralNetClassifier classifier = new NeuralNetClassifier().setHiddenLayers(4).setMaxIter(1);
    io.sparkprop.data.DataException e = org.junit.jupiter.api.Assertions.assertThrows(io.sparkprop.data.DataException.class,
        () -> pipeline(classifier).fit(halves));
    assertEquals("DataFrame (features, label): label column 'label' must hold class indices (non-negative integers), found 0.5",
        e.getMessage());
  }

  @Test
  void estimatorKeepsItsParamsThroughSaveAndLoad() throws Exception {
    NeuralNetClassifier classifier = new NeuralNetClassifier().setHiddenLayers(8, 4).setActivation("tanh").setOptimizer("sgd")
        .setLearningRate(0.1).setMaxIter(7).setSeed(9).setLabelCol("y");
    String path = tmp.resolve("estimator").toString();
    classifier.write().overwrite().save(path);
    NeuralNetClassifier loaded = NeuralNetClassifier.load(path);
    assertEquals(classifier.uid(), loaded.uid());
    assertArrayEquals(new int[] {8, 4}, loaded.getHiddenLayers());
    assertEquals("tanh", loaded.getActivation());
    assertEquals("sgd", loaded.getOptimizer());
    assertEquals(7, loaded.getMaxIter());
    assertEquals(9L, loaded.getSeed());
    assertEquals("y", loaded.getLabelCol());
  }
}
