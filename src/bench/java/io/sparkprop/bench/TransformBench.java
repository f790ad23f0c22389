package io.sparkprop.bench;

import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import io.sparkprop.ml.NeuralNetClassificationModel;
import io.sparkprop.ml.NeuralNetClassifier;
import io.sparkprop.nn.Network;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Scoring speed (bench --only transform): sparkprop's NeuralNetClassificationModel.transform against
 * MLlib's MultilayerPerceptronClassificationModel.transform on the same cached Fashion-MNIST
 * DataFrame (60k rows, pixels / 255), same layers, same cores. A timed run is a full
 * {@code transform(df).select("prediction", "probability").foreach(noop)}: every row's columns are
 * computed, none kept. Both models are trained for one epoch / iteration only: weights do not change
 * the work. sparkprop's model scores in its training precision (float, the estimator's default), MLlib's
 * in double. After each side's warm-up, rounds alternate one run of each; medians of the rounds. The
 * same sparkprop model scored in double, and through Spark's row-at-a-time transform (double), is
 * timed too, in the same rounds.
 */
public final class TransformBench {
  /** What a run measured: rows per second of each side (medians) and their ratio, with the rounds' range. */
  public record Result(long rows, int partitions, String blas, int[] layers, String precision, double sparkpropRowsPerSecond,
      double mllibRowsPerSecond, double speedup, double speedupMin, double speedupMax, double inDoubleRowsPerSecond,
      double rowByRowRowsPerSecond, int rounds) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rows);
      m.put("partitions", partitions);
      m.put("blas", blas);
      m.put("layers", java.util.Arrays.stream(layers).boxed().toList());
      m.put("precision", new FashionMnistBench.Sides<>(precision, "double").toMap());
      m.put("transform_rows_per_second", new FashionMnistBench.Sides<>(sparkpropRowsPerSecond, mllibRowsPerSecond).toMap());
      m.put("transform_speedup", speedup);
      m.put("transform_speedup_rounds", java.util.List.of(speedupMin, speedupMax));
      m.put("sparkprop_double_rows_per_second", inDoubleRowsPerSecond);
      m.put("sparkprop_row_by_row_rows_per_second", rowByRowRowsPerSecond);
      m.put("rounds", rounds);
      return m;
    }
  }

  private final JavaSparkContext sc;
  private final Consumer<String> log;

  public TransformBench(JavaSparkContext sc, Consumer<String> log) {
    this.sc = sc;
    this.log = log;
  }

  public Result run(String dataDir, int hidden, int rounds, long seed) {
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    int partitions = sc.defaultParallelism();
    Dataset<Row> df = fashionMnist(spark, dataDir + "/train-images-idx3-ubyte.gz", partitions);
    long rows = df.count();
    int[] layers = {784, hidden, 10};

    NeuralNetClassificationModel ours = new NeuralNetClassifier().setHiddenLayers(hidden).setMaxIter(1).setBatchSize(1024).setSeed(seed)
        .setLogEvery(1_000_000).fit(df);
    MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier().setLayers(layers).setMaxIter(1).setSeed(seed).fit(df);
    NeuralNetClassificationModel oursInDouble = ours.copy(new org.apache.spark.ml.param.ParamMap()).setPrecision("double");
    Runnable oursRun = () -> score(ours, df);
    Runnable inDoubleRun = () -> score(oursInDouble, df);
    Runnable mllibRun = () -> score(mllib, df);
    // the same model through Spark's row-at-a-time transform: what batching alone gains
    Runnable rowByRowRun = () -> ours.transformRowByRow(df).select("prediction", "probability").foreach((ForeachFunction<Row>) row -> {});
    Timing.warmUp(oursRun);
    Timing.warmUp(mllibRun);
    Timing.warmUp(rowByRowRun);
    Timing.warmUp(inDoubleRun);
    System.gc();
    double[] oursRate = new double[rounds], mllibRate = new double[rounds], speedup = new double[rounds], rowByRowRate = new double[rounds], inDoubleRate = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      oursRate[i] = rows / Timing.seconds(oursRun);
      mllibRate[i] = rows / Timing.seconds(mllibRun);
      rowByRowRate[i] = rows / Timing.seconds(rowByRowRun);
      inDoubleRate[i] = rows / Timing.seconds(inDoubleRun);
      speedup[i] = oursRate[i] / mllibRate[i];
      log.accept(String.format(Locale.ROOT, "transform round %d: sparkprop (%s) %,.0f rows/s, MLlib %,.0f rows/s, %.2fx; sparkprop in double %,.0f rows/s,"
          + " row by row %,.0f rows/s", i + 1, ours.getPrecision(), oursRate[i], mllibRate[i], speedup[i], inDoubleRate[i], rowByRowRate[i]));
    }
    Result r = new Result(rows, partitions, Network.blasName(), layers, ours.getPrecision(), Timing.median(oursRate), Timing.median(mllibRate),
        Timing.median(speedup), Timing.min(speedup), Timing.max(speedup), Timing.median(inDoubleRate), Timing.median(rowByRowRate), rounds);
    log.accept(String.format(Locale.ROOT, "transform %s, %,d rows, %d partitions, %s: sparkprop (%s) %,.0f rows/s, MLlib %,.0f rows/s, %.2fx (rounds %.2f-%.2f;"
        + " medians of %d); sparkprop in double %,.0f rows/s, row by row %,.0f rows/s", java.util.Arrays.toString(layers), rows, partitions, r.blas(),
        r.precision(), r.sparkpropRowsPerSecond(), r.mllibRowsPerSecond(), r.speedup(), r.speedupMin(), r.speedupMax(), rounds, r.inDoubleRowsPerSecond(),
        r.rowByRowRowsPerSecond()));
    df.unpersist();
    return r;
  }

  /** Every row's prediction and probability computed, then dropped. */
  private static void score(Model<?> model, Dataset<Row> df) {
    model.transform(df).select("prediction", "probability").foreach((ForeachFunction<Row>) row -> {});
  }

  /** label, features (pixels / 255, dense), cached: both sides read the same rows. */
  private Dataset<Row> fashionMnist(SparkSession spark, String images, int partitions) {
    DataSource source = DataSources.open(images, DataOptions.DEFAULTS, sc.hadoopConfiguration());
    double divisor = source.pixelDivisor();
    JavaRDD<Row> rows = source.read(sc, DataSource.Expectations.NONE, partitions).map(p -> {
      double[] x = p.features().toArray();
      for (int i = 0; i < x.length; i++) x[i] /= divisor;
      return RowFactory.create(p.label(), Vectors.dense(x));
    });
    StructType schema = new StructType().add("label", DataTypes.DoubleType, false).add("features", new VectorUDT(), false);
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    df.persist(StorageLevel.MEMORY_AND_DISK());
    return df;
  }
}
