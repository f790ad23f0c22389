package io.sparkprop.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A DataFrame's features and label as the {@link LabeledPoint}s the trainer reads: the features
 * from one ml vector column, or assembled from numeric columns; the label a class index; with a
 * weight column, each row a {@link WeightedPoint} of that column's (non-negative, finite) weight.
 * Problems name the column (and the file, where the rows came from files), since rows have no numbers.
 */
public final class DataFrameRows {
  private DataFrameRows() {}

  /**
   * The rows of {@code data}. If {@code featuresCol} is a vector column it is the features;
   * if there is no such column and {@code assembleOthers}, every other column but the label must
   * be numeric and they are the features, in schema order.
   *
   * @param source     names the data in errors
   * @param fromFiles  name each bad row's file (input_file_name) rather than {@code source}
   * @throws DataException on the driver for a missing or mistyped column; inside the failed job for a bad value
   */
  public static JavaRDD<LabeledPoint> labeledPoints(Dataset<?> data, String featuresCol, String labelCol, String source,
      boolean assembleOthers, boolean fromFiles, DataSource.Expectations expect) {
    return labeledPoints(data, featuresCol, labelCol, null, source, assembleOthers, fromFiles, expect);
  }

  /**
   * As above, each row weighted by the numeric column {@code weightCol} (null or empty = unweighted),
   * which is then not a feature.
   */
  public static JavaRDD<LabeledPoint> labeledPoints(Dataset<?> data, String featuresCol, String labelCol, String weightCol,
      String source, boolean assembleOthers, boolean fromFiles, DataSource.Expectations expect) {
    boolean weighted = weightCol != null && !weightCol.isEmpty();
    StructType schema = data.schema();
    if (weighted) {
      StructField w = field(schema, weightCol, source, "weight");
      if (!(w.dataType() instanceof NumericType))
        throw new DataException(source, 0, "weight column '" + weightCol + "' is " + w.dataType().simpleString() + ", not numeric");
      if (weightCol.equals(labelCol)) throw new DataException(source, 0, "weight column '" + weightCol + "' is the label column");
    }
    StructField label = field(schema, labelCol, source, "label");
    if (!(label.dataType() instanceof NumericType))
      throw new DataException(source, 0, "label column '" + labelCol + "' is " + label.dataType().simpleString() + ", not numeric");
    List<Column> selected = new ArrayList<>();
    selected.add(functions.col(labelCol).cast("double"));
    selected.add(fromFiles ? functions.input_file_name() : functions.lit(source));
    String[] featureNames;
    boolean vector = Arrays.asList(schema.fieldNames()).contains(featuresCol);
    if (vector) {
      DataType type = schema.apply(featuresCol).dataType();
      if (!type.equals(SQLDataTypes.VectorType()))
        throw new DataException(source, 0, "features column '" + featuresCol + "' is " + type.simpleString() + ", not a vector");
      featureNames = new String[] {featuresCol};
      selected.add(functions.col(featuresCol));
    } else {
      if (!assembleOthers) throw new DataException(source, 0, "no features column '" + featuresCol + "'");
      List<String> names = new ArrayList<>();
      for (StructField f : schema.fields()) {
        if (f.name().equals(labelCol) || weighted && f.name().equals(weightCol)) continue;
        if (!(f.dataType() instanceof NumericType))
          throw new DataException(source, 0, "column '" + f.name() + "' is " + f.dataType().simpleString()
              + ", not numeric (and there is no vector column '" + featuresCol + "')");
        names.add(f.name());
        selected.add(functions.col(f.name()).cast("double"));
      }
      if (names.isEmpty()) throw new DataException(source, 0, "no feature columns besides the label '" + labelCol + "'");
      featureNames = names.toArray(new String[0]);
    }
    if (!weighted)
      return data.select(selected.toArray(new Column[0])).javaRDD()
          .map(row -> toPoint(row, vector, featureNames, labelCol, expect));
    // the weight comes last, so the label, source and features keep their places
    selected.add(functions.col(weightCol).cast("double"));
    return data.select(selected.toArray(new Column[0])).javaRDD()
        .map(row -> weighted(row, toPoint(row, vector, featureNames, labelCol, expect), weightCol));
  }

