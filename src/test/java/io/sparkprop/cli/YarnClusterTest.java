package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkprop.model.ModelStore;
import io.sparkprop.train.CheckpointStore;
import io.sparkprop.yarn.MiniHadoopProcess;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a real YARN with its data, model and checkpoints on a real HDFS: one MiniHadoop process
 * (MiniDFSCluster and MiniYARNCluster on loopback) for the class, sparkprop drivers in JVMs of their
 * own submitting to it with two executors in YARN containers. Each run is compared with an
 * uninterrupted in-process run on local[2] with the same data and partitions, which the synchronized,
 * partition-ordered aggregation makes bit-for-bit reproducible wherever the tasks run. Tagged
 * {@code yarn}: {@code mvn test -Pyarn} runs it, the default {@code mvn test} does not.
 */
@Tag("yarn")
class YarnClusterTest {
  private static final Duration RUN_LIMIT = Duration.ofMinutes(4);
  private static final String DATA = "/data/blobs.libsvm";
  /** Large enough that reading a partition in a new executor JVM takes over a second: a task waits that long. */
  private static final String BIG_DATA = "/data/big-blobs.libsvm";

  @TempDir static Path clusterDir;
  @TempDir Path tmp;

  private static MiniHadoopProcess cluster;
  private static Path localData, localBigData;

