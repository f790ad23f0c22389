package io.sparkprop.optim

import breeze.linalg.DenseVector
import breeze.optimize.DiffFunction
import java.util.function.ToDoubleBiFunction

/**
 * Breeze's `DiffFunction` around a Java objective `(x, gradient) -> f(x)` that writes the gradient
 * at x into `gradient`. Each evaluation gets its own copy of x and a fresh, zeroed gradient array.
 *
 * A Scala source because javac cannot implement the trait: it declares both Function1's
 * `Object apply(T)` and its own `double apply(T)`, which only scalac's bridge methods reconcile.
 */
private[optim] final class JavaDiffFunction(objective: ToDoubleBiFunction[Array[Double], Array[Double]])
    extends DiffFunction[DenseVector[Double]] {

  override def calculate(x: DenseVector[Double]): (Double, DenseVector[Double]) = {
    val gradient = new Array[Double](x.length)
    val value = objective.applyAsDouble(x.toArray, gradient)
    (value, new DenseVector(gradient))
  }
}
