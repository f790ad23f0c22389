package io.sparkprop.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.regression.LabeledPoint;

/** Training rows and, with a positive fraction, a seeded random share of them held out for validation. */
public record ValidationSplit(JavaRDD<LabeledPoint> train, JavaRDD<LabeledPoint> validation) {
  public static ValidationSplit of(JavaRDD<LabeledPoint> rows, double fraction, long seed) {
    if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
    if (fraction == 0) return new ValidationSplit(rows, null);
    // randomSplit draws per row from a seeded sampler per partition: the same seed holds out the same rows
    JavaRDD<LabeledPoint>[] parts = rows.randomSplit(new double[] {1 - fraction, fraction}, seed ^ 0x5EEDL);
    return new ValidationSplit(parts[0], parts[1]);
  }
}
