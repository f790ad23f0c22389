package io.sparkprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Lbfgs iterates as it did when it drove Breeze through a rebuilt {@code FirstOrderMinimizer.State}
 * and a run-time generated DiffFunction (lbfgs-reference.txt, written by that code at bd61ce1): on
 * every {@link LbfgsProblems} problem, call by call, the same iteration count and number of
 * objective evaluations, and x and f(x) within 1e-12 relative. A state saved after any iteration
 * and restored into a fresh Lbfgs continues bit for bit; a state in the layout of that code
 * resumes to the same iterates; a malformed state is refused with a one-line
 * IllegalArgumentException.
 */
class LbfgsIteratesTest {
  private static final double TOLERANCE = 1e-12;
  private static final Map<String, LbfgsReference.Run> REFERENCE = LbfgsReference.load();

  /** An objective that counts its evaluations. */
  private static final class Counted implements Lbfgs.Objective {
    final Lbfgs.Objective objective;
    int evaluations;

    Counted(Lbfgs.Objective objective) { this.objective = objective; }

    @Override public double valueAndGradient(double[] x, double[] gradient) {
      evaluations++;
      return objective.valueAndGradient(x, gradient);
    }
  }

  /** max |a - b| over max |b|: relative to the vector's scale, so entries near 0 do not blow it up. */
  private static double relativeDifference(double[] a, double[] b) {
    double diff = 0, scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff == 0 ? 0 : diff / scale;
  }

  /** Iterates from {@code x} with {@code lbfgs}, checking calls {@code from}.. of the reference run. */
  private static void assertFollowsReference(LbfgsReference.Run run, Lbfgs lbfgs, double[] x, int from) {
    LbfgsProblems.Problem problem = LbfgsProblems.byName(run.problem());
    for (int call = from; call < run.calls().size(); call++) {
      LbfgsReference.Call expected = run.calls().get(call);
      Counted objective = new Counted(problem.objective());
      double value = lbfgs.iterate(x, objective);
      String where = run.problem() + " call " + (call + 1);
      assertEquals(expected.steps(), lbfgs.iterations(), where + ": iterations");
      assertEquals(expected.evaluations(), objective.evaluations, where + ": objective evaluations");
      assertTrue(relativeDifference(x, expected.x()) <= TOLERANCE, where + ": x differs by " + relativeDifference(x, expected.x()));
      assertTrue(relativeDifference(new double[] {value}, new double[] {expected.value()}) <= TOLERANCE, where + ": f(x) " + value + " vs " + expected.value());
    }
  }

