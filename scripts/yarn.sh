#!/usr/bin/env bash
# HDFS and YARN on this machine from the Maven-resolved jars (no Hadoop or Spark install), for trying
# `--master yarn`: a MiniDFSCluster and a MiniYARNCluster in one JVM (io.sparkprop.yarn.MiniHadoop, the
# same launcher the YARN tests start), on loopback ports. HDFS starts empty each time. Everything lives in
# target/yarn/: the client configuration in conf/ (HADOOP_CONF_DIR, which scripts/submit.sh picks up),
# HDFS's blocks in dfs/, the containers' logs in yarn/, the JVM's log in mini-hadoop.log.
#   scripts/yarn.sh start [--lifetime SECONDS]   (default 14400: it stops itself after four hours)
#   scripts/yarn.sh status    scripts/yarn.sh stop
#   scripts/yarn.sh fs ARGS   (Hadoop's FsShell on it: fs -put FILE /data/, fs -ls -R /, fs -cat /runs/x/summary.json)
#   scripts/yarn.sh logs [APPLICATION_ID]   (stdout and stderr of each container, the newest application's by default)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/target/yarn"
pid_file="$dir/mini-hadoop.pid"

usage() { echo "usage: scripts/yarn.sh start [--lifetime SECONDS] | stop | status | fs ARGS... | logs [APPLICATION_ID]" >&2; exit 2; }

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# The launcher and the mini clusters are test code and test dependencies: the test classes and the
# test classpath, built once (and again when pom.xml changes).
prepare() {
  if [ ! -d "$root/target/test-classes/io/sparkprop/yarn" ] || [ ! -d "$root/target/lib" ] || [ -z "$(ls "$root"/target/sparkprop-*.jar 2>/dev/null)" ]; then
    echo "yarn: building the jar, target/lib and the test classes (mvn package)..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package) >&2
  fi
  mkdir -p "$dir"
  if [ ! -s "$dir/classpath" ] || [ "$root/pom.xml" -nt "$dir/classpath" ]; then
    (cd "$root" && mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$dir/classpath") >&2
  fi
  if [ ! -s "$root/target/jvm-options" ]; then
    java -cp "$root/target/lib/*:$(ls "$root"/target/sparkprop-*.jar | head -n 1)" io.sparkprop.cli.JvmOptions > "$root/target/jvm-options"
  fi
}

# Pids of every process under $1 (the containers: launch scripts and their JVMs), deepest last.
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null || true); do
    echo "$child"
    descendants "$child"
  done
}

start() {
  local lifetime=14400
  while [ $# -gt 0 ]; do
    case "$1" in
      --lifetime) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage; lifetime=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  if alive "$(cat "$pid_file" 2>/dev/null)"; then echo "yarn: already running (pid $(cat "$pid_file")); stop it first" >&2; exit 1; fi
  prepare
  rm -rf "$dir/conf" "$dir/dfs" "$dir/yarn" "$dir/ready" "$dir/mini-hadoop.log"
  local java_home
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  cd "$dir" # the JVM's working folder: nothing of the cluster's outside target/yarn
  # A simple command in the background: $! is the JVM itself, recorded for stop and status.
  # shellcheck disable=SC2046 # the flag file is a list of flags
  JAVA_HOME="$java_home" SPARK_LOCAL_IP=127.0.0.1 nohup java $(cat "$root/target/jvm-options") -Xmx1g -XX:+UseSerialGC \
    -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
    -cp "$root/target/test-classes:$root/target/classes:$(cat "$dir/classpath")" \
    io.sparkprop.yarn.MiniHadoop "$dir" --lifetime "$lifetime" > "$dir/mini-hadoop.log" 2>&1 < /dev/null &
  echo $! > "$pid_file"
  for _ in $(seq 1 180); do
    if [ -f "$dir/ready" ]; then
      echo "yarn: HDFS at $(sed -n 's/^fs.defaultFS=//p' "$dir/ready"), YARN ResourceManager at $(sed -n 's/^yarn.resourcemanager.address=//p' "$dir/ready")" \
        "(UI http://$(sed -n 's/^yarn.resourcemanager.webapp.address=//p' "$dir/ready")), pid $(cat "$pid_file"); stops itself in $lifetime s"
      echo "yarn: client configuration in $dir/conf (scripts/submit.sh --master yarn uses it; else export HADOOP_CONF_DIR=$dir/conf)"
      return 0
    fi
    alive "$(cat "$pid_file")" || { echo "yarn: the mini cluster exited; see $dir/mini-hadoop.log" >&2; tail -n 20 "$dir/mini-hadoop.log" >&2; exit 1; }
    sleep 1
  done
  echo "yarn: not ready after 180 s; see $dir/mini-hadoop.log" >&2
  stop
  exit 1
}

