#!/usr/bin/env bash
# Installs what Sonde's build and tests need, skipping whatever is already present:
# the wasm32 target, trunk, the wasm-bindgen CLI at the version Cargo.lock pins,
# wasm-opt (binaryen from npm, never Debian's old one), Chromium and Firefox with their
# drivers; for the real-tools tests, Debian's Prometheus (promtool) and a Python venv
# with the app's pinned Flask and prometheus-client.
# Sourced by scripts/serve.sh and scripts/test.sh; safe to run again and again.
set -euo pipefail

TRUNK_VERSION=0.21.14
GECKODRIVER_VERSION=0.37.1
BINARYEN_VERSION=132.0.0
# The app's requirements.txt pins (src/export/app.rs; a test checks they agree).
FLASK_VERSION=3.1.3
PROMETHEUS_CLIENT_VERSION=0.26.0
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
export PATH="$TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }

lock_version() { # version of a package in Cargo.lock
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

need_apt() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt-get install ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown && return 0
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
}

install_trunk() {
  if trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then return 0; fi
  say "cargo install trunk@$TRUNK_VERSION (about 11 minutes on 2 cores)"
  cargo install "trunk@$TRUNK_VERSION" --locked
}

install_wasm_bindgen() {
  local want; want="$(lock_version wasm-bindgen)"
  [ -n "$want" ] || { echo "no wasm-bindgen in Cargo.lock" >&2; return 1; }
  if wasm-bindgen --version 2>/dev/null | grep -q " $want"; then return 0; fi
  say "cargo install wasm-bindgen-cli@$want (about 4 minutes)"
  # --locked fails on this registry (one pinned dependency is missing): exact version instead.
  cargo install "wasm-bindgen-cli@$want" --force
}

install_wasm_opt() {
  if [ -x "$TOOLS/node_modules/.bin/wasm-opt" ] \
    && "$TOOLS/node_modules/.bin/wasm-opt" --version | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    return 0
  fi
  command -v npm >/dev/null || need_apt nodejs npm
  say "npm install binaryen@$BINARYEN_VERSION"
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && npm install --silent --no-audit --no-fund --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION" >/dev/null)
}

install_browser() {
  command -v python3 >/dev/null || need_apt python3   # drives the release-site test
  command -v chromium >/dev/null && command -v chromedriver >/dev/null && return 0
  need_apt chromium chromium-driver
}

install_firefox() {
  command -v firefox-esr >/dev/null || command -v firefox >/dev/null || need_apt firefox-esr
  if geckodriver --version 2>/dev/null | grep -q "geckodriver $GECKODRIVER_VERSION"; then return 0; fi
  say "cargo install geckodriver@$GECKODRIVER_VERSION (a few minutes)"
  cargo install "geckodriver@$GECKODRIVER_VERSION"
}

# promtool and prometheus (Debian's package), and .tools/venv with the pinned Flask and
# prometheus-client, for tests/real_tools.rs (SONDE_VENV_PYTHON names that Python).
install_real_tools() {
  { command -v promtool && command -v prometheus; } >/dev/null || need_apt prometheus
  local venv="$TOOLS/venv"
  export SONDE_VENV_PYTHON="$venv/bin/python"
  if "$venv/bin/python" - "$FLASK_VERSION" "$PROMETHEUS_CLIENT_VERSION" 2>/dev/null <<'PY'
import importlib.metadata as m, sys
sys.exit(not (m.version("flask") == sys.argv[1] and m.version("prometheus-client") == sys.argv[2]))
PY
  then return 0; fi
  command -v python3 >/dev/null || need_apt python3
  python3 -m venv "$venv" 2>/dev/null || { need_apt python3-venv; rm -rf "$venv"; python3 -m venv "$venv"; }
  say "pip install flask==$FLASK_VERSION prometheus-client==$PROMETHEUS_CLIENT_VERSION into .tools/venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "flask==$FLASK_VERSION" "prometheus-client==$PROMETHEUS_CLIENT_VERSION"
}

install_build_tools() { install_wasm_target; install_trunk; install_wasm_bindgen; install_wasm_opt; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  install_build_tools
  install_browser
  install_firefox
fi
