package io.sparkprop.optim

import breeze.linalg.{DenseVector, norm}
import breeze.math.MutableInnerProductModule
import breeze.optimize.{DiffFunction, LBFGS, LineSearch, StepSizeUnderflow, StrongWolfeLineSearch}
import java.util.function.ToDoubleBiFunction

/**
 * The two numerical pieces of one `breeze.optimize.LBFGS` iteration, on plain arrays, for
 * [[Lbfgs]] (which owns the loop and the state): the search direction from the correction pairs and
 * the step length from the line search. Both are Breeze's own public classes, called as LBFGS calls
 * them, so the iterates are Breeze's to the bit; no Breeze state object is built or taken apart.
 *
 * Any Breeze exception they throw is a `breeze.optimize.FirstOrderException` (a failed line
 * search, a step that underflows, a NaN in the history), which the loop treats as Breeze's does.
 */
private[optim] object BreezeLbfgs {
  /** The vector space LBFGS is given for `DenseVector[Double]` (dot products, axpy, norms). */
  private val space: MutableInnerProductModule[DenseVector[Double], Double] = DenseVector.space_Double

  /**
   * `LBFGS.chooseDescentDirection`: -H·grad, H the inverse-Hessian approximation
   * (`LBFGS.ApproximateInverseHessian`) of memory `memory` from the steps s_i and gradient changes
   * y_i, newest first.
   */
  def direction(memory: Int, steps: Array[Array[Double]], gradDeltas: Array[Array[Double]], grad: Array[Double]): Array[Double] = {
    val hessian = new LBFGS.ApproximateInverseHessian[DenseVector[Double]](
      memory, steps.toIndexedSeq.map(new DenseVector(_)), gradDeltas.toIndexedSeq.map(new DenseVector(_)))(space)
    (hessian * new DenseVector(grad)).toArray
  }

  /**
   * `LBFGS.determineStepSize`: the step along `direction` from x that Breeze's strong-Wolfe line
   * search accepts, each trial one evaluation of `objective`. The first iteration tries 1/|direction|
   * first, later ones 1.
   */
  def stepSize(objective: ToDoubleBiFunction[Array[Double], Array[Double]], x: Array[Double], direction: Array[Double],
      grad: Array[Double], firstIteration: Boolean): Double =
    determineStepSize(new JavaDiffFunction(objective), new DenseVector(x), new DenseVector(direction),
      new DenseVector(grad), firstIteration)(space)

  // LBFGS.determineStepSize's body (Breeze 2.1.0), generic in T as it is there, so that `norm`
  // resolves to the same implementation, through the same space.
  private def determineStepSize[T](f: DiffFunction[T], x: T, dir: T, grad: T, firstIteration: Boolean)(
      implicit space: MutableInnerProductModule[T, Double]): Double = {
    import space._
    val ff = LineSearch.functionFromSearchDirection(f, x, dir)
    val search = new StrongWolfeLineSearch(maxZoomIter = 10, maxLineSearchIter = 10)
    val alpha = search.minimize(ff, if (firstIteration) 1.0 / norm(dir) else 1.0)
    if (alpha * norm(grad) < 1e-10) throw new StepSizeUnderflow
    alpha
  }
}
