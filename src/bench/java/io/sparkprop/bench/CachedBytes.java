package io.sparkprop.bench;

import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.RDDInfo;

/** What Spark's block manager reports for a cached RDD: the same yardstick for both sides. */
final class CachedBytes {
  private CachedBytes() {}

  static long of(JavaSparkContext sc, int rddId) {
    RDDInfo info = info(sc, rddId);
    return info.memSize() + info.diskSize();
  }

  /** The part that did not fit in memory: reading it back costs a deserialization every pass. */
  static long onDisk(JavaSparkContext sc, int rddId) { return info(sc, rddId).diskSize(); }

  private static RDDInfo info(JavaSparkContext sc, int rddId) {
    // Spark answers from its status store, which block updates reach through the listener bus: right
    // after the job that cached the RDD it may not know the blocks yet. Drain the bus first (as TaskCpuTime does).
    try {
      sc.sc().listenerBus().waitUntilEmpty(10_000);
    } catch (TimeoutException e) {
      // then the figure may miss the last blocks, or the RDD be reported as not cached
    }
    for (RDDInfo info : sc.sc().getRDDStorageInfo()) if (info.id() == rddId) return info;
    throw new IllegalStateException("RDD " + rddId + " is not cached");
  }
}
