package io.sparkprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.model.Provenance;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * transform scores blocks of rows; Spark's own transform (predictRaw per row, in double) is the
 * reference: same schema, same rows in the same order, scores within 1e-12 in double, within float
 * rounding in float. Partitions of 0, 1, a block's worth, a block and one more, and several blocks.
 */
class BatchedTransformTest {
  private static final int[] PARTITION_SIZES = {0, 1, 37, BatchedTransform.BLOCK_ROWS, BatchedTransform.BLOCK_ROWS + 1, 1203};
  private static final double TOLERANCE = 1e-12;
  /** Float logits carry about 1e-7 of their size: log-probabilities of a few units, probabilities below 1. */
  private static final double FLOAT_RAW_TOLERANCE = 1e-4, FLOAT_PROBABILITY_TOLERANCE = 1e-5;

  private static TrainedModel model(int inputs, int classes, FeatureScaler scaler, long seed) {
    return model(inputs, classes, scaler, seed, Map.of());
  }

  /** {@code config}: the provenance's training settings, where a model's training precision is read. */
  private static TrainedModel model(int inputs, int classes, FeatureScaler scaler, long seed, Map<String, String> config) {
    NetworkSpec spec = NetworkSpec.of(inputs, new int[] {9}, classes, Activation.TANH);
    SplittableRandom random = new SplittableRandom(seed);
    double[] parameters = new double[spec.numParameters()];
    for (int i = 0; i < parameters.length; i++) parameters[i] = random.nextGaussian();
    Provenance provenance = new Provenance("test", 0, null, config, "4.1.0", "test", "2025-01-31T12:00:00Z", "local[2]");
    return new TrainedModel(spec, parameters, scaler, provenance);
  }

  private static TrainedModel denseModel() { return denseModel(Map.of()); }

  private static TrainedModel denseModel(Map<String, String> config) {
    int inputs = 20;
    double[] mean = new double[inputs], variance = new double[inputs];
    for (int j = 0; j < inputs; j++) {
      mean[j] = 0.3 * j - 2;
      variance[j] = 0.5 + j;
    }
    return model(inputs, 4, FeatureScaler.standardize(mean, variance), 7, config);
  }

  /** Wider than InputStorageChoice's 4,096 and scaled by max-abs: sparse rows are scored sparse. */
  private static TrainedModel wideModel() { return wideModel(Map.of()); }

  private static TrainedModel wideModel(Map<String, String> config) {
    double[] maxAbs = new double[5000];
    Arrays.fill(maxAbs, 2.5);
    return model(maxAbs.length, 3, FeatureScaler.maxAbs(maxAbs), 11, config);
  }

  /** One partition per entry of PARTITION_SIZES; every third row dense when {@code sparse}, else every third row sparse. */
  private static Dataset<Row> rows(int inputs, boolean sparse) {
    SparkSession spark = SparkSession.builder().sparkContext(SparkTestSupport.sparkContext().sc()).getOrCreate();
    List<Integer> partitions = new ArrayList<>();
    for (int i = 0; i < PARTITION_SIZES.length; i++) partitions.add(i);
    int[] sizes = PARTITION_SIZES;
    JavaRDD<Row> rdd = SparkTestSupport.sparkContext().parallelize(partitions, partitions.size()).flatMap(p -> {
      SplittableRandom random = new SplittableRandom(1000 + p);
      List<Row> out = new ArrayList<>();
      for (int i = 0; i < sizes[p]; i++) {
        boolean asSparse = sparse != (i % 3 == 0);
        out.add(RowFactory.create(p * 10_000L + i, asSparse ? sparseVector(inputs, random) : denseVector(inputs, random), "row" + i));
      }
      return out.iterator();
    });
    StructType schema = new StructType().add("id", DataTypes.LongType, false).add("features", new VectorUDT(), false)
        .add("note", DataTypes.StringType, true);
    return spark.createDataFrame(rdd, schema);
  }

  private static Vector denseVector(int inputs, SplittableRandom random) {
    double[] x = new double[inputs];
    for (int j = 0; j < inputs; j++) x[j] = random.nextInt(4) == 0 ? 0 : random.nextGaussian() * 3;
    return Vectors.dense(x);
  }

  private static Vector sparseVector(int inputs, SplittableRandom random) {
    int[] indices = random.ints(1 + random.nextInt(12), 0, inputs).distinct().sorted().toArray();
    double[] values = new double[indices.length];
    for (int k = 0; k < values.length; k++) values[k] = random.nextGaussian() * 2;
    return Vectors.sparse(inputs, indices, values);
  }

  /** Same schema, same rows in the same order, vectors within TOLERANCE, everything else exactly. */
  private static void assertSameAsRowByRow(NeuralNetClassificationModel model, Dataset<Row> data) {
    assertSameAsRowByRow(model, data, TOLERANCE, TOLERANCE);
  }

