#!/usr/bin/env bash
# A real Spark standalone cluster on this machine from the Maven-resolved jars (no Spark install):
# one Master and N Workers (1 core, 1g each), bound to loopback. Pids and logs go to target/cluster/.
#   scripts/cluster.sh start [--workers N]    scripts/cluster.sh status    scripts/cluster.sh stop
# Ports: SPARKPROP_MASTER_PORT (7077), SPARKPROP_MASTER_UI_PORT (8080); workers' UIs follow the master's.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/target/cluster"
port="${SPARKPROP_MASTER_PORT:-7077}"
ui_port="${SPARKPROP_MASTER_UI_PORT:-8080}"
master_url="spark://127.0.0.1:$port"

usage() { echo "usage: scripts/cluster.sh start [--workers N] | stop | status" >&2; exit 2; }

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

alive_workers() {
  curl -fsS "http://127.0.0.1:$ui_port/json/" 2>/dev/null | tr -d ' \n' | sed -n 's/.*"aliveworkers":\([0-9]*\).*/\1/p'
}

# Spark's jars as SPARK_HOME/jars: the Worker builds executor command lines from it.
prepare() {
  if [ ! -d "$root/target/lib" ] || [ -z "$(ls "$root"/target/sparkprop-*.jar 2>/dev/null)" ]; then
    echo "cluster: building the jar and target/lib (mvn package)..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package) >&2
  fi
  mkdir -p "$dir/spark-home/conf"
  ln -sfn "$root/target/lib" "$dir/spark-home/jars"
  cp "$root/conf/log4j2.properties" "$dir/spark-home/conf/log4j2.properties"
  if [ ! -s "$root/target/jvm-options" ]; then
    java -cp "$root/target/lib/*:$(ls "$root"/target/sparkprop-*.jar | head -n 1)" io.sparkprop.cli.JvmOptions > "$root/target/jvm-options"
  fi
}

# Executors inherit the worker's environment: one BLAS thread each, and the core type named.
# shellcheck source=scripts/blas-env.sh
. "$root/scripts/blas-env.sh"

# Starts one JVM in the background; $! is the JVM itself (a simple command is exec'd), recorded as NAME.pid.
launch() {
  local name=$1; shift
  # shellcheck disable=SC2046 # the flag file is a list of flags
  SPARK_HOME="$dir/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
    nohup java $(cat "$root/target/jvm-options") -Xmx512m -cp "$dir/spark-home/conf:$dir/spark-home/jars/*" "$@" \
    > "$dir/$name.log" 2>&1 < /dev/null &
  echo $! > "$dir/$name.pid"
}

start() {
  local workers=2
  while [ $# -gt 0 ]; do
    case "$1" in
      --workers) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage; workers=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  if alive "$(cat "$dir/master.pid" 2>/dev/null)"; then echo "cluster: already running ($master_url); stop it first" >&2; exit 1; fi
  prepare
  rm -f "$dir"/*.pid "$dir"/*.log
  mkdir -p "$dir/work"
  launch master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$ui_port"
  for i in $(seq 1 "$workers"); do
    launch "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1g \
      --webui-port $((ui_port + i)) --work-dir "$dir/work" "$master_url"
  done
  echo "$master_url" > "$dir/master-url"
  for _ in $(seq 1 90); do
    if [ "$(alive_workers)" = "$workers" ]; then
      echo "cluster: $master_url with $workers workers alive (UI http://127.0.0.1:$ui_port, logs in $dir)"
      return 0
    fi
    for f in "$dir"/*.pid; do
      alive "$(cat "$f")" || { echo "cluster: $(basename "$f" .pid) exited; see $dir/$(basename "$f" .pid).log" >&2; stop; exit 1; }
    done
    sleep 1
  done
  echo "cluster: workers not all alive after 90 s; see $dir/*.log" >&2
  stop
  exit 1
}

# Kills what start recorded: workers first (they stop their executors), then the master; by pid only.
stop() {
  local pids=() f pid
  for f in "$dir"/worker-*.pid "$dir"/master.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if alive "$pid"; then
      # executors are the workers' children: remember them in case a worker dies before stopping them
      pids+=($(ps -o pid= --ppid "$pid" 2>/dev/null || true) "$pid")
    fi
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
    local left=0
    for pid in "${pids[@]}"; do alive "$pid" && left=1; done
    [ $left = 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do alive "$pid" && kill -9 "$pid" 2>/dev/null || true; done
  rm -f "$dir"/*.pid "$dir/master-url"
  echo "cluster: stopped (${#pids[@]} processes)"
}

status() {
  local f name
  [ -f "$dir/master.pid" ] || { echo "cluster: not running"; return 3; }
  for f in "$dir"/master.pid "$dir"/worker-*.pid; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .pid)
    if alive "$(cat "$f")"; then echo "$name: pid $(cat "$f") running"; else echo "$name: pid $(cat "$f") not running"; fi
  done
  echo "master: $(cat "$dir/master-url" 2>/dev/null), alive workers: $(alive_workers || echo '?')"
}

command=${1:-}; [ $# -gt 0 ] && shift
case "$command" in
  start) start "$@" ;;
  stop) [ $# = 0 ] || usage; stop ;;
  status) [ $# = 0 ] || usage; status ;;
  *) usage ;;
esac
