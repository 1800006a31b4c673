#!/bin/sh
# Runs the real `promtool check config --syntax-only` on every document of
# tests/config_promtool.rs, each saved as `prometheus.yml`, and writes what it says to
# tests/reference/promtool/check-config.txt: one record a case, `### <case name>` then
# `SUCCESS` or promtool's `FAILED: ...` text (all its lines). Run from anywhere, with
# promtool on PATH (Debian: `apt-get install prometheus`).
set -eu
cd "$(dirname "$0")/../../.."
dump=$(mktemp -d)
trap 'rm -rf "$dump"' EXIT
SONDE_PROMTOOL_DUMP="$dump" cargo test -q --test config_promtool -- --ignored dump_cases_for_promtool >/dev/null
out=tests/reference/promtool/check-config.txt
{
    printf '# %s\n' "$(promtool --version 2>&1 | head -n 1)"
    i=0
    while IFS= read -r name; do
        cp "$dump/$i.yml" "$dump/prometheus.yml"
        printf '### %s\n' "$name"
        if (cd "$dump" && promtool check config --syntax-only prometheus.yml >/dev/null 2>"$dump/err"); then
            echo SUCCESS
        else
            sed -e '1s/^  //' -e '/^$/d' "$dump/err"
        fi
        i=$((i + 1))
    done <"$dump/names.txt"
} >"$out"
echo "wrote $out ($i cases)"
