package io.sparkprop.optim;

import breeze.linalg.DenseVector;
import breeze.math.MutableInnerProductModule;
import breeze.optimize.DiffFunction;
import breeze.optimize.FirstOrderMinimizer;
import breeze.optimize.LBFGS;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import scala.Option;
import scala.Tuple2;
import scala.collection.immutable.IndexedSeq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/**
 * Limited-memory BFGS through Breeze's {@code breeze.optimize.LBFGS}, as Spark MLlib drives it, one
 * iteration (a direction from the curvature history, then a line search) per {@link #iterate} call.
 * Its whole state (point, value, gradient, correction pairs, iteration count) is an
 * {@link OptimizerState}, so a run can stop after any iteration and continue bit for bit.
 */
public final class Lbfgs implements Optimizer {
  /** The objective: returns f(x) and writes its gradient into {@code gradient}. */
  @FunctionalInterface
  public interface Objective {
    double valueAndGradient(double[] x, double[] gradient);
  }

  private static final String NAME = "lbfgs";

  private static final MutableInnerProductModule<DenseVector<Object>, Object> SPACE =
      DenseVector.space_Double();

  private final int history;
  private final int numParameters;
  private OptimizerState state;

  public Lbfgs(int numParameters, int history) {
    if (history < 1) throw new IllegalArgumentException("lbfgs history must be at least 1, got " + history);
    this.history = history;
    this.numParameters = numParameters;
    this.state = initialState();
  }

  /** A state that makes the next {@link #iterate} start from the parameters it is given. */
  public static OptimizerState initialState() { return new OptimizerState(NAME, 0, Map.of()); }

  /** One L-BFGS iteration from {@code params} (moved in place); returns the objective at the new point. */
  public double iterate(double[] params, Objective objective) {
    if (params.length != numParameters) throw new IllegalArgumentException("expected " + numParameters + " parameters, got " + params.length);
    DiffFunction<DenseVector<Object>> f = diffFunction(objective);
    LBFGS<DenseVector<Object>> lbfgs = new LBFGS<>(new NeverConverged(), history, SPACE);
    FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> from;
    if (state.steps() == 0 && state.buffers().isEmpty()) {
      // Breeze evaluates f at the start point and stores it; its first iterator element is that point.
      from = lbfgs.infiniteIterations(f, lbfgs.initialState(f, new DenseVector<>(params.clone()))).next();
    } else {
      if (!state.buffers().containsKey("x") || !java.util.Arrays.equals(state.buffer("x"), params))
        throw new IllegalArgumentException("lbfgs state does not belong to these parameters");
      from = toBreeze(state);
    }
    FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> next =
        lbfgs.infiniteIterations(f, from).drop(1).next();
    state = fromBreeze(next);
    System.arraycopy(values(next.x()), 0, params, 0, numParameters);
    return next.value();
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

  @Override public OptimizerState state() { return state; }

  /** Breeze's DiffFunction around {@code objective}. */
  private DiffFunction<DenseVector<Object>> diffFunction(Objective objective) {
    return BreezeDiffFunction.of(x -> {
      double[] g = new double[numParameters];
      double value = objective.valueAndGradient(values(x), g);
      return new Tuple2<>(value, new DenseVector<>(g));
    });
  }

  @Override public void restore(OptimizerState restored) {
    if (!NAME.equals(restored.optimizer()))
      throw new IllegalArgumentException("cannot restore " + restored.optimizer() + " state into " + NAME);
    if (!restored.buffers().isEmpty()) Optimizers.checkedBuffer(restored, "x", numParameters);
    this.state = restored;
  }

  /** Iterations taken so far. */
  public long iterations() { return state.steps(); }

  private OptimizerState fromBreeze(FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> s) {
    Map<String, double[]> buffers = new LinkedHashMap<>();
    buffers.put("x", values(s.x()));
    buffers.put("grad", values(s.grad()));
    buffers.put("adjusted_grad", values(s.adjustedGradient()));
    buffers.put("scalars", new double[] {s.value(), s.adjustedValue(), s.initialAdjVal(), s.searchFailed() ? 1 : 0});
    // Scala's History type member erases to Object; for LBFGS it is an ApproximateInverseHessian.
    @SuppressWarnings("unchecked")
    LBFGS.ApproximateInverseHessian<DenseVector<Object>> h = (LBFGS.ApproximateInverseHessian<DenseVector<Object>>) s.history();
    List<DenseVector<Object>> steps = CollectionConverters.asJava(h.memStep());
    List<DenseVector<Object>> gradDeltas = CollectionConverters.asJava(h.memGradDelta());
    for (int i = 0; i < steps.size(); i++) buffers.put("s" + i, values(steps.get(i)));
    for (int i = 0; i < gradDeltas.size(); i++) buffers.put("y" + i, values(gradDeltas.get(i)));
    return new OptimizerState(NAME, s.iter(), buffers);
  }

  private FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> toBreeze(OptimizerState s) {
    double[] scalars = s.buffer("scalars");
    List<DenseVector<Object>> steps = new ArrayList<>(), gradDeltas = new ArrayList<>();
    for (int i = 0; s.buffers().containsKey("s" + i); i++) steps.add(vector(s, "s" + i));
    for (int i = 0; s.buffers().containsKey("y" + i); i++) gradDeltas.add(vector(s, "y" + i));
    LBFGS.ApproximateInverseHessian<DenseVector<Object>> hessian =
        new LBFGS.ApproximateInverseHessian<>(history, indexed(steps), indexed(gradDeltas), SPACE);
    return new FirstOrderMinimizer.State<>(vector(s, "x"), scalars[0], vector(s, "grad"), scalars[1], vector(s, "adjusted_grad"),
        (int) s.steps(), scalars[2], hessian, BoxedUnit.UNIT, scalars[3] != 0, Option.empty());
  }

  private DenseVector<Object> vector(OptimizerState s, String name) {
    return new DenseVector<>(Optimizers.checkedBuffer(s, name, numParameters));
  }

  private static IndexedSeq<DenseVector<Object>> indexed(List<DenseVector<Object>> list) {
    return CollectionConverters.asScala(list).toIndexedSeq();
  }

  private static double[] values(DenseVector<Object> v) {
    double[] out = new double[v.length()];
    for (int i = 0; i < out.length; i++) out[i] = v.apply$mcD$sp(i);
    return out;
  }

  /** We decide when to stop (epochs, early stopping), so Breeze's own check never fires. */
  private static final class NeverConverged implements FirstOrderMinimizer.ConvergenceCheck<DenseVector<Object>> {
    @Override public Object initialInfo() { return BoxedUnit.UNIT; }
    @Override public Option<FirstOrderMinimizer.ConvergenceReason> apply(FirstOrderMinimizer.State<DenseVector<Object>, ?, ?> s, Object info) {
      return Option.empty();
    }
    @Override public Object update(DenseVector<Object> x, DenseVector<Object> grad, double value,
        FirstOrderMinimizer.State<DenseVector<Object>, ?, ?> s, Object info) {
      return BoxedUnit.UNIT;
    }
  }
}
