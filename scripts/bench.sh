#!/usr/bin/env bash
# The browser benchmark (issue 14): builds the learner's release WASM (dist/) and the
# benchmark page (benches/browser.html -> target/bench-dist/, never shipped), generates the
# shared workload (../shared/perf/workload.py), runs the native workload bench if its JSON is
# missing, then measures in headless Chromium and prints every measure against its budget.
# Writes target/perf/sonde-wasm-<scale>.json (compare.py's shape) and target/perf/sonde-browser.json.
#   scripts/bench.sh [--scale class] [--runs 7]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
install_build_tools
install_browser

SCALE=class
RUNS=7
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    *) echo "usage: scripts/bench.sh [--scale S] [--runs N]" >&2; exit 2 ;;
  esac
done
CACHE="${TMPDIR:-/tmp}/sonde-perf"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "release build (the learner's dist/)"
trunk build --release
step "benchmark page (target/bench-dist/)"
trunk build benches/browser.html --release --dist target/bench-dist

step "workload ($SCALE)"
[ -f "$CACHE/$SCALE/plan.tsv" ] || python3 ../shared/perf/workload.py --scale "$SCALE" --out "$CACHE"
if [ ! -f "target/perf/sonde-native-$SCALE.json" ]; then
  step "native workload bench"
  cargo bench --bench perf_workload -- --scale "$SCALE" --runs "$RUNS" --cache "$CACHE"
fi

step "headless Chromium"
python3 benches/browser.py --dist dist --bench-dist target/bench-dist \
  --workload "$CACHE/$SCALE" --scale "$SCALE" --runs "$RUNS"
