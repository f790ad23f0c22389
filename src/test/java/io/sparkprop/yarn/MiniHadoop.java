package io.sparkprop.yarn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import sun.misc.Signal;

/**
 * HDFS and YARN on this machine, from Maven jars, as Spark's own YARN tests run them: a MiniDFSCluster
 * (NameNode and one DataNode) and a MiniYARNCluster (ResourceManager and one NodeManager) in one JVM,
 * on loopback ports the kernel picks. Once both are up it writes the client configuration, the files
 * HADOOP_CONF_DIR and YARN_CONF_DIR name, to {@code DIR/conf/} ({@code core-site.xml},
 * {@code hdfs-site.xml}, {@code yarn-site.xml}) and then {@code DIR/ready}; whoever started it waits
 * for that file. It stops the containers, YARN and HDFS on SIGTERM or SIGINT, when its standard input closes
 * (with {@code --exit-with-stdin}: the process that started it is gone) and after {@code --lifetime}
 * seconds, whichever comes first. The container JVMs are its descendants; their logs are in
 * {@code DIR/yarn/yarn-N/yarn-logDir-nm-0_0/APPLICATION/CONTAINER/}.
 *
 * <pre>JAVA_HOME=... SPARK_LOCAL_IP=127.0.0.1 java -cp TEST_CLASSPATH io.sparkprop.yarn.MiniHadoop DIR [--lifetime SECONDS] [--exit-with-stdin]</pre>
 *
 * Containers inherit JAVA_HOME and SPARK_LOCAL_IP from its environment, so that they run the same
 * Java and bind loopback.
 *
 * The NodeManager offers {@link #NODE_MEMORY_MB} MB in {@link #MIN_CONTAINER_MB} MB steps: an
 * application master (1 GB with Spark's overhead) and two or three executors of 1 GB heap (1.5 GB
 * containers). YARN only books memory here; the JVMs' own -Xmx is what they take.
 */
public final class MiniHadoop {
  public static final int NODE_MEMORY_MB = 6144;
  public static final int MIN_CONTAINER_MB = 256;
  /** The file written last, once HDFS and YARN take clients: {@code key=value} lines. */
  public static final String READY = "ready";

  private static final CountDownLatch STOP = new CountDownLatch(1);
  private static volatile String stopReason;

