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

The production version times each request and fails some: it is sent the requests of
`production_requests.tsv` (time, path, duration in seconds, 1 when the view fails) with a
fake timer in place of the app's `time` (`perf_counter` reads 0 when a request starts and
its scripted duration when it ends, so the histogram observes exactly that duration;
`sleep` returns at once) and a fake `random` whose `random()` is below the failure
threshold only for the requests scripted to fail.

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
# The production version's requests: path, duration in seconds, whether the view fails.
# Durations fall in several buckets, one exactly on a bound (0.005: `le` is inclusive),
# one above 0.5; /api/orders fails once (a 500), /nope is a 404.
PRODUCTION_REQUESTS = [
    ("/", 0.0042, False),
    ("/api/users", 0.2131, False),
    ("/api/orders", 0.0381, False),
    ("/", 0.005, False),
    ("/api/orders", 0.0127, True),
    ("/about", 0.0066, False),
    ("/nope", 0.0011, False),
    ("/api/users", 0.5524, False),
    ("/api/orders", 0.0274, False),
    ("/?x=1", 0.0035, False),
]
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


def production_requests():
    return [
        (FIRST_REQUEST_MS + i * REQUEST_EVERY_MS, path, duration, fails)
        for i, (path, duration, fails) in enumerate(PRODUCTION_REQUESTS)
    ]


class FakeTime:
    """The app's `time`: `perf_counter` reads the scripted readings, `sleep` returns."""

    def __init__(self):
        self.readings = []

    def perf_counter(self):
        return self.readings.pop(0)

    def sleep(self, _seconds):
        pass


class FakeRandom:
    """The app's `random`: `random()` gives the scripted draw."""

    def __init__(self):
        self.draw = 0.99

    def random(self):
        return self.draw


def run_production():
    """Sends the production version its requests with their scripted durations."""
    module = load_app("production")
    fake_time, fake_random = FakeTime(), FakeRandom()
    module.time, module.random = fake_time, fake_random
    app = module.app.test_client()
    for t, path, duration, fails in production_requests():
        clock["now"] = t / 1000
        fake_time.readings = [0.0, duration]
        fake_random.draw = 0.0 if fails else 0.99
        status = app.get(path).status_code
        expected = 404 if path == "/nope" else 500 if fails else 200
        if status != expected or fake_time.readings:
            sys.exit(f"GET {path}: {status}, timer left {fake_time.readings}")


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

    write(
        "production_requests.tsv",
        "".join(f"{t}\t{p}\t{d!r}\t{int(f)}\n" for t, p, d, f in production_requests()).encode(),
    )
    clear_registry()
    run_production()
    write("production.txt", generate_latest(REGISTRY))
    write("production.openmetrics.txt", openmetrics.generate_latest(REGISTRY))

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