  @BeforeAll
  static void startHdfsAndYarnAndUploadTheData() throws Exception {
    cluster = MiniHadoopProcess.start(clusterDir.resolve("hadoop"), Duration.ofMinutes(30));
    localData = clusterDir.resolve("blobs.libsvm");
    localBigData = clusterDir.resolve("big-blobs.libsvm");
    writeBlobs(localData, 600);
    writeBlobs(localBigData, 300_000);
    FileSystem fs = cluster.fileSystem();
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(localData.toUri()), new org.apache.hadoop.fs.Path(DATA));
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(localBigData.toUri()), new org.apache.hadoop.fs.Path(BIG_DATA));
  }

  @AfterAll
  static void stopHdfsAndYarn() {
    if (cluster != null) cluster.close();
  }

  /** Three classes of points around three centres in four dimensions, seeded, as LIBSVM. */
  private static void writeBlobs(Path file, int rows) throws IOException {
    Random random = new Random(11);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      int label = i % 3;
      s.append(label);
      for (int j = 0; j < 4; j++) s.append(String.format(Locale.ROOT, " %d:%.6f", j + 1, (j == label ? 1.5 : 0) + random.nextGaussian()));
      s.append('\n');
    }
    Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
  }

  private static String hdfs(String path) { return cluster.hdfs() + path; }

  /** A run folder in this test's temporary folder, as a file: URI: the cluster configuration's default file system is HDFS. */
  private String local(String name) { return tmp.resolve(name).toUri().toString(); }

  /** Full-batch training of {@code steps} steps on {@code data}. */
  private static List<String> fullBatch(String data, String out, int steps) {
    return new ArrayList<>(List.of("train", "--train", data, "--out", out, "--hidden", "16", "--batch-size", "0",
        "--epochs", Integer.toString(steps), "--learning-rate", "0.02", "--partitions", "2", "--seed", "3"));
  }

  /** Mini-batch training (5 steps an epoch, Adam), so resume must restore data order and moments. */
  private static List<String> miniBatch(String data, String out, int epochs) {
    return new ArrayList<>(List.of("train", "--train", data, "--out", out, "--hidden", "16", "--batch-size", "120",
        "--epochs", Integer.toString(epochs), "--learning-rate", "0.01", "--partitions", "2", "--seed", "5"));
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }

  /**
   * A client of this cluster: its configuration folder first on the classpath and as HADOOP_CONF_DIR
   * (Spark ships it to the containers). The containers run the test classpath, as Spark's own YARN
   * tests do; spark.yarn.jars names one entry of it as already there ("local:"), so nothing is uploaded.
   */
  private static SparkpropJvm.Launch yarnClient() {
    return yarnClientWithoutExecutorCount().withFlags("-Dspark.executor.instances=2");
  }

  private static SparkpropJvm.Launch yarnClientWithoutExecutorCount() {
    String classpath = System.getProperty("java.class.path");
    String firstEntry = classpath.split(File.pathSeparator)[0];
    return new SparkpropJvm.Launch(List.of(cluster.confDir().toString()),
        List.of("-Dspark.yarn.jars=local:" + firstEntry, "-Dspark.driver.extraClassPath=" + classpath,
            "-Dspark.executor.cores=1", "-Dspark.yarn.am.memory=512m",
            // two cores for everything: no parallel collector threads in the containers' JVMs
            "-Dspark.executor.extraJavaOptions=-XX:+UseSerialGC", "-Dspark.yarn.am.extraJavaOptions=-XX:+UseSerialGC",
            "-Dspark.driver.extraJavaOptions=-XX:+UseSerialGC",
            // a failure is the test's to see, not YARN's to retry
            "-Dspark.yarn.maxAppAttempts=1"),
        Map.of("HADOOP_CONF_DIR", cluster.confDir().toString()), Main.class.getName());
  }

  private SparkpropJvm onYarn(List<String> args) throws IOException {
    return SparkpropJvm.start(tmp, yarnClient(), with(args, "--master", "yarn").toArray(String[]::new));
  }

  @Test
  @Timeout(300)
  void hdfsDataOnTwoYarnExecutorsGivesTheSameLossAsLocalMode() throws Exception {
    JsonNode local = inProcess(fullBatch(localData.toString(), local("local"), 5));
    String out = hdfs("/runs/fixed");
    try (SparkpropJvm driver = onYarn(fullBatch(hdfs(DATA), out, 5))) {
      assertEquals(0, driver.waitFor(RUN_LIMIT), driver.stderr());
    }
    JsonNode yarn = summary(out);
    assertEquals("yarn", yarn.get("spark_master").asText());
    assertEquals("client", yarn.get("spark_deploy_mode").asText());
    assertTrue(yarn.get("spark_application_id").asText().startsWith("application_"), yarn.toString());
    assertEquals(2, yarn.get("executors").asInt(), "executors that ran tasks");
    assertRelativelyEqual(local.get("final_loss").asDouble(), yarn.get("final_loss").asDouble());
    assertRelativelyEqual(local.get("last_step_loss").asDouble(), yarn.get("last_step_loss").asDouble());
    assertArrayEquals(parameters(local("local")), parameters(out), "the model on HDFS");
    for (String report : List.of("metrics.jsonl", "training.png"))
      assertTrue(cluster.fileSystem().exists(new org.apache.hadoop.fs.Path(out, report)), report + " on HDFS");
  }

  @Test
  @Timeout(300)
  void anExecutorContainerKilledMidTrainingLeavesTheFinalLossUnchanged() throws Exception {
    int steps = 60;
    JsonNode uninterrupted = inProcess(fullBatch(localData.toString(), local("local"), steps));
    String out = hdfs("/runs/killed-executor");
    long stepsAtKill;
    try (SparkpropJvm driver = onYarn(fullBatch(hdfs(DATA), out, steps))) {
      SparkpropJvm.await("15 steps", RUN_LIMIT, () -> metricLines(out) >= 15);
      List<Long> executors = cluster.executorPidsOfNewestApplication();
      assertEquals(2, executors.size(), "executor JVMs in YARN containers: " + executors);
      ProcessHandle victim = ProcessHandle.of(executors.get(0)).orElseThrow();
      victim.destroyForcibly(); // SIGKILL, as a pre-empted or lost container
      victim.onExit().get();
      stepsAtKill = metricLines(out);
      assertEquals(0, driver.waitFor(RUN_LIMIT), driver.stderr());
    }
    assertTrue(stepsAtKill < steps, "the executor died mid-run (after " + stepsAtKill + " steps)");
    JsonNode survived = summary(out);
    assertEquals(steps, survived.get("steps").asInt());
    assertRelativelyEqual(uninterrupted.get("final_loss").asDouble(), survived.get("final_loss").asDouble());
  }

  @Test
  @Timeout(420)
  void aDriverKilledMidTrainingResumesFromItsHdfsCheckpointsToTheSameParameters() throws Exception {
    int epochs = 40; // 200 steps
    String whole = local("whole"), run = hdfs("/runs/killed-driver");
    inProcess(miniBatch(localData.toString(), whole, epochs));
    CheckpointStore checkpoints = new CheckpointStore(run, cluster.clientConf());
    try (SparkpropJvm driver = onYarn(with(miniBatch(hdfs(DATA), run, epochs), "--checkpoint-every", "7"))) {
      SparkpropJvm.await("two checkpoints", RUN_LIMIT, () -> checkpoints.files().size() >= 2 && metricLines(run) >= 40);
      driver.killDriver();
    }
    assertFalse(cluster.fileSystem().exists(new org.apache.hadoop.fs.Path(run, "model")), "the driver died before finishing");
    // --resume alone: the options from the run's run.json on HDFS, the output into the run, where metrics.jsonl
    // is still held open by the dead driver (HDFS's lease) and is replaced whole before the resume appends to it
    try (SparkpropJvm driver = onYarn(List.of("train", "--resume", run))) {
      assertEquals(0, driver.waitFor(RUN_LIMIT), driver.stderr());
    }
    assertTrue(summary(run).get("resumed_from_step").asLong() >= 14);
    assertArraysRelativelyEqual(parameters(whole), parameters(run));
  }

  @Test
  @Timeout(300)
  void aTruncatedHdfsCheckpointIsSkippedForThePreviousOneWithAWarning() throws Exception {
    String whole = local("whole"), first = hdfs("/runs/truncated"), resumed = hdfs("/runs/after-truncated");
    inProcess(miniBatch(localData.toString(), whole, 8));
    // the drivers need no YARN here, only HDFS: local[2] with the cluster's configuration
    SparkpropJvm.Launch hdfsClient = yarnClient();
    try (SparkpropJvm driver = SparkpropJvm.start(tmp, hdfsClient,
        with(miniBatch(hdfs(DATA), first, 4), "--master", "local[2]", "--checkpoint-every", "3").toArray(String[]::new))) {
      assertEquals(0, driver.waitFor(RUN_LIMIT), driver.stderr()); // keeps the checkpoints of steps 18 and 15
    }
    CheckpointStore store = new CheckpointStore(first, cluster.clientConf());
    org.apache.hadoop.fs.Path newest = new org.apache.hadoop.fs.Path(store.files().get(0));
    assertTrue(newest.getName().equals("checkpoint-000000000018.ckpt"), store.files().toString());
    cutShort(newest, 100);
    String stderr;
    try (SparkpropJvm driver = SparkpropJvm.start(tmp, hdfsClient,
        with(miniBatch(hdfs(DATA), resumed, 8), "--master", "local[2]", "--resume", first).toArray(String[]::new))) {
      assertEquals(0, driver.waitFor(RUN_LIMIT), driver.stderr());
      stderr = driver.stderr();
    }
    assertTrue(stderr.lines().anyMatch(l -> l.contains("skipping checkpoint") && l.contains("checkpoint-000000000018.ckpt") && l.contains("truncated")), stderr);
    assertEquals(15, summary(resumed).get("resumed_from_step").asLong());
    assertArraysRelativelyEqual(parameters(whole), parameters(resumed));
  }

  @Test
  @Timeout(300)
  void clusterModeRunsTheDriverInYarnAndWritesTheModelAndSummaryToHdfs() throws Exception {
    JsonNode local = inProcess(fullBatch(localData.toString(), local("local"), 5));
    String out = hdfs("/runs/cluster-mode");
    List<String> submit = new ArrayList<>(List.of("--master", "yarn", "--deploy-mode", "cluster", "--class", Main.class.getName(),
        "--conf", "spark.driver.memory=768m", emptyJar().toString()));
    submit.addAll(fullBatch(hdfs(DATA), out, 5));
    // spark-submit stays until the application ends and exits 1 if it failed
    try (SparkpropJvm submitter = SparkpropJvm.start(tmp, yarnClient().withMainClass("org.apache.spark.deploy.SparkSubmit"),
        submit.toArray(String[]::new))) {
      assertEquals(0, submitter.waitFor(RUN_LIMIT), submitter.stderr());
    }
    JsonNode yarn = summary(out);
    assertEquals("cluster", yarn.get("spark_deploy_mode").asText());
    assertEquals(2, yarn.get("executors").asInt());
    assertRelativelyEqual(local.get("final_loss").asDouble(), yarn.get("final_loss").asDouble());
    assertArrayEquals(parameters(local("local")), parameters(out), "the model on HDFS");
  }

  @Test
  @Timeout(300)
  void dynamicAllocationFromOneToTwoExecutorsGivesTheSameLossAsFixedExecutors() throws Exception {
    int steps = 60;
    JsonNode fixed = inProcess(fullBatch(localBigData.toString(), local("local"), steps));
    String out = hdfs("/runs/dynamic");
    SparkpropJvm.Launch dynamic = yarnClientWithoutExecutorCount().withFlags("-Dspark.dynamicAllocation.enabled=true",
        "-Dspark.dynamicAllocation.shuffleTracking.enabled=true", "-Dspark.dynamicAllocation.minExecutors=1",
        "-Dspark.dynamicAllocation.initialExecutors=1", "-Dspark.dynamicAllocation.maxExecutors=2",
        // the second executor is asked for once a task has waited a second (the least there is): the first
        // job, reading 150,000 rows a partition on one executor core, takes longer
        "-Dspark.dynamicAllocation.schedulerBacklogTimeout=1s", "-Dspark.dynamicAllocation.sustainedSchedulerBacklogTimeout=1s",
        // and once it is there it gets tasks at once, though the cached blocks are on the first
        "-Dspark.locality.wait=0");
    try (SparkpropJvm driver = SparkpropJvm.start(tmp, dynamic, with(fullBatch(hdfs(BIG_DATA), out, steps), "--master", "yarn").toArray(String[]::new))) {
      assertEquals(0, driver.waitFor(RUN_LIMIT), driver.stderr());
    }
    JsonNode grown = summary(out);
    assertEquals(2, grown.get("executors").asInt(), "the second executor joined and ran tasks");
    assertRelativelyEqual(fixed.get("final_loss").asDouble(), grown.get("final_loss").asDouble());
  }

  /** Rewrites {@code file} without its last {@code bytes} bytes, as a copy cut short would be. */
  private static void cutShort(org.apache.hadoop.fs.Path file, int bytes) throws IOException {
    FileSystem fs = cluster.fileSystem();
    byte[] content;
    try (InputStream in = fs.open(file)) {
      content = in.readAllBytes();
    }
    try (OutputStream out = fs.create(file, true)) {
      out.write(content, 0, content.length - bytes);
    }
  }

  /** An application jar for spark-submit with nothing in it: the classes come from spark.driver.extraClassPath. */
  private Path emptyJar() throws IOException {
    Path jar = tmp.resolve("empty.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.finish();
    }
    return jar;
  }

  private static JsonNode inProcess(List<String> args) throws IOException {
    CliRunner.Outcome r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.status(), r.err());
    return new ObjectMapper().readTree(Path.of(java.net.URI.create(args.get(args.indexOf("--out") + 1))).resolve("summary.json").toFile());
  }

  private static JsonNode summary(String run) throws IOException {
    try (InputStream in = cluster.fileSystem().open(new org.apache.hadoop.fs.Path(run, "summary.json"))) {
      return new ObjectMapper().readTree(in);
    }
  }

  /** Lines of metrics.jsonl on HDFS as far as the driver has flushed them. */
  private static long metricLines(String run) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        cluster.fileSystem().open(new org.apache.hadoop.fs.Path(run, "metrics.jsonl")), StandardCharsets.UTF_8))) {
      return in.lines().count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // not written yet
    }
  }

  /** The model of a run folder, local or on HDFS. */
  private static double[] parameters(String run) {
    return ModelStore.load(new org.apache.hadoop.fs.Path(run, "model").toString(), cluster.clientConf()).parameters();
  }

  private static void assertRelativelyEqual(double expected, double actual) {
    assertTrue(Math.abs(expected - actual) <= 1e-9 * Math.abs(expected), "expected " + expected + ", got " + actual);
  }

  private static void assertArraysRelativelyEqual(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    double worst = 0;
    for (int i = 0; i < expected.length; i++)
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]) / Math.max(Math.abs(expected[i]), 1e-300));
    assertTrue(worst <= 1e-9, "largest relative difference " + worst);
    assertArrayEquals(expected, actual, "bit for bit");
  }
}
