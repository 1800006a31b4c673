#!/usr/bin/env bash
# Starts or stops a real Prometheus (Debian's `prometheus` package) on 127.0.0.1:19090
# that scrapes itself every second and holds, backfilled with promtool, Sonde's own
# OpenMetrics export of 40 simulated minutes of the course ending at start
# (examples/course_openmetrics.rs), for the browser tests of Sonde's real data source.
#   scripts/real-prometheus.sh start   # returns once /-/ready answers
#   scripts/real-prometheus.sh stop
# Its storage and config live in a temporary folder removed at stop.
set -euo pipefail
cd "$(dirname "$0")/.."

ADDR="${SONDE_PROMETHEUS_ADDR:-127.0.0.1:19090}"
STATE="target/real-prometheus"
PIDFILE="$STATE/pid"

start() {
  if ! command -v prometheus >/dev/null; then
    echo "real-prometheus: 'prometheus' is not on PATH (Debian: apt-get install prometheus)" >&2
    exit 1
  fi
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    echo "real-prometheus: already running (pid $(cat "$PIDFILE"))"
    return
  fi
  mkdir -p "$STATE"
  local dir
  dir="$(mktemp -d)"
  echo "$dir" >"$STATE/dir"
  cat >"$dir/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['$ADDR']
YML
  cargo run --release -q --example course_openmetrics -- "$dir/course.om.txt"
  promtool tsdb create-blocks-from openmetrics "$dir/course.om.txt" "$dir/data" >"$STATE/backfill.log"
  prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="$ADDR" >"$STATE/log" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 60); do
    if curl -fsS "http://$ADDR/-/ready" >/dev/null 2>&1; then
      # Wait for a few scrapes so queries have data.
      sleep 3
      echo "real-prometheus: ready on http://$ADDR (pid $(cat "$PIDFILE"))"
      return
    fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      echo "real-prometheus: prometheus exited; its log:" >&2
      cat "$STATE/log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "real-prometheus: not ready after 30 s; its log:" >&2
  cat "$STATE/log" >&2
  stop
  exit 1
}

stop() {
  if [ -f "$PIDFILE" ]; then
    local pid
    pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
    rm -f "$PIDFILE"
  fi
  if [ -f "$STATE/dir" ]; then
    rm -rf "$(cat "$STATE/dir")"
    rm -f "$STATE/dir"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
