#!/usr/bin/env bash
# spark-submit with the Maven-resolved jars (no Spark install), to the cluster that scripts/cluster.sh
# started or to any --master. Everything after `--` goes to sparkprop:
#   scripts/submit.sh [--master URL] [--conf K=V ...] -- train --train spiral --out runs/x ...
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
master=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master=$2; shift 2 ;;
    --conf) extra+=(--conf "$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "usage: scripts/submit.sh [--master URL] [--conf K=V ...] -- train|evaluate|predict ..." >&2; exit 2 ;;
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

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export SPARK_SCALA_VERSION=2.13
# shellcheck source=scripts/blas-env.sh
. "$root/scripts/blas-env.sh"
blas_conf=(--conf spark.executorEnv.OPENBLAS_NUM_THREADS=1)
[ -n "${OPENBLAS_CORETYPE:-}" ] && blas_conf+=(--conf "spark.executorEnv.OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE")
# locality.wait: after an executor is lost, its replacement should get work at once rather than
# leaving most cached blocks' tasks waiting for the survivor.
exec java "${flags[@]}" -Xmx1g -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$root/target/lib/*" org.apache.spark.deploy.SparkSubmit \
  --master "$master" --deploy-mode client --class io.sparkprop.cli.Main \
  --conf spark.driver.host=127.0.0.1 --conf spark.executor.cores=1 --conf spark.executor.memory=1g \
  --conf spark.locality.wait=100ms "${blas_conf[@]}" \
  --conf spark.ui.showConsoleProgress=false \
  "${extra[@]}" "$jar" "$@"
