package io.sparkprop.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where Spark runs: a master set by spark-submit wins over the configured default, --master over both. */
final class SparkOptionsMixin {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master, when spark-submit did not set one (default: ${DEFAULT-VALUE})")
  String master;

  @Option(names = "--aggregation-depth", paramLabel = "N", description = "depth of the tree that sums gradients (default: ${DEFAULT-VALUE})")
  int aggregationDepth;

  /** A Spark context for one command; one already running in this JVM (a notebook, a test) is reused and left running. */
  static final class Session implements AutoCloseable {
    final JavaSparkContext sc;
    private final boolean owned;

    private Session(JavaSparkContext sc, boolean owned) {
      this.sc = sc;
      this.owned = owned;
    }

    @Override public void close() {
      if (owned) sc.stop();
    }
  }

  /**
   * Every step broadcasts the parameters, and Spark cuts a broadcast into pieces of 4 MB: each one
   * a G1 humongous allocation in heaps under 32 GB. Once cached blocks fill the heap past G1's
   * marking threshold, each humongous allocation starts a concurrent mark of the whole heap, which
   * takes a core from the tasks (docs/benchmarks.md, "Figures behind choices in the code"). Pieces
   * of 500 KiB are below the threshold at any heap size (half of G1's smallest, 1 MB region).
   */
  static final String BROADCAST_BLOCK_SIZE = "500k";

  Session start(String appName) {
    scala.Option<SparkContext> active = SparkContext$.MODULE$.getActive();
    if (active.isDefined()) return new Session(JavaSparkContext.fromSparkContext(active.get()), false);
    SparkConf conf = new SparkConf().setAppName(appName);
    boolean explicit = command.commandLine().getParseResult().hasMatchedOption("--master");
    if (explicit || !conf.contains("spark.master")) conf.setMaster(master);
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // Each task returns its partition's gradient (8 bytes a parameter). Above Spark's 1 MB default
    // (from ~131k parameters, e.g. [784,256,10]) results take a detour through the block manager,
    // which costs every step (docs/benchmarks.md, "Figures behind choices in the code").
    conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
    conf.setIfMissing("spark.broadcast.blockSize", BROADCAST_BLOCK_SIZE);
    JavaSparkContext sc = new JavaSparkContext(conf);
    sc.setLogLevel("WARN");
    return new Session(sc, true);
  }
}