  private static OptimizerState saveAndLoad(OptimizerState state) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) { out.writeObject(state); }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (OptimizerState) in.readObject();
    }
  }

  @Test
  void iteratesAsTheBreezeStateImplementationDid() {
    // covers convergence to the exact optimum, a step-size underflow (rosenbrock call 40), a history
    // of 3 wrapping (quadratic) and a line search failing every call (wrong-gradient)
    assertEquals(List.of("rosenbrock", "quadratic", "softmax", "wrong-gradient"), List.copyOf(REFERENCE.keySet()));
    for (LbfgsReference.Run run : REFERENCE.values()) {
      LbfgsProblems.Problem problem = LbfgsProblems.byName(run.problem());
      assertEquals(problem.history(), run.history());
      assertFollowsReference(run, new Lbfgs(problem.n(), problem.history()), problem.start().clone(), 0);
    }
  }

  @Test
  void savedAfterAnyIterationContinuesBitForBit() throws Exception {
    for (LbfgsProblems.Problem problem : LbfgsProblems.all()) {
      Lbfgs uninterrupted = new Lbfgs(problem.n(), problem.history());
      double[] end = problem.start().clone();
      double endValue = 0;
      for (int i = 0; i < problem.iterations(); i++) endValue = uninterrupted.iterate(end, problem.objective());
      for (int stop = 1; stop < problem.iterations(); stop++) {
        Lbfgs first = new Lbfgs(problem.n(), problem.history());
        double[] x = problem.start().clone();
        for (int i = 0; i < stop; i++) first.iterate(x, problem.objective());
        Lbfgs resumed = new Lbfgs(problem.n(), problem.history());
        resumed.restore(saveAndLoad(first.state()));
        double value = 0;
        for (int i = stop; i < problem.iterations(); i++) value = resumed.iterate(x, problem.objective());
        String where = problem.name() + " stopped after " + stop;
        assertArrayEquals(end, x, where);
        assertEquals(endValue, value, 0, where);
        assertEquals(uninterrupted.iterations(), resumed.iterations(), where);
      }
    }
  }

  @Test
  void stateWrittenBeforeTheAdapterResumesToTheSameIterates() {
    for (LbfgsReference.Run run : REFERENCE.values()) {
      LbfgsProblems.Problem problem = LbfgsProblems.byName(run.problem());
      OptimizerState legacy = run.saved().state();
      assertTrue(legacy.buffers().containsKey("scalars") && legacy.buffers().containsKey("adjusted_grad"), "the old layout");
      Lbfgs lbfgs = new Lbfgs(problem.n(), problem.history());
      lbfgs.restore(legacy);
      assertEquals(legacy.steps(), lbfgs.iterations());
      assertFollowsReference(run, lbfgs, legacy.buffer("x"), run.saved().calls());
    }
  }

  @Test
  void stateIsPointValueGradientAndPairsAsPlainArrays() {
    for (LbfgsReference.Run run : REFERENCE.values()) {
      LbfgsProblems.Problem problem = LbfgsProblems.byName(run.problem());
      Lbfgs lbfgs = new Lbfgs(problem.n(), problem.history());
      double[] x = problem.start().clone();
      for (int i = 0; i < run.saved().calls(); i++) lbfgs.iterate(x, problem.objective());
      OptimizerState legacy = run.saved().state(), state = lbfgs.state();
      int pairs = (int) legacy.buffers().keySet().stream().filter(k -> k.matches("s\\d+")).count();
      List<String> names = new java.util.ArrayList<>(List.of("x", "value", "grad"));
      for (int i = 0; i < pairs; i++) names.add("s" + i);
      for (int i = 0; i < pairs; i++) names.add("y" + i);
      assertEquals(names, List.copyOf(state.buffers().keySet()), run.problem());
      assertEquals(legacy.steps(), state.steps());
      assertArrayEquals(new double[] {legacy.buffer("scalars")[0]}, state.buffer("value"));
      for (String name : names)
        if (!name.equals("value")) assertArrayEquals(legacy.buffer(name), state.buffer(name), run.problem() + " " + name);
    }
  }

  @Test
  void failedLineSearchKeepsXAndTheCountAndDropsTheHistory() {
    LbfgsProblems.Problem rosenbrock = LbfgsProblems.rosenbrock();
    Lbfgs lbfgs = new Lbfgs(rosenbrock.n(), rosenbrock.history());
    double[] x = rosenbrock.start().clone();
    for (int i = 0; i < 39; i++) lbfgs.iterate(x, rosenbrock.objective());
    assertTrue(lbfgs.state().buffers().containsKey("s0"));
    double[] before = x.clone();
    // at the exact optimum the step underflows: Breeze's failure path
    lbfgs.iterate(x, rosenbrock.objective());
    assertArrayEquals(before, x);
    assertEquals(39, lbfgs.iterations());
    assertFalse(lbfgs.state().buffers().containsKey("s0"), "no correction pairs after a failure");
  }

  @Test
  void historyLongerThanTheOptimizersKeepsItsNewestPairs() {
    LbfgsReference.Run run = REFERENCE.get("softmax");
    LbfgsProblems.Problem problem = LbfgsProblems.softmax();
    OptimizerState five = run.saved().state();
    Map<String, double[]> newestTwo = new LinkedHashMap<>(five.buffers());
    newestTwo.keySet().removeIf(k -> k.matches("[sy][234]"));
    Lbfgs fromFive = new Lbfgs(problem.n(), 2), fromTwo = new Lbfgs(problem.n(), 2);
    fromFive.restore(five);
    fromTwo.restore(new OptimizerState("lbfgs", five.steps(), newestTwo));
    assertEquals(fromTwo.state().buffers().keySet(), fromFive.state().buffers().keySet());
    double[] a = five.buffer("x"), b = five.buffer("x");
    for (int i = 0; i < 5; i++) {
      fromFive.iterate(a, problem.objective());
      fromTwo.iterate(b, problem.objective());
    }
    assertArrayEquals(b, a);
  }

  @Test
  void malformedStateIsRefusedInOneLine() {
    int n = 4;
    double[] v = new double[n];
    Map<String, double[]> good = new LinkedHashMap<>(Map.of("x", v, "value", new double[1], "grad", v, "s0", v, "y0", v));
    Map<String, Consumer<Map<String, double[]>>> damage = new LinkedHashMap<>();
    damage.put("a step without its gradient change", b -> b.remove("y0"));
    damage.put("a gap in the pairs", b -> { b.put("s2", v); b.put("y2", v); });
    damage.put("an unknown buffer", b -> b.put("momentum", v));
    damage.put("a gradient of the wrong length", b -> b.put("grad", new double[n + 1]));
    damage.put("no point", b -> b.remove("x"));
    damage.put("no value", b -> b.remove("value"));
    damage.put("old scalars of the wrong length", b -> { b.remove("value"); b.put("scalars", new double[2]); });
    for (var e : damage.entrySet()) {
      Map<String, double[]> buffers = new LinkedHashMap<>(good);
      e.getValue().accept(buffers);
      OptimizerState bad = new OptimizerState("lbfgs", 3, buffers);
      IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> new Lbfgs(n, 3).restore(bad), e.getKey());
      assertTrue(thrown.getMessage().startsWith("lbfgs") && !thrown.getMessage().contains("\n"), e.getKey() + ": " + thrown.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new Lbfgs(n, 3).restore(new OptimizerState("lbfgs", 3, Map.of())), "iterations without a point");
    new Lbfgs(n, 3).restore(new OptimizerState("lbfgs", 3, good));
  }

  @Test
  void restoredStateBelongsToItsOwnParameters() {
    LbfgsProblems.Problem problem = LbfgsProblems.quadratic();
    Lbfgs lbfgs = new Lbfgs(problem.n(), problem.history());
    lbfgs.restore(REFERENCE.get("quadratic").saved().state());
    double[] elsewhere = problem.start().clone();
    assertThrows(IllegalArgumentException.class, () -> lbfgs.iterate(elsewhere, problem.objective()));
  }
}
