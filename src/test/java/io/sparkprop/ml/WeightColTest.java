package io.sparkprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.data.DataException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The estimator's weightCol (Spark's HasWeightCol convention) and classWeights, as the command line's options. */
class WeightColTest {
  private static final StructType SCHEMA = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType())
      .add("w", DataTypes.DoubleType);

  /** 30 rows of class 0, 10 of class 1; class 1 rows weigh {@code heavy}, or appear {@code copies} times at weight 1. */
  private static Dataset<Row> table(double heavy, int copies) {
    SplittableRandom random = new SplittableRandom(9);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double label = i % 4 == 0 ? 1 : 0;
      Row row = RowFactory.create(label, Vectors.dense(label + random.nextGaussian(), random.nextGaussian()), label == 1 ? heavy : 1.0);
      for (int c = 0; c < (label == 1 ? copies : 1); c++) rows.add(row);
    }
    return SpiralTables.spark().createDataFrame(rows, SCHEMA).repartition(1);
  }

  private static NeuralNetClassifier fullBatchDouble() {
    return new NeuralNetClassifier().setHiddenLayers(4).setOptimizer("sgd").setLearningRate(0.5).setBatchSize(0).setMaxIter(10)
        .setPrecision("double").setScaling("none").setSeed(3);
  }

  private static double[] fit(NeuralNetClassifier classifier, Dataset<Row> data) {
    return classifier.fit(data).trainedModel().parameters();
  }

  /** As the command line's test of the same: summation order alone differs, so 1e-9 relative (see cli.SampleWeightsTest). */
  @Test
  void weightColOfThreeTrainsAsThreeCopies() {
    double[] copies = fit(fullBatchDouble(), table(1, 3));
    double[] weighted = fit(fullBatchDouble().setWeightCol("w"), table(3, 1));
    double[] byClass = fit(fullBatchDouble().setClassWeights("1,3"), table(1, 1));
    double largest = 0;
    for (double p : copies) largest = Math.max(largest, Math.abs(p));
    for (int i = 0; i < copies.length; i++) {
      assertEquals(copies[i], weighted[i], 1e-9 * largest);
      assertEquals(copies[i], byClass[i], 1e-9 * largest);
    }
  }

  @Test
  void aNegativeWeightIsRefusedNamingTheColumn() {
    Exception e = assertThrows(DataException.class, () -> fit(fullBatchDouble().setWeightCol("w"), table(-2, 1)));
    assertTrue(e.getMessage().contains("weight column 'w': weight -2.0 is not allowed"), e.getMessage());
  }

  @Test
  void classWeightsParamRefusesWhatTheCommandLineRefuses() {
    assertThrows(IllegalArgumentException.class, () -> new NeuralNetClassifier().setClassWeights("1,-3"));
    assertEquals("balanced", new NeuralNetClassifier().setClassWeights("balanced").getClassWeights());
  }
}
