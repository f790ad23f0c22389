package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.ml.NeuralNetClassifier;
import io.sparkprop.model.ModelStore;
import io.sparkprop.model.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line and the Spark ML estimator are two front ends on one fit ({@code FitPipeline}):
 * given the same rows in the same partitions, the same settings and the same seed, {@code train} and
 * {@link NeuralNetClassifier#fit} end at the same parameters, bit for bit, for every update rule and
 * regimen the options reach (SGD with Nesterov momentum, Adam with a cosine schedule, warm-up over
 * steps and over epochs, dropout, weight decay, L-BFGS on full batches, LAMB and LARS with warm-up).
 *
 * <p>Same rows means the same partitioning too: data order, mini-batches and dropout masks follow
 * the partitions. The command line reads the CSV file with {@code --partitions 2}; the estimator gets
 * a DataFrame of the rows the command line's own reader yields for that file in 2 partitions (a
 * DataFrame made from them keeps their partitions and order). Two more cases: sparse LIBSVM rows
 * (stored sparse, scaled by max |x| on both paths), and Spark's own CSV reader with VectorAssembler,
 * which reads a small file into one partition, against {@code --partitions 1}.
 */
class CommandLineAndEstimatorAgreeTest {
  @TempDir static Path tmp;
  private static Path csv;
  private static Dataset<Row> twoPartitions;

  /** Settings every case shares, as command-line options; a case overrides some. */
  private static final Map<String, String> COMMON = Map.of("hidden", "8", "epochs", "3", "batch-size", "48", "seed", "7");

  private static NeuralNetClassifier common() {
    return new NeuralNetClassifier().setHiddenLayers(8).setMaxIter(3).setBatchSize(48).setSeed(7);
  }

  record Case(String name, Map<String, String> options, UnaryOperator<NeuralNetClassifier> params) {
    @Override public String toString() { return name; }
  }

