package io.sparkprop.bench;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.ann.ANNGradient;
import org.apache.spark.ml.ann.DataStacker;
import org.apache.spark.ml.ann.FeedForwardTopology;
import org.apache.spark.ml.ann.FeedForwardTopology$;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Spark MLlib's MultilayerPerceptronClassifier internals, driven exactly as its L-BFGS cost function
 * drives them (org.apache.spark.mllib.optimization.LBFGS.CostFun): rows stacked by DataStacker and
 * persisted as FeedForwardTrainer does, and one gradient pass = broadcast the weights, treeAggregate
 * ANNGradient over the stacked blocks. Scala's private[ml] is public to Java, which lets us time it.
 */
public final class MllibBaseline {
  private final JavaSparkContext sc;
  private final JavaRDD<Tuple2<Object, org.apache.spark.mllib.linalg.Vector>> stacked;
  private final ANNGradient gradient;
  private final int numWeights;

  public MllibBaseline(JavaSparkContext sc, JavaRDD<LabeledPoint> rows, int[] layers, int blockSize) {
    this.sc = sc;
    int classes = layers[layers.length - 1];
    FeedForwardTopology topology = FeedForwardTopology$.MODULE$.multiLayerPerceptron(layers, true);
    DataStacker stacker = new DataStacker(blockSize, layers[0], classes);
    // LabelConverter.encodeLabeledPoint: one-hot labels, as the classifier does before training
    JavaRDD<Tuple2<Vector, Vector>> encoded = rows.map(p -> {
      double[] oneHot = new double[classes];
      oneHot[(int) p.label()] = 1;
      return new Tuple2<>(p.features().asML(), Vectors.dense(oneHot));
    });
    this.stacked = stacker.stack(encoded.rdd()).toJavaRDD()
        .map(t -> new Tuple2<>(t._1(), org.apache.spark.mllib.linalg.Vectors.fromML(t._2())));
    stacked.persist(StorageLevel.MEMORY_AND_DISK());
    stacked.count();
    this.gradient = new ANNGradient(topology, stacker);
    this.numWeights = topology.model(1L).weights().size();
  }

  public JavaRDD<?> cached() { return stacked; }

  /** One full gradient pass the way MLlib's L-BFGS computes it; returns the summed loss. */
  private double gradientPass(double[] weights) {
    Broadcast<org.apache.spark.mllib.linalg.Vector> w = sc.broadcast(org.apache.spark.mllib.linalg.Vectors.dense(weights));
    ANNGradient g = gradient;
    int n = numWeights;
    try {
      Tuple2<org.apache.spark.mllib.linalg.Vector, Double> sum = stacked.treeAggregate(
          new Tuple2<>(org.apache.spark.mllib.linalg.Vectors.zeros(n), 0.0),
          (c, v) -> new Tuple2<>(c._1(), c._2() + g.compute(v._2(), (Double) v._1(), w.value(), c._1())),
          (a, b) -> {
            org.apache.spark.mllib.linalg.BLAS.axpy(1.0, b._1(), a._1());
            return new Tuple2<>(a._1(), a._2() + b._2());
          }, 2);
      return sum._2();
    } finally {
      w.destroy();
    }
  }

  /** One gradient pass at fixed small random weights, as the bench times it. */
  public Runnable timedPass() {
    double[] weights = new double[numWeights];
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int i = 0; i < weights.length; i++) weights[i] = (r.nextDouble() - 0.5) * 0.1;
    return () -> gradientPass(weights);
  }

  public void unpersist() { stacked.unpersist(false); }
}
