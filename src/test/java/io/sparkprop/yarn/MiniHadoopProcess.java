package io.sparkprop.yarn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * {@link MiniHadoop} in a JVM of its own, started by a test: HDFS and YARN on loopback, the container
 * JVMs its descendants. It ends with the test's JVM (its standard input is a pipe from here) or after
 * the lifetime given, whichever is first; {@link #close()} stops it and then kills, by pid, every
 * process under it that is still there.
 */
public final class MiniHadoopProcess implements AutoCloseable {
  private static final Duration START_LIMIT = Duration.ofMinutes(3);
  private static final Pattern APP_ID = Pattern.compile("--app-id\u0000?\\s*application_(\\d+)_(\\d+)");

  private final Process process;
  private final Path dir;
  private final Map<String, String> ready;

  private MiniHadoopProcess(Process process, Path dir, Map<String, String> ready) {
    this.process = process;
    this.dir = dir;
    this.ready = ready;
  }

  /** Starts HDFS and YARN working in {@code dir} and waits until both take clients. */
  public static MiniHadoopProcess start(Path dir, Duration lifetime) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split("\\s+")));
    command.addAll(List.of("-Xmx1g", "-XX:+UseSerialGC",
        "-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
        "-cp", System.getProperty("java.class.path"), MiniHadoop.class.getName(), dir.toString(),
        "--lifetime", Long.toString(lifetime.toSeconds()), "--exit-with-stdin"));
    Path log = dir.resolve("mini-hadoop.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(log.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start(); // stdin stays a pipe from this JVM
    MiniHadoopProcess started = new MiniHadoopProcess(process, dir, Map.of());
    Path readyFile = dir.resolve(MiniHadoop.READY);
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (!Files.exists(readyFile)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        started.close();
        throw new IllegalStateException("HDFS and YARN did not start in " + START_LIMIT + ": " + tail(log));
      }
      Thread.sleep(200);
    }
    return new MiniHadoopProcess(process, dir, readFields(readyFile));
  }

  /** HADOOP_CONF_DIR for clients: core-site.xml, hdfs-site.xml, yarn-site.xml. */
  public Path confDir() { return dir.resolve("conf"); }

  /** The NameNode's URI, e.g. hdfs://localhost:40123. */
  public String hdfs() { return ready.get("fs.defaultFS"); }

  /** A client configuration of this cluster (for a FileSystem here in the test). */
  public Configuration clientConf() {
    Configuration conf = new Configuration();
    for (String file : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml"))
      conf.addResource(new org.apache.hadoop.fs.Path(confDir().resolve(file).toUri()));
    return conf;
  }

  public FileSystem fileSystem() {
    try {
      return FileSystem.get(URI.create(hdfs()), clientConf());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() { return process.pid(); }

  /**
   * Pids of the executor JVMs in this cluster's containers that belong to its newest application
   * (application ids count up), so that a finished application's executors, still exiting, are not
   * counted.
   */
  public List<Long> executorPidsOfNewestApplication() {
    record Executor(long pid, long cluster, long app) {}
    List<Executor> executors = new ArrayList<>();
    for (ProcessHandle p : process.descendants().toList()) {
      String cmd = commandLine(p.pid());
      // the JVM itself, not the shell lines of launch_container.sh that hold the same command as text
      if (!cmd.split("\u0000", 2)[0].endsWith("/java") || !cmd.contains("YarnCoarseGrainedExecutorBackend")) continue;
      Matcher m = APP_ID.matcher(cmd);
      if (m.find()) executors.add(new Executor(p.pid(), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    }
    Executor newest = executors.stream().max(Comparator.comparingLong(Executor::cluster).thenComparingLong(Executor::app)).orElse(null);
    return newest == null ? List.of()
        : executors.stream().filter(e -> e.cluster() == newest.cluster() && e.app() == newest.app()).map(Executor::pid).toList();
  }

  /** The full command line from /proc, its arguments separated by NUL. */
  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // gone meanwhile
    }
  }

  /** SIGTERM (YARN stops its containers, then HDFS stops), then SIGKILL to whatever is left under it, by pid. */
  @Override public void close() {
    List<ProcessHandle> under = new ArrayList<>(process.descendants().toList());
    process.destroy();
    process.onExit().orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
    process.destroyForcibly();
    process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
    for (ProcessHandle p : under) p.destroyForcibly();
    for (ProcessHandle p : under) p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  private static Map<String, String> readFields(Path file) throws IOException {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) fields.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return fields;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
