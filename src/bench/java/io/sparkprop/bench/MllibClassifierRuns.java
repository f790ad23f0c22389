package io.sparkprop.bench;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/** Spark MLlib's MultilayerPerceptronClassifier trained as its users train it, on cached DataFrames. */
public final class MllibClassifierRuns {
  private final Dataset<Row> train;
  private final Dataset<Row> test;
  private final int[] layers;
  private final int blockSize;

  public record Run(int maxIter, double seconds, double testAccuracy) {}

  public MllibClassifierRuns(SparkSession spark, JavaRDD<LabeledPoint> trainRows, JavaRDD<LabeledPoint> testRows, int[] layers,
      int blockSize) {
    this.train = cached(spark, trainRows);
    this.test = cached(spark, testRows);
    this.layers = layers.clone();
    this.blockSize = blockSize;
  }

  private static Dataset<Row> cached(SparkSession spark, JavaRDD<LabeledPoint> rows) {
    StructType schema = new StructType(new StructField[] {
        new StructField("label", DataTypes.DoubleType, false, org.apache.spark.sql.types.Metadata.empty()),
        new StructField("features", SQLDataTypes.VectorType(), false, org.apache.spark.sql.types.Metadata.empty())});
    Dataset<Row> df = spark.createDataFrame(rows.map(p -> RowFactory.create(p.label(), p.features().asML())), schema);
    df.persist(StorageLevel.MEMORY_AND_DISK());
    df.count();
    return df;
  }

  /** Trains with l-bfgs for {@code maxIter} iterations from the same seed; the time excludes scoring. */
  public Run lbfgs(int maxIter, long seed) {
    MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
        .setLayers(layers).setBlockSize(blockSize).setMaxIter(maxIter).setSeed(seed).setSolver("l-bfgs");
    long t = System.nanoTime();
    MultilayerPerceptronClassificationModel model = mlp.fit(train);
    double seconds = (System.nanoTime() - t) / 1e9;
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(test));
    return new Run(maxIter, seconds, accuracy);
  }

  /** The first of {@code maxIters} (increasing) whose run reaches {@code target}, or the last run. */
  public Run firstToReach(double target, List<Integer> maxIters, long seed, java.util.function.Consumer<Run> onRun) {
    Run run = null;
    for (int maxIter : maxIters) {
      run = lbfgs(maxIter, seed);
      onRun.accept(run);
      if (run.testAccuracy() >= target) return run;
    }
    return run;
  }

  public void unpersist() {
    train.unpersist();
    test.unpersist();
  }
}
