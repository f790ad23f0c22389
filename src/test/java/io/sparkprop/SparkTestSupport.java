package io.sparkprop;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

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

  /** Something a test runs on Spark. */
  public interface SparkWork {
    void run() throws Exception;
  }

  /** How many Spark jobs {@code work} started on {@code sc}, as the listener bus saw them. */
  public static int jobsRunBy(JavaSparkContext sc, SparkWork work) throws Exception {
    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override public void onJobStart(SparkListenerJobStart start) { jobs.incrementAndGet(); }
    };
    sc.sc().listenerBus().waitUntilEmpty();
    sc.sc().addSparkListener(counter);
    try {
      work.run();
      sc.sc().listenerBus().waitUntilEmpty();
      return jobs.get();
    } finally {
      sc.sc().removeSparkListener(counter);
    }
  }
}
