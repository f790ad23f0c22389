#!/usr/bin/env bash
# spark-submit with the Maven-resolved jars (no Spark install), to the cluster that scripts/cluster.sh
# started or to any --master. Everything after `--` goes to sparkprop:
#   scripts/submit.sh [--master URL] [--deploy-mode client|cluster] [--conf K=V ...] -- train --train spiral --out runs/x ...
# --master yarn: to the YARN named by $HADOOP_CONF_DIR, else to the one scripts/yarn.sh started
# (target/yarn/conf). Paths without a scheme are then on that cluster's HDFS, --out included.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
master=""
deploy_mode=client
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master=$2; shift 2 ;;
    --deploy-mode) deploy_mode=$2; shift 2 ;;
    --conf) extra+=(--conf "$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "usage: scripts/submit.sh [--master URL] [--deploy-mode client|cluster] [--conf K=V ...] -- train|evaluate|predict ..." >&2; exit 2 ;;
  esac
done
if [ -z "$master" ]; then
  master=$(cat "$root/target/cluster/master-url" 2>/dev/null || true)
  [ -n "$master" ] || { echo "submit: no --master and no cluster running (scripts/cluster.sh start)" >&2; exit 2; }
fi
jar=$(ls "$root"/target/sparkprop-*.jar 2>/dev/null | grep -v -e original -e sources | head -n 1 || true)
if [ -z "$jar" ] || [ ! -d "$root/target/lib" ]; then
  (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package) >&2
  jar=$(ls "$root"/target/sparkprop-*.jar | grep -v -e original -e sources | head -n 1)
fi
[ -s "$root/target/jvm-options" ] || java -cp "$jar:$root/target/lib/*" io.sparkprop.cli.JvmOptions > "$root/target/jvm-options"
read -r -a flags < "$root/target/jvm-options"

# This machine's clusters (scripts/cluster.sh, scripts/yarn.sh) listen on loopback: so does the driver.
on_this_machine=1
classpath="$root/target/lib/*"
yarn_conf=()
if [ "$master" = yarn ]; then
  mini_conf="$root/target/yarn/conf"
  if [ -z "${HADOOP_CONF_DIR:-}" ]; then
    [ -f "$root/target/yarn/ready" ] || { echo "submit: --master yarn needs HADOOP_CONF_DIR or a running scripts/yarn.sh" >&2; exit 2; }
    export HADOOP_CONF_DIR="$mini_conf"
  fi
  [ "$(cd "$HADOOP_CONF_DIR" && pwd)" = "$mini_conf" ] || on_this_machine=0
  # The driver reads the cluster's addresses from the classpath; the YARN client ships the folder to the containers.
  export YARN_CONF_DIR="${YARN_CONF_DIR:-$HADOOP_CONF_DIR}"
  classpath="$HADOOP_CONF_DIR:$classpath"
  # With no Spark install, the containers' Spark is target/lib: already on this machine's own nodes
  # ("local:"), uploaded for each application to any other cluster (give spark.yarn.archive to avoid that).
  if [ $on_this_machine = 1 ]; then yarn_conf=(--conf "spark.yarn.jars=local:$root/target/lib/*")
  else yarn_conf=(--conf "spark.yarn.jars=file:$root/target/lib/*"); fi
  # In cluster mode YARN would run a failed driver again, the same command from its start (it has no
  # --resume): bad input twice, or a second run over the first. Submit again with --resume yourself.
  [ "$deploy_mode" = cluster ] && yarn_conf+=(--conf spark.yarn.maxAppAttempts=1)
elif [ "$deploy_mode" != client ]; then
  echo "submit: --deploy-mode $deploy_mode: only with --master yarn here" >&2; exit 2
fi
local_conf=()
if [ $on_this_machine = 1 ]; then
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  local_conf=(--conf spark.driver.host=127.0.0.1)
fi
export SPARK_SCALA_VERSION=2.13
# shellcheck source=scripts/blas-env.sh
. "$root/scripts/blas-env.sh"
blas_conf=(--conf spark.executorEnv.OPENBLAS_NUM_THREADS=1)
[ -n "${OPENBLAS_CORETYPE:-}" ] && blas_conf+=(--conf "spark.executorEnv.OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE")
# locality.wait: after an executor is lost, its replacement should get work at once rather than
# leaving most cached blocks' tasks waiting for the survivor.
exec java "${flags[@]}" -Xmx1g -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$classpath" org.apache.spark.deploy.SparkSubmit \
  --master "$master" --deploy-mode "$deploy_mode" --class io.sparkprop.cli.Main \
  ${local_conf[@]+"${local_conf[@]}"} --conf spark.executor.cores=1 --conf spark.executor.memory=1g \
  --conf spark.locality.wait=100ms "${blas_conf[@]}" \
  --conf spark.ui.showConsoleProgress=false ${yarn_conf[@]+"${yarn_conf[@]}"} \
  ${extra[@]+"${extra[@]}"} "$jar" "$@"
