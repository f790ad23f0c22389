package io.sparkprop.cli;

import io.sparkprop.model.SparkpropVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.logging.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The sparkprop command line: train, evaluate, predict. Exit 0 on success, 2 on bad input or usage, 1 otherwise. */
@Command(name = "sparkprop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class},
    description = "Fully-connected neural networks trained on Apache Spark by synchronized data-parallel gradient descent.")
public final class Main implements Runnable {
  /** Kept strongly reachable: java.util.logging forgets levels set on loggers nobody holds. */
  private static final java.util.logging.Logger NETLIB_LOG = java.util.logging.Logger.getLogger("dev.ludovic.netlib");

  @Option(names = "--config", paramLabel = "FILE", description = "defaults file (default: $SPARKPROP_CONF, else the packaged conf/sparkprop.properties)")
  String config;

  @Override public void run() {
    new CommandLine(this).usage(System.err);
  }

  public static void main(String[] args) throws org.apache.spark.SparkUserAppException {
    int status = run(args);
    // In YARN cluster mode this is a thread of YARN's ApplicationMaster, which reports any exit of the JVM
    // under it as a failure (and tries again), status 0 included: return, or hand it the status to report.
    if (System.getProperty("spark.yarn.app.id") != null) {
      if (status != 0) throw new org.apache.spark.SparkUserAppException(status, null);
      return;
    }
    System.exit(status);
  }

  /** Runs the command line and returns its exit status (for tests and embedding). */
  public static int run(String... args) {
    return run(new Main(), args);
  }

  /**
   * Runs {@code command} (a picocli command object) as sparkprop runs its own: defaults from the
   * packaged conf/sparkprop.properties and --config or $SPARKPROP_CONF, usage errors exit 2, other
   * failures reported as train's are. The benchmark's command line (src/bench) runs through this.
   */
  static int run(Object command, String... args) {
    // netlib tries native BLAS first and warns when there is none; the BLAS in use is logged by train instead
    NETLIB_LOG.setLevel(Level.SEVERE);
    ConfDefaults defaults;
    try {
      defaults = ConfDefaults.load(configFile(args));
    } catch (IOException e) {
      System.err.println("sparkprop: " + e.getMessage());
      return Failures.USAGE;
    }
    CommandLine cli = new CommandLine(command).setDefaultValueProvider(defaults);
    cli.setParameterExceptionHandler((e, a) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println(e.getCommandLine().getCommandName() + ": " + e.getMessage());
      err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
      return Failures.USAGE;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> Failures.report(commandLine.getCommandName(), e, commandLine.getErr()));
    return cli.execute(args);
  }

  /** --config must be known before parsing, since it supplies the defaults. */
  private static String configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) return args[i + 1];
      if (args[i].startsWith("--config=")) return args[i].substring("--config=".length());
    }
    String env = System.getenv("SPARKPROP_CONF");
    return env == null || env.isBlank() ? null : env;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() { return new String[] {"sparkprop " + SparkpropVersion.current()}; }
  }
}
