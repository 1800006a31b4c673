#!/usr/bin/env bash
# Runs every Sonde test, installing what is missing first:
#   1. formatting and lints,
#   2. the pure-Rust core natively (`cargo test`, including Prometheus's PromQL scripts
#      and the exports checked by the real promtool, Prometheus, Flask and
#      prometheus_client: tests/real_tools.rs),
#   3. the UI in headless Chromium and headless Firefox (wasm-bindgen-test, real clicks
#      and typing), with a real Prometheus on 127.0.0.1:19090 as a data source
#      (scripts/real-prometheus.sh),
#   4. the release build (wasm-opt on), served from a sub-path and driven in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
install_build_tools
install_browser
install_firefox
install_real_tools

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --check
cargo clippy --all-targets -q -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bin sonde --bin bench --test browser -q -- -D warnings

# Started before the native tests so that its own series are over a minute old when the
# browser tests compare its answers with Sonde's.
step "a real Prometheus for the data source tests"
scripts/real-prometheus.sh start
trap 'scripts/real-prometheus.sh stop' EXIT

step "core, natively"
cargo test --release

# The timeout is for the whole suite, which includes a simulated week (about 170 s).
step "UI in headless Chromium"
CHROMEDRIVER="$(command -v chromedriver)" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_TEST_TIMEOUT=600 \
  cargo test --target wasm32-unknown-unknown --test browser

step "UI in headless Firefox"
GECKODRIVER="$(command -v geckodriver)" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_TEST_TIMEOUT=600 \
  cargo test --target wasm32-unknown-unknown --test browser

step "release build, served from /sonde/"
trunk build --release
python3 tests/e2e/release_site.py dist