  private MiniHadoop() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1); // HDFS's and YARN's non-daemon threads would keep a failed start alive
    }
    System.exit(0);
  }

  private static void run(String[] args) throws Exception {
    if (args.length < 1) usage();
    Path dir = Path.of(args[0]).toAbsolutePath();
    long lifetimeSeconds = 0;
    boolean exitWithStdin = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--lifetime" -> lifetimeSeconds = Long.parseLong(args[++i]);
        case "--exit-with-stdin" -> exitWithStdin = true;
        default -> usage();
      }
    }
    String javaHome = System.getenv("JAVA_HOME"), localIp = System.getenv("SPARK_LOCAL_IP");
    if (javaHome == null || !Files.isExecutable(Path.of(javaHome, "bin", "java")) || !"127.0.0.1".equals(localIp))
      throw new IllegalStateException("start with JAVA_HOME set to a Java (its containers run JAVA_HOME/bin/java) and SPARK_LOCAL_IP=127.0.0.1"
          + " (they bind that); JAVA_HOME=" + javaHome + ", SPARK_LOCAL_IP=" + localIp);
    Files.deleteIfExists(dir.resolve(READY));
    Files.createDirectories(dir.resolve("conf"));
    // SIGTERM and SIGINT end the run on the main thread, before the JVM's shutdown begins: HDFS cannot stop
    // inside a shutdown hook (its DataNode removes shutdown hooks of its own while stopping)
    for (String signal : List.of("TERM", "INT")) Signal.handle(new Signal(signal), s -> requestStop("SIG" + signal));

    MiniDFSCluster dfs = null;
    MiniYARNCluster yarn = null;
    try {
      // MiniYARNCluster works in $test.build.data/yarn/yarn-N/: the NodeManager's local dirs and container logs
      System.setProperty("test.build.data", dir.toString());
      dfs = startDfs(dir.resolve("dfs"));
      yarn = startYarn(dfs.getURI().toString());
      writeClientConf(dir.resolve("conf"), dfs, yarn.getConfig());
      Map<String, String> ready = new LinkedHashMap<>();
      ready.put("pid", Long.toString(ProcessHandle.current().pid()));
      ready.put("fs.defaultFS", dfs.getURI().toString());
      ready.put("yarn.resourcemanager.address", yarn.getConfig().get(YarnConfiguration.RM_ADDRESS));
      ready.put("yarn.resourcemanager.webapp.address", yarn.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));
      writeAtomically(dir.resolve(READY), lines(ready));
      System.err.println("mini-hadoop: ready " + ready);

      if (exitWithStdin) daemon("mini-hadoop-stdin", () -> {
        try {
          while (System.in.read() != -1) { /* anything typed is ignored; end of input means the parent is gone */ }
        } catch (IOException ignored) {
          // a broken pipe is an end of input too
        }
        requestStop("standard input closed");
      });
      long lifetime = lifetimeSeconds;
      if (lifetime > 0) daemon("mini-hadoop-lifetime", () -> {
        sleep(TimeUnit.SECONDS.toMillis(lifetime));
        requestStop("lifetime of " + lifetime + " s over");
      });
      STOP.await();
      System.err.println("mini-hadoop: " + stopReason + ", stopping");
    } finally {
      // a stop that hangs must not keep this JVM, and so its cluster's ports and containers, alive
      daemon("mini-hadoop-watchdog", () -> {
        sleep(TimeUnit.SECONDS.toMillis(60));
        System.err.println("mini-hadoop: not stopped after 60 s, halting");
        Runtime.getRuntime().halt(1);
      });
      stop(yarn, dfs);
      Files.deleteIfExists(dir.resolve(READY));
    }
  }

  private static void requestStop(String reason) {
    if (stopReason == null) stopReason = reason;
    STOP.countDown();
  }

  private static MiniDFSCluster startDfs(Path base) throws IOException {
    Configuration conf = new HdfsConfiguration();
    conf.setInt("dfs.replication", 1);
    // loopback only (MiniDFSCluster's default host for the NameNode and DataNode is 127.0.0.1 too)
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).format(true).build();
    dfs.waitActive();
    // Spark stages each application under /user/NAME and the history under /tmp: anyone may write there, as on a real cluster
    FileSystem fs = dfs.getFileSystem();
    fs.mkdirs(new org.apache.hadoop.fs.Path("/tmp"), new FsPermission((short) 01777));
    fs.setPermission(new org.apache.hadoop.fs.Path("/tmp"), new FsPermission((short) 01777));
    fs.mkdirs(new org.apache.hadoop.fs.Path("/user"), new FsPermission((short) 0777));
    fs.setPermission(new org.apache.hadoop.fs.Path("/user"), new FsPermission((short) 0777));
    return dfs;
  }

  private static MiniYARNCluster startYarn(String defaultFs) throws InterruptedException {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set("fs.defaultFS", defaultFs);
    conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", NODE_MEMORY_MB);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, MIN_CONTAINER_MB);
    // a full disk must not mark the only node unhealthy and leave every application waiting
    conf.setFloat("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 100.0f);
    // the minicluster jar has no capacity-scheduler.xml: one queue with everything (as Spark's BaseYarnClusterSuite)
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
    conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
    conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
    conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
    conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
    // two applications at once (a killed driver's, until YARN notices, and its resumed run): 10 % would admit one AM
    conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
    // Containers inherit JAVA_HOME (they start {{JAVA_HOME}}/bin/java) and SPARK_LOCAL_IP from this JVM's
    // environment unless the application sets them: Spark then binds loopback, not the address of the host's name.
    conf.set(YarnConfiguration.NM_ENV_WHITELIST, YarnConfiguration.DEFAULT_NM_ENV_WHITELIST + ",SPARK_LOCAL_IP");
    MiniYARNCluster yarn = new MiniYARNCluster("yarn", 1, 1, 1);
    yarn.init(conf);
    yarn.start();
    // start() may return before the ResourceManager wrote its real port into the configuration (BaseYarnClusterSuite)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("the ResourceManager has no port after 30 s");
      Thread.sleep(100);
    }
    try {
      if (!yarn.waitForNodeManagersToConnect(30_000)) throw new IllegalStateException("the NodeManager did not register in 30 s");
    } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
      throw new IllegalStateException(e);
    }
    return yarn;
  }

  /** What a client needs: where HDFS and the ResourceManager are. The servers' own settings stay in this JVM. */
  private static void writeClientConf(Path confDir, MiniDFSCluster dfs, Configuration yarnConf) throws IOException {
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", dfs.getURI().toString());
    writeXml(confDir.resolve("core-site.xml"), core);
    Configuration hdfs = new Configuration(false);
    hdfs.set("dfs.replication", "1");
    writeXml(confDir.resolve("hdfs-site.xml"), hdfs);
    Configuration yarn = new Configuration(false);
    for (String key : new String[] {YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
        YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS})
      yarn.set(key, yarnConf.get(key));
    yarn.set(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, Integer.toString(MIN_CONTAINER_MB));
    writeXml(confDir.resolve("yarn-site.xml"), yarn);
  }

  private static void writeXml(Path file, Configuration conf) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      conf.writeXml(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String lines(Map<String, String> values) {
    StringBuilder s = new StringBuilder();
    values.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
    return s.toString();
  }

  /** YARN first: stopping the NodeManager stops its containers, which may be writing to HDFS. */
  private static void stop(MiniYARNCluster yarn, MiniDFSCluster dfs) {
    try {
      if (yarn != null) yarn.stop();
    } finally {
      if (dfs != null) dfs.shutdown();
    }
    System.err.println("mini-hadoop: stopped");
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void usage() {
    System.err.println("usage: MiniHadoop DIR [--lifetime SECONDS] [--exit-with-stdin]");
    System.exit(2);
  }
}
