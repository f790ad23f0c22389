package io.sparkprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's standard text pipeline, Tokenizer -> HashingTF (2^18) -> IDF -> NeuralNetClassifier, end
 * to end: the hashed features stay sparse in training and in transform, and a saved pipeline
 * predicts as the fitted one.
 */
class TextPipelineTest {
  @TempDir Path tmp;

  /** Sentences of three topics: each draws most words from its own vocabulary, some from a shared one. */
  private static Dataset<Row> sentences(SparkSession spark, int n, long seed) {
    String[][] topics = {
        {"kernel", "process", "signal", "memory", "thread", "socket", "file", "descriptor", "mutex", "scheduler"},
        {"matrix", "gradient", "layer", "softmax", "batch", "epoch", "weight", "loss", "neuron", "optimizer"},
        {"garden", "flower", "tree", "soil", "water", "seed", "leaf", "root", "sunlight", "harvest"}};
    String[] shared = {"the", "a", "of", "and", "to", "in", "is", "with", "for", "on"};
    SplittableRandom r = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 3;
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 12; w++) text.append(r.nextDouble() < 0.6 ? topics[label][r.nextInt(10)] : shared[r.nextInt(10)]).append(' ');
      rows.add(RowFactory.create((double) label, text.toString()));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("text", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }

  @Test
  void hashedTextTrainsSparseAndASavedPipelinePredictsAsTheFittedOne() throws Exception {
    SparkSession spark = SpiralTables.spark();
    Dataset<Row> train = sentences(spark, 300, 1), test = sentences(spark, 90, 2);
    NeuralNetClassifier classifier = new NeuralNetClassifier().setHiddenLayers(16).setMaxIter(20).setBatchSize(50).setLearningRate(0.01);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new Tokenizer().setInputCol("text").setOutputCol("words"),
        new HashingTF().setInputCol("words").setOutputCol("tf").setNumFeatures(1 << 18),
        new IDF().setInputCol("tf").setOutputCol("features"),
        classifier});
    PipelineModel fitted = pipeline.fit(train);

    NeuralNetClassificationModel model = (NeuralNetClassificationModel) fitted.stages()[3];
    assertEquals(1 << 18, model.numFeatures());
    assertEquals("maxabs", model.trainedModel().scaler().kind().cliName());
    Dataset<Row> scored = fitted.transform(test);
    assertTrue(scored.select("features").first().get(0) instanceof SparseVector);
    long correct = scored.filter("prediction = label").count();
    assertTrue(correct >= 0.9 * 90, correct + " of 90 test sentences right");

    String path = tmp.resolve("text-pipeline").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    List<Row> before = scored.select("prediction", "probability", "rawPrediction").collectAsList();
    List<Row> after = loaded.transform(test).select("prediction", "probability", "rawPrediction").collectAsList();
    assertEquals(before, after);
  }
}
