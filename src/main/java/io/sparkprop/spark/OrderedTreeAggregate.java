package io.sparkprop.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFunction;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * treeAggregate that combines partial results in partition order, so the same data and seed give
 * bit-identical sums. Spark's own treeAggregate folds the last level in task-completion order,
 * and floating-point addition is not associative: runs would drift apart in the last bits.
 */
final class OrderedTreeAggregate {
  private OrderedTreeAggregate() {}

  /**
   * Aggregates each partition with {@code seqOp} (starting from {@code zero}, which should carry
   * no large arrays), then combines the partials level by level, at most {@code depth} levels deep.
   */
  static <T, U extends Serializable> U aggregate(JavaRDD<T> rdd, U zero, Function2<U, T, U> seqOp,
      Function2<U, U, U> combOp, int depth) {
    try {
      return aggregateOrThrow(rdd, zero, seqOp, combOp, depth);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T, U extends Serializable> U aggregateOrThrow(JavaRDD<T> rdd, U zero, Function2<U, T, U> seqOp,
      Function2<U, U, U> combOp, int depth) throws Exception {
    int n = rdd.getNumPartitions();
    int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
    if (n <= scale + (n + scale - 1) / scale) return combineOnDriver(rdd, zero, seqOp, combOp);
    JavaPairRDD<Integer, U> partials = JavaPairRDD.fromJavaRDD(rdd.mapPartitionsWithIndex(new PartitionAggregate<>(zero, seqOp), true));
    while (n > scale + (n + scale - 1) / scale) {
      int groups = (n + scale - 1) / scale;
      partials = combineInGroups(partials, groups, combOp);
      n = groups;
    }
    List<Tuple2<Integer, U>> last = new ArrayList<>(partials.collect());
    return combineInOrder(last, combOp);
  }

  /**
   * No tree level needed: one job straight on {@code rdd} whose results come back in partition order.
   * SparkContext.runJob with a named function skips what the Java RDD API costs a step (see
   * bench --only step-overhead and docs/benchmarks.md): every Scala lambda the API wraps around a function, in
   * mapPartitionsWithIndex, collect and runJob, makes the closure cleaner read and scan the class
   * file of the class that declared it (RDD, SparkContext: large), and the job ships one RDD less.
   */
  @SuppressWarnings("unchecked")
  private static <T, U> U combineOnDriver(JavaRDD<T> rdd, U zero, Function2<U, T, U> seqOp, Function2<U, U, U> combOp)
      throws Exception {
    ClassTag<U> anyRef = (ClassTag<U>) (ClassTag<?>) ClassTag$.MODULE$.AnyRef();
    Object[] partials = (Object[]) rdd.context().runJob(rdd.rdd(), new FoldPartition<>(zero, seqOp), anyRef);
    U acc = (U) partials[0];
    for (int i = 1; i < partials.length; i++) acc = combOp.call(acc, (U) partials[i]);
    return acc;
  }

  /** Folds one partition's records with {@code seqOp}, as a Scala function for SparkContext.runJob. */
  private static final class FoldPartition<T, U> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, U>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final U zero;
    private final Function2<U, T, U> seqOp;

    FoldPartition(U zero, Function2<U, T, U> seqOp) {
      this.zero = zero;
      this.seqOp = seqOp;
    }

    @Override public U apply(TaskContext context, scala.collection.Iterator<T> it) {
      try {
        U acc = zero;
        while (it.hasNext()) acc = seqOp.call(acc, it.next());
        return acc;
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Folds one partition into (partition index, partial). A named class rather than a lambda: Spark's
   * closure cleaner re-reads a lambda's class file on every job (docs/benchmarks.md has the cost a step).
   */
  private static final class PartitionAggregate<T, U> implements Function2<Integer, Iterator<T>, Iterator<Tuple2<Integer, U>>> {
    private final U zero;
    private final Function2<U, T, U> seqOp;

    PartitionAggregate(U zero, Function2<U, T, U> seqOp) {
      this.zero = zero;
      this.seqOp = seqOp;
    }

    @Override public Iterator<Tuple2<Integer, U>> call(Integer index, Iterator<T> it) throws Exception {
      U acc = zero;
      while (it.hasNext()) acc = seqOp.call(acc, it.next());
      return List.of(new Tuple2<>(index, acc)).iterator();
    }
  }

  private static <U extends Serializable> JavaPairRDD<Integer, U> combineInGroups(JavaPairRDD<Integer, U> partials,
      int groups, Function2<U, U, U> combOp) {
    PairFunction<Tuple2<Integer, U>, Integer, Tuple2<Integer, U>> byGroup = t -> new Tuple2<>(t._1() % groups, t);
    Function<Iterable<Tuple2<Integer, U>>, U> combine = members -> {
      List<Tuple2<Integer, U>> list = new ArrayList<>();
      members.forEach(list::add);
      return combineInOrder(list, combOp);
    };
    return partials.mapToPair(byGroup).groupByKey(groups).mapValues(combine);
  }

  private static <U> U combineInOrder(List<Tuple2<Integer, U>> parts, Function2<U, U, U> combOp) throws Exception {
    parts.sort(Comparator.comparing(Tuple2::_1));
    U acc = parts.get(0)._2();
    for (int i = 1; i < parts.size(); i++) acc = combOp.call(acc, parts.get(i)._2());
    return acc;
  }

}
