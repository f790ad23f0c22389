package io.sparkprop.bench;

import io.sparkprop.cli.BenchCommand;

/**
 * The benchmark's main class (target/bench/sparkprop-bench.jar, run on top of the application jar by
 * scripts/bench.sh): sparkprop against Spark MLlib. The options are {@link BenchCommand}'s.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(BenchCommand.run(args));
  }
}
