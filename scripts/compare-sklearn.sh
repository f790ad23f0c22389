#!/usr/bin/env bash
# Benchmark (not a test): sparkprop with its default settings against a tuned scikit-learn MLP on
# real data sets it has never seen (scikit-learn's bundled iris, wine, breast cancer, digits).
# Installs Debian's python3-sklearn when missing. Usage: scripts/compare-sklearn.sh [OUT_DIR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/runs/compare-sklearn}
mkdir -p "$out"
if ! /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  echo "installing Debian's python3-sklearn..." >&2
  apt-get update -qq && apt-get install -y -qq python3-sklearn >/dev/null
fi
/usr/bin/python3 "$root/scripts/compare-sklearn.py" "$out"

printf '\n%-14s %-7s %10s %10s %9s\n' "data set" format sklearn sparkprop seconds
for name in iris wine breast_cancer digits; do
  for format in csv libsvm; do
    run="$out/$name-$format"
    start=$(date +%s.%N)
    "$root/scripts/sparkprop" train --train "$out/$name/train.$format" --test "$out/$name/test.$format" \
      --out "$run" > "$run.log" 2>&1 || { echo "$name $format failed: see $run.log" >&2; exit 1; }
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    ours=$(/usr/bin/python3 -c "import json;print('%.4f'%json.load(open('$run/summary.json'))['test_accuracy'])")
    theirs=$(/usr/bin/python3 -c "import json;print('%.4f'%json.load(open('$out/sklearn.json'))['$name']['sklearn_test_accuracy'])")
    printf '%-14s %-7s %10s %10s %9.1f\n' "$name" "$format" "$theirs" "$ours" "$seconds"
  done
done
