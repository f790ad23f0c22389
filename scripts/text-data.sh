#!/usr/bin/env bash
# A real sparse text-classification set: the manual pages of the Debian packages listed in
# conf/text-corpus.labels, cut into chunks of 60-200 words, labelled by package (35 classes), hashed by
# Spark ML (RegexTokenizer -> HashingTF, 2^18 features; --idf adds IDF fitted on the training rows)
# and written as LIBSVM: OUT_DIR/train.libsvm, OUT_DIR/test.libsvm (a seeded, stratified 20 %),
# OUT_DIR/labels.txt (class index, label), OUT_DIR/summary.json. Prints one summary line.
#
# The packages are fetched with `apt-get download` and unpacked with `dpkg-deb -x` into a cache
# folder, not installed: no root needed (except for `apt-get update` on a machine without package
# lists), and dpkg path-excludes for /usr/share/man (common in containers) do not apply.
#
# Usage: scripts/text-data.sh [OUT_DIR] [--features N] [--idf] [--seed N] [more HashedTextCorpus options]
#   OUT_DIR defaults to data/text; the packages are cached in ${XDG_CACHE_HOME:-~/.cache}/sparkprop/text-debs
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=data/text
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then out=$1; shift; fi
labels="$root/conf/text-corpus.labels"
cache=${TEXT_CORPUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkprop/text-debs}
mkdir -p "$cache/debs" "$cache/root"

mapfile -t packages < <(grep -v -e '^#' -e '^[[:space:]]*$' "$labels" | awk '{print $2}' | sort -u)
missing=()
for p in "${packages[@]}"; do [ -f "$cache/root/$p/.extracted" ] || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || { echo "text-data: needs apt-get and dpkg-deb (Debian or Ubuntu)" >&2; exit 2; }
  echo "text-data: downloading ${#missing[@]} Debian packages into $cache/debs" >&2
  # apt-get download needs package lists: update them once if the first try fails
  if ! (cd "$cache/debs" && apt-get download -q "${missing[@]}" >&2); then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq >&2; else sudo apt-get update -qq >&2; fi
    (cd "$cache/debs" && apt-get download -q "${missing[@]}" >&2)
  fi
  for p in "${missing[@]}"; do
    deb=$(ls -t "$cache/debs/${p}"_*.deb | head -n 1)
    rm -rf "$cache/root/$p"
    mkdir -p "$cache/root/$p"
    dpkg-deb -x "$deb" "$cache/root/$p"
    echo "$(basename "$deb")" > "$cache/root/$p/.extracted"
  done
fi

mkdir -p "$out"
SPARKPROP_MAIN=io.sparkprop.bench.HashedTextCorpus SPARKPROP_CLASSPATH="$root/target/bench/sparkprop-bench.jar" JAVA_OPTS="${JAVA_OPTS:--Xmx4g}" \
  "$root/scripts/sparkprop" --root "$cache/root" --labels "$labels" --out "$out" "$@"
