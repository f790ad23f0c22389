package io.sparkprop.ml;

import io.sparkprop.model.TrainedModel;
import io.sparkprop.nn.Precision;
import io.sparkprop.spark.BlockScorer;
import io.sparkprop.spark.InputStorageChoice;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@link NeuralNetClassificationModel#transform} a block of rows at a time: each partition streams
 * through a {@link BlockScorer} (one gemm per layer for up to {@link #BLOCK_ROWS} rows, in the
 * model's precision param),
 * holding one block of rows at a time, and every row comes out with the raw prediction, probability
 * and prediction columns appended. Their names, order, types and metadata are those of
 * ProbabilisticClassificationModel.transform, and each value is computed as its UDFs compute it:
 * the raw prediction as {@code predictRaw} does, then Spark's raw2probability, raw2prediction or
 * probability2prediction (so thresholds act as they always did).
 */
final class BatchedTransform implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Rows scored per block: the command line's default --block-size. */
  static final int BLOCK_ROWS = 480;

  private final NeuralNetClassificationModel model;
  private final Precision<?> precision;
  private final int featuresIndex;
  private final boolean raw;
  private final boolean probability;
  private final boolean prediction;

  private BatchedTransform(NeuralNetClassificationModel model, int featuresIndex, boolean raw, boolean probability, boolean prediction) {
    this.model = model;
    this.precision = Precision.parse(model.getPrecision());
    this.featuresIndex = featuresIndex;
    this.raw = raw;
    this.probability = probability;
    this.prediction = prediction;
  }

  /**
   * {@code dataset} with the model's output columns appended; {@code transformed} is the model's
   * transformSchema of its schema, where each new column's field (type, metadata) comes from.
   */
  static Dataset<Row> apply(NeuralNetClassificationModel model, Dataset<?> dataset, StructType transformed) {
    Dataset<Row> rows = dataset.toDF();
    StructType input = rows.schema();
    List<StructField> fields = new ArrayList<>(List.of(input.fields()));
    // the order in which Spark's transform appends them
    boolean raw = !model.getRawPredictionCol().isEmpty();
    boolean probability = !model.getProbabilityCol().isEmpty();
    boolean prediction = !model.getPredictionCol().isEmpty();
    if (raw) fields.add(outputField(transformed, model.getRawPredictionCol(), true));
    if (probability) fields.add(outputField(transformed, model.getProbabilityCol(), true));
    if (prediction) fields.add(outputField(transformed, model.getPredictionCol(), false));
    StructType output = new StructType(fields.toArray(StructField[]::new));
    BatchedTransform f = new BatchedTransform(model, input.fieldIndex(model.getFeaturesCol()), raw, probability, prediction);
    Dataset<Row> scored = rows.mapPartitions(f, Encoders.row(output));
    // the encoder drops column metadata (ML attributes, of the input columns too): put it back
    Column[] named = new Column[output.size()];
    for (int i = 0; i < named.length; i++) {
      StructField field = output.fields()[i];
      named[i] = functions.col("`" + field.name().replace("`", "``") + "`").as(field.name(), field.metadata());
    }
    return scored.select(named);
  }

  /** A vector UDF's result may be null, a double one's may not: as Spark's withColumn makes them. */
  private static StructField outputField(StructType transformed, String name, boolean nullable) {
    StructField f = transformed.apply(name);
    return new StructField(name, f.dataType(), nullable, f.metadata());
  }

  @Override public Iterator<Row> call(Iterator<Row> rows) {
    TrainedModel trained = model.trainedModel();
    int inputs = trained.spec().inputs();
    BlockScorer scorer = new BlockScorer(trained.spec(), trained.scaler(), BLOCK_ROWS, InputStorageChoice.forScoring(trained.scaler(), inputs), precision);
    return scorer.stream(trained.parameters(), rows, row -> (Vector) row.get(featuresIndex), this::withColumns);
  }

  private Row withColumns(Row row, double[] p, int offset) {
    int n = row.length();
    Object[] values = new Object[n + (raw ? 1 : 0) + (probability ? 1 : 0) + (prediction ? 1 : 0)];
    for (int i = 0; i < n; i++) values[i] = row.get(i);
    Vector rawPrediction = model.rawPrediction(p, offset);
    Vector probabilities = probability ? model.raw2probability(rawPrediction) : null;
    if (raw) values[n++] = rawPrediction;
    if (probability) values[n++] = probabilities;
    // Spark: raw2prediction from the raw column, else probability2prediction from the probability
    // column, else predict(features); the last is raw2prediction(predictRaw(features)) too
    if (prediction) values[n] = raw || !probability ? model.raw2prediction(rawPrediction) : model.probability2prediction(probabilities);
    return RowFactory.create(values);
  }
}
