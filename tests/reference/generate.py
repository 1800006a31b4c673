#!/usr/bin/env python3
"""Writes the reference pages Sonde's simulated app is tested against, with the real library.

Run from the repository root, in a venv with the course's versions:

    python3 -m venv /tmp/venv
    /tmp/venv/bin/pip install 'flask==3.1.*' prometheus-client==0.26.0
    /tmp/venv/bin/python tests/reference/generate.py

For each version of the app, the very file Sonde shows (`src/sim/code/<version>.py`) is
loaded (not as `__main__`, so neither server starts), the request sequence of
`requests.tsv` goes through Flask's test client, and the app's own metrics are written as
`generate_latest` writes them: text format 0.0.4 in `<version>.txt`, OpenMetrics 1.0.0 in
`<version>.openmetrics.txt`. The default process, platform and gc collectors are
unregistered: their values depend on the machine and the moment.

prometheus_client reads `time.time()` when a counter or a labelled child is created; a
fake clock makes those `_created` values the scripted times (the app is imported at
`IMPORT_MS`, each request happens at its time in `requests.tsv`).

`default_registry.openmetrics.txt` is the full page of `../shared/reference` (the default
collectors with that machine's values, then the course's counter incremented 3 times) as
Prometheus receives it in OpenMetrics; the script checks that the same families give back
the shared reference byte for byte in the text format.
"""

import importlib.util
import pathlib
import sys
import types

import prometheus_client
import prometheus_client.metrics
from prometheus_client import REGISTRY, generate_latest
from prometheus_client.openmetrics import exposition as openmetrics
from prometheus_client.parser import text_string_to_metric_families

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CODE = ROOT / "src" / "sim" / "code"
SHARED = ROOT.parent / "shared" / "reference" / "prometheus_client-0.26.0-seed-app.txt"

VERSIONS = ["course", "per_endpoint"]
# When the app is imported (its unlabelled counter is created), ms since the epoch.
IMPORT_MS = 1_795_545_825_768
# The requests, in order: paths Flask answers (/, /about, /api/users in the later
# version), a 404, and a query string Flask does not route on.
PATHS = ["/", "/", "/about", "/", "/api/users", "/nope", "/about", "/?x=1"]
FIRST_REQUEST_MS = 1_795_545_830_250
REQUEST_EVERY_MS = 1_500

clock = {"now": IMPORT_MS / 1000}
prometheus_client.metrics.time = types.SimpleNamespace(time=lambda: clock["now"])


def clear_registry():
    for collector in list(REGISTRY._collector_to_names):
        REGISTRY.unregister(collector)


def load_app(version, import_s=IMPORT_MS / 1000):
    """Imports the app file as a module, at `import_s` on the fake clock."""
    clock["now"] = import_s
    spec = importlib.util.spec_from_file_location(f"sonde_app_{version}", CODE / f"{version}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def requests():
    return [(FIRST_REQUEST_MS + i * REQUEST_EVERY_MS, path) for i, path in enumerate(PATHS)]


def write(name, data):
    (HERE / name).write_bytes(data)
    print(f"wrote tests/reference/{name}")


class Families:
    """A collector yielding fixed families (the shared reference's default collectors)."""

    def __init__(self, families):
        self.families = families

    def collect(self):
        return self.families


def main():
    write("requests.tsv", "".join(f"{t}\t{p}\n" for t, p in requests()).encode())
    for version in VERSIONS:
        clear_registry()
        app = load_app(version).app.test_client()
        for t, path in requests():
            clock["now"] = t / 1000
            app.get(path)
        write(f"{version}.txt", generate_latest(REGISTRY))
        write(f"{version}.openmetrics.txt", openmetrics.generate_latest(REGISTRY))

    shared = SHARED.read_text(encoding="utf-8")
    defaults = [f for f in text_string_to_metric_families(shared) if not f.name.startswith("http_requests")]
    created = [s.value for f in text_string_to_metric_families(shared) for s in f.samples if s.name == "http_requests_created"]
    clear_registry()
    REGISTRY.register(Families(defaults))
    counter = load_app("course", import_s=created[0]).REQUEST_COUNT
    for _ in range(3):
        counter.inc()
    if generate_latest(REGISTRY).decode("utf-8") != shared:
        sys.exit("the shared reference's families do not give its text back")
    write("default_registry.openmetrics.txt", openmetrics.generate_latest(REGISTRY))


if __name__ == "__main__":
    main()