  /** As above, the raw prediction within {@code rawTolerance} and the probabilities within {@code probabilityTolerance}. */
  private static void assertSameAsRowByRow(NeuralNetClassificationModel model, Dataset<Row> data, double rawTolerance, double probabilityTolerance) {
    assertEquals(PARTITION_SIZES.length, data.rdd().getNumPartitions());
    Dataset<Row> batched = model.transform(data), reference = model.transformRowByRow(data);
    for (int i = 0; i < reference.schema().size(); i++)
      assertEquals(reference.schema().fields()[i].metadata().json(), batched.schema().fields()[i].metadata().json(), "metadata of column " + i);
    assertEquals(reference.schema(), batched.schema()); // names, types, nullability and metadata
    List<Row> expected = reference.collectAsList(), actual = batched.collectAsList();
    assertEquals(Arrays.stream(PARTITION_SIZES).sum(), actual.size());
    assertEquals(expected.size(), actual.size());
    for (int r = 0; r < expected.size(); r++) {
      Row e = expected.get(r), a = actual.get(r);
      assertEquals(e.length(), a.length());
      for (int c = 0; c < e.length(); c++) {
        Object ev = e.get(c), av = a.get(c);
        String where = "row " + r + " column " + e.schema().fields()[c].name();
        if (ev instanceof Vector ve && c >= data.schema().size()) {
          double[] x = ve.toArray(), y = ((Vector) av).toArray();
          assertEquals(x.length, y.length, where);
          double tolerance = e.schema().fields()[c].name().equals(model.getRawPredictionCol()) ? rawTolerance : probabilityTolerance;
          for (int k = 0; k < x.length; k++) assertEquals(x[k], y[k], tolerance, where + " entry " + k);
        } else {
          assertEquals(ev, av, where);
        }
      }
    }
  }

  @Test
  void denseRowsGiveTheRowByRowColumns() {
    assertSameAsRowByRow(NeuralNetClassificationModel.of(denseModel()), rows(20, false));
  }

  @Test
  void sparseRowsOfANarrowModelAreScoredDenseAndGiveTheRowByRowColumns() {
    assertSameAsRowByRow(NeuralNetClassificationModel.of(denseModel()), rows(20, true));
  }

  @Test
  void sparseRowsOfAWideModelAreScoredSparseAndGiveTheRowByRowColumns() {
    assertSameAsRowByRow(NeuralNetClassificationModel.of(wideModel()), rows(5000, true));
  }

  @Test
  void thresholdsMovePredictionsAsInTheRowByRowPath() {
    NeuralNetClassificationModel model = NeuralNetClassificationModel.of(denseModel());
    Dataset<Row> data = rows(20, false);
    long argmaxOnes = model.transform(data).filter("prediction = 1").count();
    model.setThresholds(new double[] {0.9, 0.05, 1.5, 0.4});
    assertNotEquals(argmaxOnes, model.transform(data).filter("prediction = 1").count(), "the thresholds change some predictions");
    assertSameAsRowByRow(model, data);
  }

  @Test
  void sparseRowsWithThresholdsGiveTheRowByRowColumns() {
    NeuralNetClassificationModel model = NeuralNetClassificationModel.of(wideModel());
    model.setThresholds(new double[] {0.2, 1.0, 0.7});
    assertSameAsRowByRow(model, rows(5000, true));
  }

  @Test
  void withoutTheRawColumnProbabilityAndPredictionAreUnchanged() {
    NeuralNetClassificationModel model = NeuralNetClassificationModel.of(denseModel());
    model.setRawPredictionCol("").setThresholds(new double[] {0.9, 0.05, 1.5, 0.4});
    assertSameAsRowByRow(model, rows(20, false));
  }

  @Test
  void predictionAloneIsUnchanged() {
    NeuralNetClassificationModel model = NeuralNetClassificationModel.of(denseModel());
    model.setRawPredictionCol("").setProbabilityCol("").setPredictionCol("label_guess");
    assertSameAsRowByRow(model, rows(20, false));
    assertTrue(List.of(model.transform(rows(20, false)).columns()).contains("label_guess"));
  }

  @Test
  void aModelTrainedInFloatTransformsInFloatWithinFloatRounding() {
    NeuralNetClassificationModel model = NeuralNetClassificationModel.of(denseModel(Map.of("precision", "float")));
    assertEquals("float", model.getPrecision());
    assertSameAsRowByRow(model, rows(20, false), FLOAT_RAW_TOLERANCE, FLOAT_PROBABILITY_TOLERANCE);
    assertThrows(AssertionFailedError.class, () -> assertSameAsRowByRow(model, rows(20, false)), "float scoring is not double's to 1e-12");
  }

  @Test
  void sparseRowsOfAWideModelTrainedInFloatTransformInFloatWithinFloatRounding() {
    NeuralNetClassificationModel model = NeuralNetClassificationModel.of(wideModel(Map.of("precision", "float")));
    // its dense rows sum 5,000 products of unit-variance weights into each hidden unit: float's
    // rounding grows with sums of that size, ten times the narrow model's
    assertSameAsRowByRow(model, rows(5000, true), 10 * FLOAT_RAW_TOLERANCE, 10 * FLOAT_PROBABILITY_TOLERANCE);
  }

  @Test
  void precisionDoubleScoresAFloatModelAsTheRowByRowPathDoes() {
    NeuralNetClassificationModel model = NeuralNetClassificationModel.of(denseModel(Map.of("precision", "float"))).setPrecision("double");
    assertSameAsRowByRow(model, rows(20, false));
  }

  @Test
  void aModelOfUnrecordedPrecisionScoresInDouble() {
    assertEquals("double", NeuralNetClassificationModel.of(denseModel()).getPrecision());
  }
}
