package io.sparkprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

class ValidationMonitorTest {
  private static final JavaSparkContext SC = SparkTestSupport.sparkContext();

  private static BlockedData blobs(int n, long seed, int partitions, int blockSize) {
    SplittableRandom r = new SplittableRandom(seed);
    List<LabeledPoint> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 3;
      double[] x = new double[4];
      for (int j = 0; j < 4; j++) x[j] = (j == label ? 1.0 : 0.0) + r.nextGaussian();
      rows.add(new LabeledPoint(label, Vectors.dense(x)));
    }
    return BlockedData.stackInOrder(SC.parallelize(rows, partitions), 4, FeatureScaler.identity(4), blockSize, StorageLevel.MEMORY_ONLY(),
        InputStorage.DENSE);
  }

  @Test
  void aScoredEpochScoresTrainingAndValidationDataInOneJobAsEachAlone() throws Exception {
    BlockedData train = blobs(200, 1, 3, 32), validation = blobs(90, 2, 7, 20);
    NetworkSpec spec = NetworkSpec.of(4, new int[] {6}, 3, Activation.RELU);
    double[] params = new double[spec.numParameters()];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < params.length; i++) params[i] = r.nextGaussian();
    List<EpochMetrics> seen = new ArrayList<>();
    ValidationMonitor monitor = new ValidationMonitor(SC, train, validation, spec, Precision.SINGLE, 2, 0, seen::add);

    int jobs = SparkTestSupport.jobsRunBy(SC, () -> monitor.onEpochEnd(1, new TrainingState(params, null, 1, 0, 5)));
    assertEquals(1, jobs, "jobs for one scored epoch");

    Evaluation onTrain = Evaluation.of(SC, train, spec, params, 2, Precision.SINGLE);
    Evaluation onValidation = Evaluation.of(SC, validation, spec, params, 2, Precision.SINGLE);
    EpochMetrics m = seen.get(0);
    assertEquals(onTrain.meanLoss(), m.trainLoss(), 0);
    assertEquals(onTrain.accuracy(), m.trainAccuracy(), 0);
    assertEquals(onValidation.meanLoss(), m.validationLoss(), 0);
    assertEquals(onValidation.accuracy(), m.validationAccuracy(), 0);
    train.unpersist();
    validation.unpersist();
  }
}
