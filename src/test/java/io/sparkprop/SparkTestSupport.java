package io.sparkprop;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** One local Spark context for the whole test JVM: starting Spark costs seconds, a test should not pay it. */
public final class SparkTestSupport {
  private static JavaSparkContext context;

  private SparkTestSupport() {}

  public static synchronized JavaSparkContext sparkContext() {
    if (context == null) {
      SparkConf conf = new SparkConf()
          .setMaster("local[2]")
          .setAppName("sparkprop-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.sql.shuffle.partitions", "4");
      context = new JavaSparkContext(conf);
      context.setLogLevel("WARN");
    }
    return context;
  }
}
