package io.sparkprop.ml;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The README's example: a CSV of label,x,y in, a Pipeline fitted, saved, loaded and scored, as a Spark user writes it. */
public final class PipelineExample {
  public static double accuracy(SparkSession spark, String csv, String modelDir, int epochs) throws java.io.IOException {
    Dataset<Row> data = spark.read().option("header", true).option("inferSchema", true).csv(csv);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("raw"),
        new StandardScaler().setInputCol("raw").setOutputCol("features"),
        new NeuralNetClassifier().setHiddenLayers(100).setMaxIter(epochs).setBatchSize(0).setLearningRate(0.05).setSeed(1)});
    pipeline.fit(data).write().overwrite().save(modelDir);
    Dataset<Row> predictions = PipelineModel.load(modelDir).transform(data);
    return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
  }

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().appName("pipeline example").master("local[*]").getOrCreate();
    System.out.printf("accuracy %.4f%n", accuracy(spark, args[0], args[1], 300));
    spark.stop();
  }
}
