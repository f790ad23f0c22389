package io.sparkprop.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * The sparkprop command line in a JVM of its own (a real driver that can be killed), on the test
 * classpath. In local-cluster mode its executors are child JVMs: {@link #executorPids()} finds
 * them and {@link #close()} kills the driver and every process under it, whatever happened.
 * A {@link Launch} adds what a cluster's client needs (a Hadoop configuration folder first on the
 * classpath, settings, environment) or runs another main, e.g. spark-submit's.
 */
final class SparkpropJvm implements AutoCloseable {
  /** Additions to the command line: classpath entries before the test classpath, -D flags, environment, the main class. */
  record Launch(List<String> classpathFirst, List<String> flags, Map<String, String> env, String mainClass) {
    static final Launch PLAIN = new Launch(List.of(), List.of(), Map.of(), Main.class.getName());

    Launch withMainClass(String name) { return new Launch(classpathFirst, flags, env, name); }

    Launch withFlags(String... more) {
      List<String> all = new ArrayList<>(flags);
      all.addAll(Arrays.asList(more));
      return new Launch(classpathFirst, all, env, mainClass);
    }
  }

  private final Process process;
  private final Path stderr;

  private SparkpropJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  /** Starts {@code sparkprop ARGS}; {@code work} holds its logs and, for local-cluster, a SPARK_HOME. */
  static SparkpropJvm start(Path work, String... args) throws IOException {
    return start(work, Launch.PLAIN, args);
  }

  /** Starts {@code launch.mainClass() ARGS} with {@code launch}'s additions. */
  static SparkpropJvm start(Path work, Launch launch, String... args) throws IOException {
    String classpath = System.getProperty("java.class.path");
    Path sparkHome = work.resolve("spark-home");
    // local-cluster's workers build executor command lines from SPARK_HOME/jars; the executors get
    // the real classpath (Spark from ~/.m2 and target/classes) through spark.executor.extraClassPath.
    Files.createDirectories(sparkHome.resolve("jars"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split("\\s+")));
    command.addAll(List.of("-Xmx768m", "-XX:+UseSerialGC",
        "-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
        "-Dspark.driver.host=127.0.0.1", "-Dspark.ui.enabled=false", "-Dspark.locality.wait=100ms",
        "-Dspark.executor.extraClassPath=" + classpath, "-Dspark.executor.memory=512m"));
    // the BLAS the test JVM was told to use, so that the driver's results compare bit for bit with the test's own
    System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("dev.ludovic.netlib."))
        .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
    command.addAll(launch.flags());
    List<String> entries = new ArrayList<>(launch.classpathFirst());
    entries.add(classpath);
    command.addAll(List.of("-cp", String.join(File.pathSeparator, entries), launch.mainClass()));
    command.addAll(Arrays.asList(args));
    Path err = work.resolve("driver-" + System.nanoTime() + ".err");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(work.resolve("driver.out").toFile())
        .redirectError(err.toFile()).directory(new File(System.getProperty("user.dir")));
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OPENBLAS_NUM_THREADS", "1");
    env.putAll(launch.env());
    return new SparkpropJvm(pb.start(), err);
  }

  long pid() { return process.pid(); }

  /** Pids of the executor JVMs under this driver. */
  List<Long> executorPids() {
    return process.descendants()
        .filter(p -> commandLine(p.pid()).contains("CoarseGrainedExecutorBackend"))
        .map(ProcessHandle::pid).toList();
  }

  /** The full command line from /proc (ProcessHandle.Info leaves it out for some processes). */
  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
    }
  }

  /** Waits for the exit status, killing everything after {@code timeout}. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new AssertionError("sparkprop did not finish in " + timeout + "; stderr:\n" + stderr());
    }
    return process.exitValue();
  }

  /** kill -9 of the driver alone, as a pre-empted machine would. */
  void killDriver() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  /** Kills the driver and every process it started (executors), by pid. */
  @Override public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    for (ProcessHandle child : children) child.destroyForcibly();
    process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
    for (ProcessHandle child : children) child.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  /** Polls {@code condition} every 100 ms until it holds, or fails after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(100);
    }
  }
}
