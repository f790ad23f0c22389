package io.sparkprop.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class ShippedParametersTest {
  private static final JavaSparkContext SC = SparkTestSupport.sparkContext();

  private static float[] counting(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) values[i] = i % 7;
    return values;
  }

  /** What each of two tasks reads: the sum of the values it was shipped. */
  private static List<Double> sumsSeenByTasks(ShippedParameters<float[]> shipped) {
    return SC.parallelize(List.of(0, 1), 2).map(i -> {
      double sum = 0;
      for (float v : shipped.values()) sum += v;
      return sum;
    }).collect();
  }

  private static double sum(float[] values) {
    double sum = 0;
    for (float v : values) sum += v;
    return sum;
  }

  @Test
  void smallPayloadsTravelInTheTaskAndArriveWhole() {
    float[] values = counting(1000);
    ShippedParameters<float[]> shipped = ShippedParameters.of(SC, new PackedParameters<>(values));
    assertTrue(shipped.inTask());
    assertEquals(List.of(sum(values), sum(values)), sumsSeenByTasks(shipped));
    shipped.release();
  }

  @Test
  void payloadsPastTheBoundGoAsABroadcastAndArriveWhole() {
    float[] values = counting((int) (ShippedParameters.IN_TASK_BYTES_AT_MOST / 4) + 1);
    ShippedParameters<float[]> shipped = ShippedParameters.of(SC, new PackedParameters<>(values));
    assertFalse(shipped.inTask());
    assertEquals(List.of(sum(values), sum(values)), sumsSeenByTasks(shipped));
    shipped.release();
  }
}
