package io.sparkprop.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.rdd.UnionRDD;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * treeAggregate that combines partial results in partition order, so the same data and seed give
 * bit-identical sums. Spark's own treeAggregate folds the last level in task-completion order,
 * and floating-point addition is not associative: runs would drift apart in the last bits.
 * {@link #aggregateEach} does the same for several RDDs in one job, combining on the driver.
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
    int scale = scale(n, depth);
    if (!needsLevel(n, scale)) return combineOnDriver(rdd, zero, seqOp, combOp);
    JavaPairRDD<Integer, U> partials = JavaPairRDD.fromJavaRDD(rdd.mapPartitionsWithIndex(new PartitionAggregate<>(zero, seqOp), true));
    while (needsLevel(n, scale)) {
      int groups = (n + scale - 1) / scale;
      partials = combineInGroups(partials, groups, combOp);
      n = groups;
    }
    List<Tuple2<Integer, U>> last = new ArrayList<>(partials.collect());
    return combineInOrder(last, combOp);
  }

  /** How many partials a tree level combines into one, for {@code n} partitions at most {@code depth} levels deep. */
  private static int scale(int n, int depth) { return Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2); }

  /** Whether {@code n} partials take one more level before the driver combines the rest. */
  private static boolean needsLevel(int n, int scale) { return n > scale + (n + scale - 1) / scale; }

  /**
   * As {@link #aggregate} on each of {@code rdds} (the i-th folded from {@code zeros[i]} with
   * {@code seqOps[i]}), in one job: every partition's partial comes to the driver, and each RDD's
   * partials combine there in the order {@link #aggregate}'s tree would combine them at
   * {@code depth}, so each result is bit-identical to aggregating that RDD alone. Meant for partials
   * small enough for the driver to hold all at once: the levels then cost no shuffle. An RDD without
   * partitions gives its zero.
   */
  static <T, U> List<U> aggregateEach(List<JavaRDD<T>> rdds, List<U> zeros, List<? extends Function2<U, T, U>> seqOps,
      Function2<U, U, U> combOp, int depth) {
    if (rdds.size() != zeros.size() || rdds.size() != seqOps.size()) throw new IllegalArgumentException("need a zero and a seqOp an RDD");
    if (rdds.isEmpty()) return List.of();
    try {
      int[] first = new int[rdds.size() + 1];
      List<RDD<T>> parents = new ArrayList<>();
      for (int i = 0; i < rdds.size(); i++) {
        first[i + 1] = first[i] + rdds.get(i).getNumPartitions();
        parents.add(rdds.get(i).rdd());
      }
      SparkContext sc = parents.get(0).context();
      // UnionRDD itself: SparkContext.union drops RDDs without partitions and, when all share a
      // partitioner, interleaves their partitions; this one concatenates them in order.
      RDD<T> union = new UnionRDD<>(sc, CollectionConverters.asScala(parents).toList(), rdds.get(0).classTag());
      Object[] partials = (Object[]) sc.runJob(union, new FoldEachPartition<>(first, zeros, seqOps), anyRef());
      List<U> results = new ArrayList<>();
      for (int i = 0; i < rdds.size(); i++) {
        @SuppressWarnings("unchecked")
        List<U> own = (List<U>) (List<?>) Arrays.asList(partials).subList(first[i], first[i + 1]);
        results.add(own.isEmpty() ? zeros.get(i) : combineAsTheTreeWould(own, depth, combOp));
      }
      return results;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Combines one RDD's partials (in partition order) on the driver into what {@link #aggregate} at
   * {@code depth} returns: the same groups at every tree level (index modulo the number of groups),
   * combined in the same order, then the last level in order.
   */
  private static <U> U combineAsTheTreeWould(List<U> partials, int depth, Function2<U, U, U> combOp) throws Exception {
    int n = partials.size();
    int scale = scale(n, depth);
    List<U> level = partials;
    while (needsLevel(n, scale)) {
      int groups = (n + scale - 1) / scale;
      List<U> next = new ArrayList<>(groups);
      for (int g = 0; g < groups; g++) {
        U acc = level.get(g);
        for (int i = g + groups; i < n; i += groups) acc = combOp.call(acc, level.get(i));
        next.add(acc);
      }
      level = next;
      n = groups;
    }
    U acc = level.get(0);
    for (int i = 1; i < n; i++) acc = combOp.call(acc, level.get(i));
    return acc;
  }

  @SuppressWarnings("unchecked")
  private static <U> ClassTag<U> anyRef() { return (ClassTag<U>) (ClassTag<?>) ClassTag$.MODULE$.AnyRef(); }

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
    Object[] partials = (Object[]) rdd.context().runJob(rdd.rdd(), new FoldPartition<>(zero, seqOp), OrderedTreeAggregate.<U>anyRef());
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
   * Folds one partition of a union of RDDs ({@code first[i]} is the i-th RDD's first partition in
   * it) with its own RDD's zero and seqOp, as a Scala function for SparkContext.runJob.
   */
  private static final class FoldEachPartition<T, U> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, U>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] first;
    private final List<FoldPartition<T, U>> folds = new ArrayList<>();

    FoldEachPartition(int[] first, List<U> zeros, List<? extends Function2<U, T, U>> seqOps) {
      this.first = first;
      for (int i = 0; i < zeros.size(); i++) folds.add(new FoldPartition<>(zeros.get(i), seqOps.get(i)));
    }

    @Override public U apply(TaskContext context, scala.collection.Iterator<T> it) {
      int p = context.partitionId(), rdd = 0;
      while (first[rdd + 1] <= p) rdd++; // a few RDDs: a scan is enough
      return folds.get(rdd).apply(context, it);
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
