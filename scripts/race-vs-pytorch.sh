#!/usr/bin/env bash
# Benchmark (not a test): the race to 87 % test accuracy on Fashion-MNIST, sparkprop against PyTorch
# (Debian's python3-torch, on the CPU) on the same machine, ONE AFTER THE OTHER, never at once:
#   1. sparkprop's race, `scripts/bench.sh --only race` (local[*], one untimed epoch first);
#   2. scripts/pytorch-race.py: the same network, optimizer, batch, schedule and timing rules,
#      torch.set_num_threads(every core), one untimed epoch first on a separate copy.
# Each side's log is shown as it runs and kept in OUT_DIR (sparkprop.log, pytorch.log); each prints
# one JSON object as its last line. The script then prints both times, epochs and test accuracies,
# the ratio pytorch_seconds / sparkprop_seconds (issue 17 asks for at least 2), and as its last line
# one JSON object with both sides and the ratio (also written to OUT_DIR/summary.json).
#
# Usage: scripts/race-vs-pytorch.sh [bench options...] [--pytorch pytorch-race.py options...]
#   bench options go to scripts/bench.sh, e.g. --blas java, --bench-seed 2;
#   after --pytorch, options go to scripts/pytorch-race.py, e.g. --seed 2, --threads 2.
#   e.g. scripts/race-vs-pytorch.sh --blas java --bench-seed 2 --pytorch --seed 2
# Environment: RACE_OUT (default runs/race-vs-pytorch) is OUT_DIR; PYTHON is the interpreter for
# the PyTorch side (default /usr/bin/python3, where Debian's python3-torch installs; python3 if absent).
# Installs Debian's python3-torch when PYTHON cannot import torch and apt-get exists.
# Exit status: 0 when both sides ran and reached the target, 1 when a side failed (no JSON last
# line or a non-zero exit), 3 when both ran but one did not reach the target.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${RACE_OUT:-$root/runs/race-vs-pytorch}

bench_args=()
pytorch_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pytorch) shift; pytorch_args=("$@"); break ;;
    *) bench_args+=("$1"); shift ;;
  esac
done

if [ -n "${PYTHON:-}" ]; then
  py=$PYTHON
elif [ -x /usr/bin/python3 ]; then
  py=/usr/bin/python3
else
  py=python3
fi
if ! "$py" -c 'import torch' 2>/dev/null; then
  if command -v apt-get >/dev/null; then
    echo "installing Debian's python3-torch..." >&2
    apt-get update -qq && apt-get install -y -qq python3-torch >/dev/null
    # Debian's package installs for Debian's interpreter
    if ! "$py" -c 'import torch' 2>/dev/null && [ -x /usr/bin/python3 ]; then py=/usr/bin/python3; fi
  else
    echo "race-vs-pytorch: $py cannot import torch; install Debian's python3-torch" >&2
    exit 2
  fi
fi

mkdir -p "$out"

# Runs one side ($1: its name; the rest: its command), its stdout shown and kept in $out/$1.log,
# and leaves its exit status in $status.
run_side() {
  local name=$1
  shift
  echo "== $name: $*" >&2
  set +e
  "$@" | tee "$out/$name.log"
  status=${PIPESTATUS[0]}
  set -e
}

status=0
run_side sparkprop "$root/scripts/bench.sh" --only race ${bench_args[@]+"${bench_args[@]}"}
sparkprop_status=$status
run_side pytorch "$py" "$root/scripts/pytorch-race.py" ${pytorch_args[@]+"${pytorch_args[@]}"}
pytorch_status=$status

# Both JSON last lines, the summary table and its JSON line. Exit status as in the header.
"$py" - "$out" "$sparkprop_status" "$pytorch_status" <<'EOF'
import json
import os
import sys

out, statuses = sys.argv[1], {"sparkprop": int(sys.argv[2]), "pytorch": int(sys.argv[3])}


def last_json(name):
    """The side's last non-empty stdout line as a JSON object, or None."""
    with open(os.path.join(out, name + ".log")) as f:
        lines = [line.strip() for line in f if line.strip()]
    if not lines:
        return None
    try:
        value = json.loads(lines[-1])
    except ValueError:
        return None
    return value if isinstance(value, dict) and "seconds" in value else None


sides = {name: last_json(name) for name in statuses}
failed = [name for name in statuses if statuses[name] != 0 or sides[name] is None]
for name in failed:
    print(f"race-vs-pytorch: {name} failed (exit {statuses[name]}, "
          f"{'no JSON last line' if sides[name] is None else 'JSON last line found'}; see {out}/{name}.log)", file=sys.stderr)

print()
print(f"{'side':<10} {'seconds':>9} {'epochs':>7} {'test accuracy':>14} {'reached':>8}")
for name, side in sides.items():
    if side is None:
        print(f"{name:<10} {'failed':>9}")
    else:
        print(f"{name:<10} {side['seconds']:>9.2f} {side['epochs']:>7} {side['test_accuracy']:>14.4f} {str(side['reached']).lower():>8}")
ratio = None
if not failed and sides["sparkprop"]["seconds"] > 0:
    ratio = sides["pytorch"]["seconds"] / sides["sparkprop"]["seconds"]
    print(f"pytorch_seconds / sparkprop_seconds = {ratio:.2f} (goal >= 2)")
not_reached = [name for name, side in sides.items() if side is not None and not side.get("reached", False)]
if not_reached:
    print(f"race-vs-pytorch: did not reach the target: {', '.join(not_reached)}", file=sys.stderr)

summary = {"sparkprop": sides["sparkprop"], "pytorch": sides["pytorch"], "pytorch_to_sparkprop_seconds": ratio,
           "failed": failed, "not_reached": not_reached}
with open(os.path.join(out, "summary.json"), "w") as f:
    json.dump(summary, f)
    f.write("\n")
print(json.dumps(summary))
sys.exit(1 if failed else 3 if not_reached else 0)
EOF
