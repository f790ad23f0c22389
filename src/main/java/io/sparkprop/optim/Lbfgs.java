package io.sparkprop.optim;

import breeze.optimize.FirstOrderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.ToDoubleBiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limited-memory BFGS as Breeze's {@code breeze.optimize.LBFGS} (the one Spark MLlib drives)
 * iterates, one iteration (a direction from the curvature history, then a line search) per
 * {@link #iterate} call.
 *
 * <p>This class runs the loop of Breeze's {@code FirstOrderMinimizer.infiniteIterations} for LBFGS
 * (direction, step, evaluation at the new point, history update; on a Breeze failure the history
 * is dropped and x stays) and asks Breeze, through the compiled adapter {@link BreezeLbfgs}, for
 * the direction and the step length. Its whole state is plain arrays in an {@link OptimizerState}:
 * {@code x}, {@code value} (f(x), one entry), {@code grad}, the correction pairs as {@code s0, s1..}
 * and {@code y0, y1..} (newest first: s_i a step, y_i the gradient change over it) and the
 * iteration count as its steps. A run can stop after any iteration and continue bit for bit, and
 * nothing in the state depends on how Breeze lays out its own.
 *
 * <p>States written before that layout (buffers x, grad, adjusted_grad, scalars = value,
 * adjustedValue, initialAdjVal, searchFailed, s0.., y0..) restore too and continue exactly as they
 * would have: for LBFGS the adjusted gradient is the gradient, and the other scalars never reach an
 * iterate.
 */
public final class Lbfgs implements Optimizer {
  /** The objective: returns f(x) and writes its gradient into {@code gradient}. */
  @FunctionalInterface
  public interface Objective {
    double valueAndGradient(double[] x, double[] gradient);
  }

  private static final Logger LOG = LoggerFactory.getLogger(Lbfgs.class);
  private static final String NAME = "lbfgs";
  /** A correction pair's buffer: s3 or y3 (no leading zeros). */
  private static final Pattern PAIR = Pattern.compile("([sy])(0|[1-9][0-9]{0,8})");
  /** The older layout's value and flags, read for the value alone (see the class comment). */
  private static final String LEGACY_SCALARS = "scalars";
  /** Every buffer but the pairs; the older layout's adjusted_grad is read past (see the class comment). */
  private static final Set<String> OTHER_BUFFERS = Set.of("x", "value", "grad", LEGACY_SCALARS, "adjusted_grad");

  /** A point with f and its gradient there. */
  private record Point(double[] x, double value, double[] grad) {}

  private final int history;
  private final int numParameters;
  /** Where the last iteration ended; null before the first evaluation. */
  private Point point;
  /** The correction pairs, newest first, at most {@code history} of them. */
  private List<double[]> steps = List.of(), gradDeltas = List.of();
  private long iterations;

  public Lbfgs(int numParameters, int history) {
    checkHistory(history);
    this.history = history;
    this.numParameters = numParameters;
  }


  /** One L-BFGS iteration from {@code params} (moved in place); returns the objective at the new point. */
  public double iterate(double[] params, Objective objective) {
    if (params.length != numParameters) throw new IllegalArgumentException("expected " + numParameters + " parameters, got " + params.length);
    Point from;
    if (point == null) {
      from = evaluate(objective, params.clone());
    } else {
      if (!Arrays.equals(point.x(), params)) throw new IllegalArgumentException("lbfgs state does not belong to these parameters");
      from = point;
    }
    ToDoubleBiFunction<double[], double[]> f = objective::valueAndGradient;
    try {
      double[] dir = BreezeLbfgs.direction(history, steps.toArray(double[][]::new), gradDeltas.toArray(double[][]::new), from.grad());
      double alpha = BreezeLbfgs.stepSize(f, from.x(), dir, from.grad(), iterations == 0);
      // LBFGS.takeStep: dir * alpha, then + x, rounded as Breeze rounds it (javac fuses no multiply-add)
      double[] x = new double[numParameters];
      for (int i = 0; i < numParameters; i++) x[i] = dir[i] * alpha + from.x()[i];
      Point to = evaluate(objective, x);
      // LBFGS.updateHistory: prepend (x' - x, g' - g), keep the newest `history`
      double[] s = new double[numParameters], y = new double[numParameters];
      for (int i = 0; i < numParameters; i++) {
        s[i] = to.x()[i] - from.x()[i];
        y[i] = to.grad()[i] - from.grad()[i];
      }
      steps = prepend(s, steps);
      gradDeltas = prepend(y, gradDeltas);
      point = to;
      iterations++;
    } catch (FirstOrderException e) {
      // What FirstOrderMinimizer does on a failure: x stays, the history goes, the next iteration
      // starts again from steepest descent. The iteration count stays, as Breeze's does.
      LOG.warn("L-BFGS iteration {} failed ({}); its curvature history is dropped and x stays", iterations + 1, describe(e));
      point = from;
      steps = List.of();
      gradDeltas = List.of();
    }
    System.arraycopy(point.x(), 0, params, 0, numParameters);
    return point.value();
  }

  private static String describe(FirstOrderException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  /** f and its gradient at {@code x}: the objective gets a copy of x and a zeroed gradient array. */
  private Point evaluate(Objective objective, double[] x) {
    double[] gradient = new double[numParameters];
    double value = objective.valueAndGradient(x.clone(), gradient);
    return new Point(x, value, gradient);
  }

  private List<double[]> prepend(double[] newest, List<double[]> older) {
    List<double[]> out = new ArrayList<>(Math.min(history, older.size() + 1));
    out.add(newest);
    for (int i = 0; i < older.size() && out.size() < history; i++) out.add(older.get(i));
    return List.copyOf(out);
  }

  /** One iteration on {@code objective}; the learning rate is unused (the line search picks the step). */
  @Override public double step(double[] params, io.sparkprop.optim.Objective objective, double learningRate) {
    return iterate(params, (x, gradient) -> {
      io.sparkprop.optim.Objective.Value value = objective.at(x);
      System.arraycopy(value.gradient(), 0, gradient, 0, gradient.length);
      return value.loss();
    });
  }

  @Override public String name() { return NAME; }

  @Override public OptimizerState state() {
    if (point == null) return new OptimizerState(NAME, iterations, Map.of());
    Map<String, double[]> buffers = new LinkedHashMap<>();
    buffers.put("x", point.x());
    buffers.put("value", new double[] {point.value()});
    buffers.put("grad", point.grad());
    for (int i = 0; i < steps.size(); i++) buffers.put("s" + i, steps.get(i));
    for (int i = 0; i < gradDeltas.size(); i++) buffers.put("y" + i, gradDeltas.get(i));
    return new OptimizerState(NAME, iterations, buffers);
  }

  /**
   * Continues from {@code restored}, in this layout or the one before it. A history longer than
   * this optimizer's keeps its newest pairs. Anything else amiss is an IllegalArgumentException.
   */
  @Override public void restore(OptimizerState restored) {
    if (!NAME.equals(restored.optimizer()))
      throw new IllegalArgumentException("cannot restore " + restored.optimizer() + " state into " + NAME);
    if (restored.steps() < 0) throw new IllegalArgumentException("lbfgs state has a negative iteration count, " + restored.steps());
    Map<String, double[]> buffers = restored.buffers();
    if (buffers.isEmpty()) {
      if (restored.steps() != 0)
        throw new IllegalArgumentException("lbfgs state has no buffers (no point) but " + restored.steps() + " iterations");
      point = null;
      steps = gradDeltas = List.of();
      iterations = 0;
      return;
    }
    SortedSet<Integer> sIndices = new TreeSet<>(), yIndices = new TreeSet<>();
    for (String name : buffers.keySet()) {
      Matcher m = PAIR.matcher(name);
      if (m.matches()) (m.group(1).equals("s") ? sIndices : yIndices).add(Integer.valueOf(m.group(2)));
      else if (!OTHER_BUFFERS.contains(name)) throw new IllegalArgumentException("lbfgs state has an unknown buffer '" + name + "'");
    }
    int pairs = sIndices.size();
    if (!sIndices.equals(yIndices) || (pairs > 0 && sIndices.last() != pairs - 1))
      throw new IllegalArgumentException("lbfgs state's correction pairs are not s0, y0 .. s" + (pairs - 1) + ", y" + (pairs - 1)
          + " but s" + sIndices + ", y" + yIndices);
    List<double[]> s = new ArrayList<>(), y = new ArrayList<>();
    for (int i = 0; i < Math.min(pairs, history); i++) {
      s.add(Optimizers.checkedBuffer(restored, "s" + i, numParameters));
      y.add(Optimizers.checkedBuffer(restored, "y" + i, numParameters));
    }
    double value;
    if (buffers.containsKey("value")) {
      double[] v = restored.buffer("value");
      if (v.length != 1) throw new IllegalArgumentException("lbfgs buffer 'value' has " + v.length + " entries, expected 1");
      value = v[0];
    } else if (buffers.containsKey(LEGACY_SCALARS)) {
      double[] scalars = restored.buffer(LEGACY_SCALARS);
      if (scalars.length != 4) throw new IllegalArgumentException("lbfgs buffer 'scalars' has " + scalars.length + " entries, expected 4");
      value = scalars[0];
    } else {
      throw new IllegalArgumentException("lbfgs state has no buffer 'value' (nor the older 'scalars')");
    }
    point = new Point(Optimizers.checkedBuffer(restored, "x", numParameters), value, Optimizers.checkedBuffer(restored, "grad", numParameters));
    steps = List.copyOf(s);
    gradDeltas = List.copyOf(y);
    iterations = restored.steps();
  }

  /** Iterations taken so far. */
  public long iterations() { return iterations; }

  static void checkHistory(int history) {
    if (history < 1) throw new IllegalArgumentException("lbfgs history must be at least 1, got " + history);
  }
}
