#!/usr/bin/env bash
# Serves Sonde at http://127.0.0.1:8080/ with live reload, installing the tools it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
install_build_tools
exec trunk serve "$@"