  /** {@code options}: name, value, name, value...; a value of "" is a flag. */
  private static Case of(String name, UnaryOperator<NeuralNetClassifier> params, String... options) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < options.length; i += 2) o.put(options[i], options[i + 1]);
    return new Case(name, o, params);
  }

  static Stream<Case> settings() {
    return Stream.of(
        of("sgd with nesterov", c -> c.setOptimizer("sgd").setNesterov(true).setMomentum(0.9).setLearningRate(0.05),
            "optimizer", "sgd", "nesterov", "", "momentum", "0.9", "learning-rate", "0.05"),
        of("adam with cosine schedule", c -> c.setLearningRate(0.01).setSchedule("cosine").setMinLearningRate(0.001),
            "learning-rate", "0.01", "schedule", "cosine", "min-learning-rate", "0.001"),
        of("warm-up over steps", c -> c.setOptimizer("sgd").setLearningRate(0.1).setWarmupSteps(5),
            "optimizer", "sgd", "learning-rate", "0.1", "warmup-steps", "5"),
        of("warm-up over epochs, step schedule", c -> c.setLearningRate(0.02).setSchedule("step").setDecayEpochs(1)
                .setDecayRate(0.5).setWarmupEpochs(0.5),
            "learning-rate", "0.02", "schedule", "step", "decay-epochs", "1", "decay-rate", "0.5", "warmup-epochs", "0.5"),
        of("dropout", c -> c.setLearningRate(0.01).setDropout(0.25), "learning-rate", "0.01", "dropout", "0.25"),
        of("weight decay", c -> c.setLearningRate(0.01).setWeightDecay(0.05), "learning-rate", "0.01", "weight-decay", "0.05"),
        of("lbfgs", c -> c.setOptimizer("lbfgs").setBatchSize(0).setMaxIter(5), "optimizer", "lbfgs", "batch-size", "0", "epochs", "5"),
        of("lamb with warm-up and weight decay", c -> c.setOptimizer("lamb").setLearningRate(0.01).setWarmupSteps(3).setWeightDecay(0.01),
            "optimizer", "lamb", "learning-rate", "0.01", "warmup-steps", "3", "weight-decay", "0.01"),
        of("lars with momentum, trust, weight decay, warm-up over epochs and cosine", c -> c.setOptimizer("lars").setLearningRate(2)
                .setMomentum(0.8).setLarsTrust(0.002).setWeightDecay(0.0005).setWarmupEpochs(1).setSchedule("cosine"),
            "optimizer", "lars", "learning-rate", "2", "momentum", "0.8", "lars-trust", "0.002", "weight-decay", "0.0005",
            "warmup-epochs", "1", "schedule", "cosine"));
  }

  @BeforeAll
  static void data() throws IOException {
    csv = clusters(tmp.resolve("clusters.csv"), 240);
    twoPartitions = rowsAsTrainReadsThem(csv, 2);
    assertEquals(240, twoPartitions.count());
  }

  /**
   * A DataFrame (label, features) of exactly the rows {@code train --train FILE --partitions N} reads,
   * in its partitions and order: TrainCommand opens the file and reads it with Expectations.NONE.
   */
  private static Dataset<Row> rowsAsTrainReadsThem(Path file, int partitions) {
    JavaSparkContext sc = SparkTestSupport.sparkContext();
    JavaRDD<LabeledPoint> rows = DataSources.open(file.toString(), DataOptions.DEFAULTS, sc.hadoopConfiguration())
        .read(sc, DataSource.Expectations.NONE, partitions);
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
    Dataset<Row> frame = spark().createDataFrame(rows.map(p -> RowFactory.create(p.label(), p.features().asML())), schema);
    assertEquals(partitions, frame.javaRDD().getNumPartitions());
    return frame;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void commandLineAndEstimatorTrainTheSameParameters(Case c) {
    Map<String, String> options = new LinkedHashMap<>(COMMON);
    options.putAll(c.options());
    options.put("partitions", "2");
    TrainedModel cli = commandLine(c.name(), options);
    TrainedModel estimator = c.params().apply(common()).fit(twoPartitions).trainedModel();
    assertAgree(cli, estimator);
  }

  @Test
  void aDataFrameFromSparksCsvReaderTrainsAsTheCommandLineOnOnePartition() {
    Dataset<Row> table = spark().read().option("header", true).option("inferSchema", true).csv(csv.toString());
    Dataset<Row> features = new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d"}).setOutputCol("features")
        .transform(table);
    // a file this small is one split for Spark SQL; the command line reads it as one with --partitions 1
    assertEquals(1, features.javaRDD().getNumPartitions());
    Map<String, String> options = new LinkedHashMap<>(COMMON);
    options.put("learning-rate", "0.01");
    options.put("partitions", "1");
    TrainedModel cli = commandLine("spark-csv", options);
    TrainedModel estimator = common().setLearningRate(0.01).fit(features).trainedModel();
    assertAgree(cli, estimator);
  }

  @Test
  void sparseLibsvmRowsTrainAlikeStoredSparseAndScaledByMaxAbs() throws IOException {
    Path libsvm = sparseClusters(tmp.resolve("sparse.libsvm"), 240);
    Dataset<Row> rows = rowsAsTrainReadsThem(libsvm, 2);
    Map<String, String> options = new LinkedHashMap<>(COMMON);
    options.put("learning-rate", "0.01");
    options.put("partitions", "2");
    TrainedModel cli = commandLine(libsvm, "sparse", options);
    TrainedModel estimator = common().setLearningRate(0.01).fit(rows).trainedModel();
    // at most 10 % non-zeros: auto storage is sparse, auto scaling max |x|, on both paths
    assertEquals(FeatureScaler.Kind.MAXABS, cli.scaler().kind());
    assertAgree(cli, estimator);
  }

  private static void assertAgree(TrainedModel cli, TrainedModel estimator) {
    // the same settings first, so that a difference below is the training's, not the test's
    assertEquals(cli.provenance().config(), estimator.provenance().config(), "the two runs were given different settings");
    assertArrayEquals(cli.spec().sizes(), estimator.spec().sizes(), "layers");
    // the scaler is fitted on the rows in one pass: it differs first when the rows or their partitions do
    assertEquals(cli.scaler().kind(), estimator.scaler().kind(), "scaling kind");
    assertArrayEquals(cli.scaler().shift(), estimator.scaler().shift(), "scaler shift (the features' means)");
    assertArrayEquals(cli.scaler().factor(), estimator.scaler().factor(), "scaler factor");
    assertArrayEquals(cli.parameters(), estimator.parameters(), "final parameters");
  }

  private static TrainedModel commandLine(String run, Map<String, String> options) {
    return commandLine(csv, run, options);
  }

  private static TrainedModel commandLine(Path data, String run, Map<String, String> options) {
    Path out = tmp.resolve("cli-" + run.replaceAll("[^a-z0-9]+", "-"));
    List<String> args = new ArrayList<>(List.of("train", "--train", data.toString(), "--out", out.toString()));
    options.forEach((name, value) -> {
      args.add("--" + name);
      if (!value.isEmpty()) args.add(value);
    });
    CliRunner.Outcome outcome = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, outcome.status(), outcome.err());
    return ModelStore.load(out.resolve("model").toString(), SparkTestSupport.sparkContext().hadoopConfiguration());
  }

  private static SparkSession spark() {
    return SparkSession.builder().sparkContext(SparkTestSupport.sparkContext().sc()).getOrCreate();
  }

  /**
   * Three overlapping classes in four features of different scales (so that standardizing matters),
   * written with a header; {@link Double#toString} gives text that reads back as the same double.
   */
  private static Path clusters(Path file, int rows) throws IOException {
    Random random = new Random(11);
    double[] scale = {1, 10, 0.1, 1000};
    double[][] centers = {{0, 0, 1, -1}, {1, 0.5, 0, 0}, {0.5, 1, -1, 1}};
    List<String> lines = new ArrayList<>(List.of("label,a,b,c,d"));
    for (int i = 0; i < rows; i++) {
      int label = i % 3;
      StringBuilder line = new StringBuilder(Integer.toString(label));
      for (int j = 0; j < 4; j++) line.append(',').append(Double.toString((centers[label][j] + random.nextGaussian()) * scale[j]));
      lines.add(line.toString());
    }
    Files.write(file, lines);
    assertTrue(Files.size(file) > 1000);
    return file;
  }

  /** LIBSVM rows of 60 features with 3 non-zeros each (5 %): each class draws its indices mostly from its own third. */
  private static Path sparseClusters(Path file, int rows) throws IOException {
    Random random = new Random(13);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int label = i % 3;
      TreeSet<Integer> indices = new TreeSet<>();
      while (indices.size() < 3) indices.add(1 + (random.nextInt(4) == 0 ? random.nextInt(60) : 20 * label + random.nextInt(20)));
      StringBuilder line = new StringBuilder(Integer.toString(label));
      for (int index : indices) line.append(' ').append(index).append(':').append(Double.toString(1 + 4 * random.nextDouble()));
      lines.add(line.toString());
    }
    Files.write(file, lines);
    return file;
  }
}
