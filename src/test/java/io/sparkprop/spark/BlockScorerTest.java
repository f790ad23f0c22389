package io.sparkprop.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.Block;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.Test;

/** Block scoring without Spark: rows read a block at a time, each scored as a one-row block would be. */
class BlockScorerTest {
  private static final NetworkSpec SPEC = NetworkSpec.of(6, new int[] {5}, 3, Activation.RELU);

  private static double[] parameters() {
    SplittableRandom random = new SplittableRandom(3);
    double[] p = new double[SPEC.numParameters()];
    for (int i = 0; i < p.length; i++) p[i] = random.nextGaussian();
    return p;
  }

  private static List<Vector> rows(int n) {
    SplittableRandom random = new SplittableRandom(5);
    List<Vector> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[SPEC.inputs()];
      for (int j = 0; j < x.length; j++) x[j] = random.nextInt(3) == 0 ? 0 : random.nextGaussian();
      rows.add(i % 2 == 0 ? Vectors.dense(x) : Vectors.dense(x).toSparse());
    }
    return rows;
  }

  @Test
  void streamHoldsAtMostOneBlockOfRowsAhead() {
    BlockScorer scorer = new BlockScorer(SPEC, FeatureScaler.identity(SPEC.inputs()), 4, InputStorage.DENSE, Precision.DOUBLE);
    int[] read = {0};
    Iterator<Vector> source = rows(10).iterator();
    Iterator<Vector> counted = new Iterator<>() {
      @Override public boolean hasNext() { return source.hasNext(); }
      @Override public Vector next() { read[0]++; return source.next(); }
    };
    Iterator<Integer> out = scorer.stream(parameters(), counted, v -> v, (v, p, offset) -> offset);
    List<Integer> offsets = new ArrayList<>();
    int[] readWhenEmitted = new int[10];
    for (int i = 0; out.hasNext(); i++) {
      offsets.add(out.next());
      readWhenEmitted[i] = read[0];
    }
    assertArrayEquals(new int[] {4, 4, 4, 4, 8, 8, 8, 8, 10, 10}, readWhenEmitted);
    assertEquals(List.of(0, 3, 6, 9, 0, 3, 6, 9, 0, 3), offsets, "row i of a block reads its probabilities at i * classes");
  }

  @Test
  void anEmptyPartitionScoresNothing() {
    BlockScorer scorer = new BlockScorer(SPEC, FeatureScaler.identity(SPEC.inputs()), 4, InputStorage.DENSE, Precision.DOUBLE);
    assertFalse(scorer.stream(parameters(), Collections.<Vector>emptyIterator(), v -> v, (v, p, o) -> o).hasNext());
  }

  @Test
  void eachRowOfABlockScoresAsAOneRowBlock() {
    double[] params = parameters();
    Network<double[]> one = Precision.DOUBLE.network(SPEC, 1);
    for (InputStorage storage : InputStorage.values()) {
      BlockScorer scorer = new BlockScorer(SPEC, FeatureScaler.identity(SPEC.inputs()), 7, storage, Precision.DOUBLE);
      List<Vector> rows = rows(7);
      double[] p = scorer.probabilities(params, rows).clone();
      for (int i = 0; i < rows.size(); i++) {
        float[] x = new float[SPEC.inputs()];
        for (int j = 0; j < x.length; j++) x[j] = (float) rows.get(i).apply(j);
        double[] expected = one.probabilities(params, new Block(SPEC.inputs(), 1, x, new int[1]));
        for (int k = 0; k < SPEC.classes(); k++) assertEquals(expected[k], p[i * SPEC.classes() + k], 1e-14, storage + " row " + i);
      }
    }
  }

  @Test
  void inFloatEachRowScoresAsInDoubleWithinFloatRounding() {
    double[] params = parameters();
    for (InputStorage storage : InputStorage.values()) {
      List<Vector> rows = rows(7);
      double[] exact = new BlockScorer(SPEC, FeatureScaler.identity(SPEC.inputs()), 7, storage, Precision.DOUBLE).probabilities(params, rows).clone();
      double[] single = new BlockScorer(SPEC, FeatureScaler.identity(SPEC.inputs()), 7, storage, Precision.SINGLE).probabilities(params, rows);
      double worst = 0;
      for (int i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(exact[i] - single[i]));
      assertTrue(worst < 1e-5, storage + ": " + worst);
      assertTrue(worst > 0, storage + ": float scoring should round somewhere");
    }
  }

  @Test
  void wideDenseInputGetsFewerRowsPerBlock() {
    NetworkSpec wide = NetworkSpec.of(1 << 20, new int[] {2}, 2, Activation.RELU);
    assertEquals(4, new BlockScorer(wide, FeatureScaler.identity(1 << 20), 480, InputStorage.DENSE, Precision.DOUBLE).capacity());
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    BlockScorer scorer = new BlockScorer(SPEC, FeatureScaler.identity(SPEC.inputs()), 4, InputStorage.DENSE, Precision.DOUBLE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scorer.probabilities(parameters(), List.of(Vectors.zeros(5))));
    assertEquals("features have 5 values, the model expects 6", e.getMessage());
  }
}
