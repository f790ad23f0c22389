package io.sparkprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A state saved (serialized) and restored into a fresh optimizer makes exactly the step the original makes. */
class OptimizerRestoreTest {
  private static final int N = 6;
  /** The N parameters as a layer-wise rule sees them: a 2 x 2 weight matrix, then 2 biases. */
  private static final ParameterLayout LAYER = new ParameterLayout(java.util.List.of(
      new ParameterLayout.Tensor(0, 4, false), new ParameterLayout.Tensor(4, 2, true)));

  /** An ill-conditioned convex quadratic with a cross term, so momentum and curvature matter. */
  private static double quadratic(double[] x, double[] gradient) {
    double f = 0;
    for (int i = 0; i < N; i++) {
      double scale = 1 + 10 * i;
      double cross = i + 1 < N ? 0.5 * x[i] * x[i + 1] : 0;
      f += 0.5 * scale * (x[i] - i) * (x[i] - i) + cross;
      gradient[i] = scale * (x[i] - i) + (i + 1 < N ? 0.5 * x[i + 1] : 0) + (i > 0 ? 0.5 * x[i - 1] : 0);
    }
    return f;
  }

  private static double[] start() { return new double[] {3, -2, 1, 0.5, -1, 2}; }

  private static OptimizerState saveAndLoad(OptimizerState state) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) { out.writeObject(state); }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (OptimizerState) in.readObject();
    }
  }

  private static void assertRestoredStepIsIdentical(Supplier<GradientStep> fresh, double lr) throws Exception {
    GradientStep original = fresh.get();
    double[] x = start(), g = new double[N];
    for (int i = 0; i < 7; i++) {
      quadratic(x, g);
      original.update(x, g, lr);
    }
    GradientStep restored = fresh.get();
    restored.restore(saveAndLoad(original.state()));
    double[] y = x.clone();
    quadratic(x, g);
    original.update(x, g, lr);
    restored.update(y, g.clone(), lr);
    assertArrayEquals(x, y, "the restored optimizer's step differs");
    assertEquals(original.state().steps(), restored.state().steps());
  }

  @Test
  void adamResumesBitForBit() throws Exception {
    assertRestoredStepIsIdentical(() -> new Adam(N, 0.9, 0.999, 1e-8, ParameterDecay.NONE), 0.05);
  }

  @Test
  void lambResumesBitForBit() throws Exception {
    assertRestoredStepIsIdentical(() -> new Lamb(LAYER, 0.9, 0.999, 1e-6, 0.01), 0.05);
  }

  @Test
  void larsResumesBitForBit() throws Exception {
    assertRestoredStepIsIdentical(() -> new Lars(LAYER, 0.9, 0.01, 0.001), 0.5);
  }

  @Test
  void nesterovSgdResumesBitForBit() throws Exception {
    assertRestoredStepIsIdentical(() -> new Sgd(N, 0.9, true, ParameterDecay.NONE), 0.01);
  }

  @Test
  void heavyBallSgdResumesBitForBit() throws Exception {
    assertRestoredStepIsIdentical(() -> new Sgd(N, 0.9, false, ParameterDecay.NONE), 0.01);
  }

  @Test
  void nesterovDiffersFromHeavyBall() {
    double[] a = start(), b = start(), g = new double[N];
    Sgd heavy = new Sgd(N, 0.9, false, ParameterDecay.NONE), nesterov = new Sgd(N, 0.9, true, ParameterDecay.NONE);
    for (int i = 0; i < 3; i++) {
      quadratic(a, g);
      heavy.update(a, g, 0.01);
      quadratic(b, g);
      nesterov.update(b, g, 0.01);
    }
    assertThrows(AssertionError.class, () -> assertArrayEquals(a, b));
  }

  @Test
  void lbfgsResumesBitForBitWithItsHistory() throws Exception {
    Lbfgs original = new Lbfgs(N, 4);
    double[] x = start();
    for (int i = 0; i < 6; i++) original.iterate(x, OptimizerRestoreTest::quadratic);
    OptimizerState saved = saveAndLoad(original.state());
    assertEquals(4, saved.buffers().keySet().stream().filter(k -> k.matches("s\\d+")).count(), "history of 4 correction pairs");
    Lbfgs restored = new Lbfgs(N, 4);
    restored.restore(saved);
    double[] y = x.clone();
    double fx = original.iterate(x, OptimizerRestoreTest::quadratic);
    double fy = restored.iterate(y, OptimizerRestoreTest::quadratic);
    assertArrayEquals(x, y, "the restored L-BFGS iteration differs");
    assertEquals(fx, fy);
    assertEquals(7, restored.iterations());
  }

  @Test
  void lbfgsMinimisesTheQuadratic() {
    Lbfgs lbfgs = new Lbfgs(N, 5);
    double[] x = start();
    double first = lbfgs.iterate(x, OptimizerRestoreTest::quadratic);
    double last = first;
    for (int i = 0; i < 30; i++) last = lbfgs.iterate(x, OptimizerRestoreTest::quadratic);
    double[] g = new double[N];
    quadratic(x, g);
    double norm = 0;
    for (double v : g) norm += v * v;
    assertEquals(0, Math.sqrt(norm), 1e-6, "gradient at the L-BFGS point");
    assertEquals(true, last < first);
  }

  @Test
  void stateOfAnotherOptimizerIsRejected() {
    Adam adam = new Adam(N, 0.9, 0.999, 1e-8, ParameterDecay.NONE);
    assertThrows(IllegalArgumentException.class, () -> new Sgd(N, 0.9, true, ParameterDecay.NONE).restore(adam.state()));
    assertThrows(IllegalArgumentException.class, () -> new Lbfgs(N, 3).restore(adam.state()));
    // the same buffers (m, v; velocity) under another rule's name
    assertThrows(IllegalArgumentException.class, () -> new Lamb(LAYER, 0.9, 0.999, 1e-6, 0).restore(adam.state()));
    assertThrows(IllegalArgumentException.class, () -> new Lars(LAYER, 0.9, 0.01, 0).restore(new Sgd(N, 0.9, false, ParameterDecay.NONE).state()));
  }

  @Test
  void layerwiseStateForAnotherNumberOfParametersIsRejected() {
    ParameterLayout wider = new ParameterLayout(java.util.List.of(new ParameterLayout.Tensor(0, 6, false), new ParameterLayout.Tensor(6, 2, true)));
    IllegalArgumentException lamb = assertThrows(IllegalArgumentException.class,
        () -> new Lamb(wider, 0.9, 0.999, 1e-6, 0).restore(new Lamb(LAYER, 0.9, 0.999, 1e-6, 0).state()));
    assertEquals("lamb buffer 'm' has 6 entries, expected 8", lamb.getMessage());
    IllegalArgumentException lars = assertThrows(IllegalArgumentException.class,
        () -> new Lars(wider, 0.9, 0.01, 0).restore(new Lars(LAYER, 0.9, 0.01, 0).state()));
    assertEquals("lars buffer 'velocity' has 6 entries, expected 8", lars.getMessage());
  }
}
