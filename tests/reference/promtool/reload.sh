#!/bin/sh
# Starts the real Prometheus on the course's prometheus.yml, replaces the file with one
# that has a misspelt key, asks for a reload (POST /-/reload, then SIGHUP), and writes
# what Prometheus answered and logged to tests/reference/promtool/reload.txt (the log
# lines without their `ts=` and `caller=`). Needs `prometheus` and `curl` on PATH
# (Debian: `apt-get install prometheus curl`); uses port 19090.
set -eu
out="$(cd "$(dirname "$0")" && pwd)/reload.txt"
dir=$(mktemp -d)
cd "$dir"
printf "global:\n  scrape_interval: 15s\n\nscrape_configs:\n  - job_name: 'my_app'\n    static_configs:\n      - targets: ['localhost:8000']\n" >prometheus.yml
prometheus --config.file=prometheus.yml --storage.tsdb.path="$dir/data" \
    --web.listen-address=127.0.0.1:19090 --web.enable-lifecycle >log.txt 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
sleep 3
printf 'global:\n  scrape_intervall: 5s\n' >prometheus.yml
answer=$(curl -s -o body.txt -w '%{http_code}' -X POST 127.0.0.1:19090/-/reload)
kill -HUP "$pid"
sleep 1
{
    printf '# %s\n' "$(prometheus --version 2>&1 | head -n 1)"
    printf '### POST /-/reload: HTTP %s\n' "$answer"
    cat body.txt
    echo '### log'
    grep 'Error reloading config' log.txt | sed -e 's/^ts=[^ ]* caller=[^ ]* //'
} >"$out"
echo "wrote $out"