  private static LabeledPoint weighted(Row row, LabeledPoint point, String weightCol) {
    int at = row.size() - 1;
    if (row.isNullAt(at)) throw new DataException(row.getString(1), 0, "weight column '" + weightCol + "' has a null");
    double weight = row.getDouble(at);
    String problem = WeightedPoint.problem(weight);
    if (problem != null) throw new DataException(row.getString(1), 0, "weight column '" + weightCol + "': " + problem);
    return new WeightedPoint(point.label(), point.features(), weight);
  }

  private static StructField field(StructType schema, String name, String source, String role) {
    if (!Arrays.asList(schema.fieldNames()).contains(name))
      throw new DataException(source, 0, "no " + role + " column '" + name + "' (columns: " + String.join(", ", schema.fieldNames()) + ")");
    return schema.apply(name);
  }

  private static LabeledPoint toPoint(Row row, boolean vector, String[] featureNames, String labelCol, DataSource.Expectations expect) {
    String where = row.getString(1);
    if (row.isNullAt(0)) throw new DataException(where, 0, "label column '" + labelCol + "' has a null");
    double label = row.getDouble(0);
    // -1 only where a known mapping may take it: training rows from a DataFrame are class indices
    double lowest = expect.knowsLabels() ? -1 : 0;
    if (!(label >= lowest) || label != Math.rint(label) || label > Integer.MAX_VALUE)
      throw new DataException(where, 0, "label column '" + labelCol + "' must hold class indices (non-negative integers), found " + label);
    String problem = Labels.problem((int) label, expect);
    if (problem != null) throw new DataException(where, 0, "label column '" + labelCol + "': " + problem);
    double[] x;
    if (vector) {
      if (row.isNullAt(2)) throw new DataException(where, 0, "features column '" + featureNames[0] + "' has a null");
      Vector v = (Vector) row.get(2);
      if (v instanceof org.apache.spark.ml.linalg.SparseVector sparse) return sparsePoint(sparse, label, featureNames[0], where, expect);
      x = v.toArray();
    } else {
      x = new double[featureNames.length];
      for (int i = 0; i < x.length; i++) {
        if (row.isNullAt(i + 2)) throw new DataException(where, 0, "column '" + featureNames[i] + "' has a null");
        x[i] = row.getDouble(i + 2);
      }
    }
    for (int i = 0; i < x.length; i++)
      if (!Double.isFinite(x[i]))
        throw new DataException(where, 0, (vector ? "features column '" + featureNames[0] + "' has " + x[i] + " at index " + i
            : "column '" + featureNames[i] + "' has " + x[i]));
    if (expect.knowsFeatures() && x.length != expect.features())
      throw new DataException(where, 0, "a row has " + x.length + " features, expected " + expect.features());
    return new LabeledPoint(Labels.classOf((int) label, expect), Vectors.dense(x));
  }

  /** A sparse features vector stays sparse (HashingTF's 2^18 columns are never densified). */
  private static LabeledPoint sparsePoint(org.apache.spark.ml.linalg.SparseVector v, double label, String column, String where,
      DataSource.Expectations expect) {
    double[] values = v.values();
    int[] indices = v.indices();
    for (int k = 0; k < values.length; k++)
      if (!Double.isFinite(values[k]))
        throw new DataException(where, 0, "features column '" + column + "' has " + values[k] + " at index " + indices[k]);
    if (expect.knowsFeatures() && v.size() != expect.features())
      throw new DataException(where, 0, "a row has " + v.size() + " features, expected " + expect.features());
    return new LabeledPoint(Labels.classOf((int) label, expect), Vectors.sparse(v.size(), indices, values));
  }
}
