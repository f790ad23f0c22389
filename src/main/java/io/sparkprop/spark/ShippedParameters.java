package io.sparkprop.spark;

import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * How one job's packed parameters reach its tasks. Small ones travel inside the task itself: Spark
 * broadcasts every stage's task binary anyway and cleans it up on its own, so a step saves its own
 * broadcast and the blocking removal after the job (docs/benchmarks.md, "Where a step of the race
 * goes"). Larger ones go as a broadcast of their own, removed by {@link #release}, since Spark warns
 * of task binaries past 1 MB and would ship them again with every stage of the job.
 */
abstract class ShippedParameters<P> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Payloads up to this size travel in the task: half of Spark's 1 MB warning, the rest left to the lineage. */
  static final long IN_TASK_BYTES_AT_MOST = 512 * 1024;

  static <P> ShippedParameters<P> of(JavaSparkContext sc, PackedParameters<P> packed) {
    return packed.payloadBytes() <= IN_TASK_BYTES_AT_MOST ? new InTask<>(packed) : new Broadcasted<>(sc.broadcast(packed));
  }

  /** The parameters, on an executor. */
  abstract P values();

  /** After the job, on the driver: frees what shipping them holds. */
  abstract void release();

  /** Whether they travel inside the task rather than as a broadcast of their own. */
  abstract boolean inTask();

  private static final class InTask<P> extends ShippedParameters<P> {
    private static final long serialVersionUID = 1L;
    private final PackedParameters<P> packed;

    InTask(PackedParameters<P> packed) { this.packed = packed; }

    @Override P values() { return packed.values(); }

    @Override void release() {}

    @Override boolean inTask() { return true; }
  }

  private static final class Broadcasted<P> extends ShippedParameters<P> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<PackedParameters<P>> broadcast;

    Broadcasted(Broadcast<PackedParameters<P>> broadcast) { this.broadcast = broadcast; }

    @Override P values() { return broadcast.value().values(); }

    // Blocking: an asynchronous removal of a large broadcast raced Spark's ContextCleaner, which
    // then logged "Block broadcast_N_piece does not exist" with a stack trace.
    @Override void release() { broadcast.destroy(true); }

    @Override boolean inTask() { return false; }
  }
}