# SIGTERM: the NodeManager stops its containers, then YARN and HDFS stop. Whatever is still there
# after 60 s, the JVM or a container it started, is killed by pid.
stop() {
  local pid under=() p
  pid=$(cat "$pid_file" 2>/dev/null || true)
  if ! alive "$pid"; then rm -f "$pid_file" "$dir/ready"; echo "yarn: not running"; return 0; fi
  mapfile -t under < <(descendants "$pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do alive "$pid" || break; sleep 1; done
  alive "$pid" && kill -9 "$pid" 2>/dev/null || true
  for p in ${under[@]+"${under[@]}"}; do alive "$p" && kill -9 "$p" 2>/dev/null || true; done
  rm -f "$pid_file" "$dir/ready"
  echo "yarn: stopped (pid $pid and ${#under[@]} processes under it)"
}

status() {
  local pid p containers=0
  pid=$(cat "$pid_file" 2>/dev/null || true)
  if ! alive "$pid"; then echo "yarn: not running"; return 3; fi
  for p in $(descendants "$pid"); do
    tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q -E '^[^ ]*/java .*(YarnCoarseGrainedExecutorBackend|ExecutorLauncher|ApplicationMaster)' && containers=$((containers + 1))
  done
  echo "yarn: pid $pid running, $containers container JVMs"
  if [ -f "$dir/ready" ]; then sed -e '/^pid=/d' -e 's/^/  /' "$dir/ready"; else echo "  (starting)"; fi
}

# Hadoop's own `hadoop fs`, with the jars in target/lib and this cluster's configuration.
fs_shell() {
  [ -f "$dir/ready" ] || { echo "yarn: not running (scripts/yarn.sh start)" >&2; exit 2; }
  exec java -Dlog4j2.configurationFile="$root/conf/log4j2.properties" -cp "$dir/conf:$root/target/lib/*" org.apache.hadoop.fs.FsShell "$@"
}

# What `yarn logs -applicationId` would show: in cluster mode the driver's output is the first container's stdout.
logs() {
  local app=${1:-} apps c
  apps=$(ls -d "$dir"/yarn/*/yarn-logDir-nm-0_0/application_* 2>/dev/null | sort -t_ -k3,3n || true)
  [ -n "$apps" ] || { echo "yarn: no application has run" >&2; exit 2; }
  if [ -z "$app" ]; then app=$(basename "$(echo "$apps" | tail -n 1)"); fi
  for c in "$dir"/yarn/*/yarn-logDir-nm-0_0/"$app"/container_*; do
    [ -d "$c" ] || { echo "yarn: no logs of $app" >&2; exit 2; }
    echo "== $(basename "$c")/stdout"; cat "$c/stdout"
    echo "== $(basename "$c")/stderr"; cat "$c/stderr"
  done
}

command=${1:-}; [ $# -gt 0 ] && shift
case "$command" in
  start) start "$@" ;;
  stop) [ $# = 0 ] || usage; stop ;;
  status) [ $# = 0 ] || usage; status ;;
  fs) fs_shell "$@" ;;
  logs) [ $# -le 1 ] || usage; logs "$@" ;;
  *) usage ;;
esac
