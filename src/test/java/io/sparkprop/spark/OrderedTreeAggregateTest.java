package io.sparkprop.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparkprop.SparkTestSupport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.junit.jupiter.api.Test;

class OrderedTreeAggregateTest {
  private static final JavaSparkContext SC = SparkTestSupport.sparkContext();

  /**
   * String concatenation is not commutative: the result shows the order partials were combined in.
   * Straight to the driver (one job, no tree level), that is partition order; through tree levels it
   * is a fixed order too (groups by partition index), the same in every run.
   */
  @Test
  void combinesInAFixedOrderOnTheDriverAndThroughTheTree() {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 45; i++) values.add(i);
    StringBuilder expected = new StringBuilder();
    for (int v : values) expected.append(v).append(',');
    JavaRDD<Integer> rdd = SC.parallelize(values, 9);
    // 9 partitions: depth 1 combines on the driver, 2 and 3 build tree levels
    assertEquals(expected.toString(), concat(rdd, 1));
    for (int depth : new int[] {2, 3}) {
      String first = concat(rdd, depth);
      for (int run = 0; run < 3; run++) assertEquals(first, concat(rdd, depth), "depth " + depth);
      List<String> sorted = new ArrayList<>(List.of(first.split(",")));
      sorted.sort(java.util.Comparator.comparingInt(Integer::parseInt));
      assertEquals(expected.toString(), String.join(",", sorted) + ",", "depth " + depth);
    }
  }

  /**
   * Several RDDs in one job, each folded and combined as aggregate alone would: the same strings,
   * tree levels included (one RDD of 45 partitions takes two levels at depth 3), and an RDD without
   * partitions gives its zero.
   */
  @Test
  void aggregateEachCombinesEveryRddAsAggregateAloneWould() {
    List<JavaRDD<Integer>> rdds = new ArrayList<>();
    for (int partitions : new int[] {9, 1, 45, 4}) {
      List<Integer> values = new ArrayList<>();
      for (int i = 0; i < 3 * partitions; i++) values.add(100 * partitions + i);
      rdds.add(SC.parallelize(values, partitions));
    }
    rdds.add(1, SC.<Integer>emptyRDD());
    Function2<String, Integer, String> append = (acc, v) -> acc + v + ",";
    Function2<String, Integer, String> appendTwice = (acc, v) -> acc + v + v + ",";
    List<String> zeros = List.of("", "empty", "b:", "", "d:");
    List<Function2<String, Integer, String>> seqOps = List.of(append, append, appendTwice, append, append);
    for (int depth : new int[] {1, 2, 3}) {
      List<String> together = OrderedTreeAggregate.aggregateEach(rdds, zeros, seqOps, (a, b) -> a + "|" + b, depth);
      assertEquals("empty", together.get(1));
      for (int i : new int[] {0, 2, 3, 4}) {
        String alone = OrderedTreeAggregate.aggregate(rdds.get(i), zeros.get(i), seqOps.get(i), (a, b) -> a + "|" + b, depth);
        assertEquals(alone, together.get(i), "rdd " + i + ", depth " + depth);
      }
    }
  }

  private static String concat(JavaRDD<Integer> rdd, int depth) {
    return OrderedTreeAggregate.aggregate(rdd, "", (acc, v) -> acc + v + ",", (a, b) -> a + b, depth);
  }

  @Test
  void gradientSumsSurviveSerializationBitForBit() throws Exception {
    double[] g = new double[20000]; // more than one 8192-double chunk, and not a multiple of it
    for (int i = 0; i < g.length; i++) g[i] = Math.scalb(Math.sin(i), i % 60 - 30);
    g[0] = -0.0;
    g[1] = Double.MIN_VALUE;
    GradientSum sum = GradientSum.zero();
    sum.gradient = g;
    sum.loss = 0.1 + 0.2;
    sum.count = 12345678901L;
    GradientSum back = roundTrip(sum);
    assertArrayEquals(g, back.gradient);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.gradient[0]));
    assertEquals(sum.loss, back.loss);
    assertEquals(sum.count, back.count);
    assertNull(roundTrip(GradientSum.zero()).gradient);
    assertArrayEquals(new double[0], roundTrip(new PackedParameters<>(new double[0])).values());
    assertArrayEquals(g, roundTrip(new PackedParameters<>(g)).values());
    float[] f = {1.5f, -0f, Float.MIN_VALUE, 3e38f};
    assertArrayEquals(f, roundTrip(new PackedParameters<>(f)).values());
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
