#!/usr/bin/env bash
# Fuzzes Sonde's parsers with libFuzzer on the stable toolchain (no nightly needed: the
# sanitizer is off, which Rust's safe code does not need; overflow checks stay on).
#   scripts/fuzz.sh [TARGET|all] [RUNS] [LIBFUZZER_FLAG...]
# TARGET: parse (PromQL), parse_eval, config (prometheus.yml), rules (rules.yml),
# exposition (/metrics text), share_link (#s=... links); `all` (default) runs the five
# parsers one after the other. RUNS: executions per target (default 10^7). Further
# flags go to libFuzzer as they are (e.g. -max_total_time=600 to stop after 10 minutes).
# Each run stops at the first crash, hang (10 s per input) or memory blow-up (2 GiB) and
# leaves the input in fuzz/artifacts/TARGET/. New corpus entries go to
# fuzz/target/corpus/TARGET; the seeds in fuzz/corpus/TARGET are only read.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:-all}"
runs="${2:-10000000}"
extra=("${@:3}")

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

# Longest input per target: beyond a page of text nothing new is reached, only slower.
max_len() {
  case "$1" in
    exposition | share_link) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

run() {
  local t="$1"
  mkdir -p "fuzz/target/corpus/$t" "fuzz/corpus/$t"
  cargo fuzz run --sanitizer none "$t" "fuzz/target/corpus/$t" "fuzz/corpus/$t" -- \
    -runs="$runs" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
    -reload=0 -print_final_stats=1 "${extra[@]}"
}

if [ "$target" = all ]; then
  for t in parse config rules exposition share_link; do
    run "$t"
  done
else
  run "$target"
fi
