#!/usr/bin/env python3
"""Drives the release build of Sonde in headless Chromium, as a new user would.

The built site (trunk's `dist/`) is served by a static file server under the sub-path
`/sonde/`, as on any static host, and driven through chromedriver's W3C WebDriver API
(standard library only). It checks that the page starts with no console error, that a
request sent shows up on `/metrics` and on the chart, and that bad input gets a clear
message. Screenshots land in `target/e2e/` for a person to look at.

    python3 tests/e2e/release_site.py dist
"""
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOTS = os.path.join(ROOT, "target", "e2e")
CHROME_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--disable-quic", "--window-size=1400,2000", "--lang=fr-FR"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


class WebDriver:
    """The few W3C WebDriver calls the test needs."""

    def __init__(self, port, timeout=60):
        self.base = f"http://127.0.0.1:{port}"
        self.timeout = timeout
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"args": CHROME_ARGS, "binary": shutil.which("chromium") or "/usr/bin/chromium",
                                   "prefs": {"intl.accept_languages": "fr-FR,fr"}},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=self.timeout) as r:
            return json.loads(r.read() or b"{}").get("value")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def get(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, testid):
        el = self.s("POST", "/element", {"using": "css selector", "value": f'[data-testid="{testid}"]'})
        return next(iter(el.values()))

    def click(self, testid):
        self.s("POST", f"/element/{self.find(testid)}/click", {})

    def text(self, testid):
        return self.s("GET", f"/element/{self.find(testid)}/text")

    def type_into(self, testid, text, clear=True):
        el = self.find(testid)
        if clear:
            self.s("POST", f"/element/{el}/clear", {})
        self.s("POST", f"/element/{el}/value", {"text": text})

    def logs(self):
        return self.s("POST", "/se/log", {"type": "browser"})

    def screenshot(self, name):
        import base64
        os.makedirs(SHOTS, exist_ok=True)
        with open(os.path.join(SHOTS, name), "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))

    def quit(self):
        try:
            self.s("DELETE", "")
        except Exception:
            pass


def wait_for(what, predicate, timeout=20.0):
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            last = predicate()
            if last:
                return last
        except Exception as e:  # the element may not exist yet
            last = e
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


def main():
    dist = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "dist"))
    site = tempfile.mkdtemp(prefix="sonde-site-")
    os.symlink(dist, os.path.join(site, "sonde"))
    http_port, driver_port = free_port(), free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", http_port), functools.partial(Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = subprocess.Popen([shutil.which("chromedriver") or "/usr/bin/chromedriver", f"--port={driver_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    passed, failed = 0, 0
    wd = None
    try:
        wait_for("chromedriver", lambda: urllib.request.urlopen(f"http://127.0.0.1:{driver_port}/status").status == 200)
        wd = WebDriver(driver_port)
        checks = []

        def check(name):
            def register(f):
                checks.append((name, f))
                return f
            return register

        @check("the page starts from /sonde/ on the course's first step and draws its first chart")
        def _():
            wd.get(f"http://127.0.0.1:{http_port}/sonde/")
            ms = wait_for("first chart", lambda: wd.js(
                "return document.querySelector('[data-testid=chart]')?.dataset.firstDrawMs"))
            print(f"  page load to first drawn chart: {ms} ms")
            intro = wait_for("step 1", lambda: wd.text("step-intro"))
            assert "Prometheus" in intro, intro
            wd.screenshot("release-step1.png")

        @check("step 2: ten requests sent are counted in /metrics and the task is checked")
        def _():
            wd.click("step-2")
            for _ in range(10):
                wd.click("send-request")
            wait_for("/metrics to count them", lambda: "http_requests_total 10.0" in wd.text("metrics-text"))
            wait_for("the task to be checked", lambda: wd.js(
                "return document.querySelector('[data-testid=task-send-ten-requests]').dataset.done") == "true")
            wd.screenshot("release-step2.png")

        @check("step 4: after a scrape the requests show up on the chart")
        def _():
            wd.click("step-4")
            wd.click("clock-step")
            wd.click("clock-step")
            last = wait_for("legend value 10", lambda: [v for v in wd.js(
                "return [...document.querySelectorAll('[data-testid=legend-last]')].map(e => e.textContent)") if v == "10"])
            assert last, last
            points = int(wd.js("return document.querySelector('[data-testid=chart]').dataset.points"))
            assert points > 0, points
            wd.screenshot("release-step4.png")

        @check("step 3: a bad prometheus.yml shows a positioned error")
        def _():
            wd.click("step-3")
            wd.type_into("config-editor", "global:\n  scrape_interval: 15x\n")
            err = wait_for("config error", lambda: wd.text("config-error"))
            assert "2" in err, err
            wd.screenshot("release-config-error.png")

        @check("a bad query shows a positioned error")
        def _():
            wd.click("step-4")
            wd.type_into("query-input", "rate(http_requests_total)")
            wd.click("query-run")
            err = wait_for("query error", lambda: wd.text("query-error"))
            assert "range" in err or "intervalle" in err or "plage" in err, err
            wd.screenshot("release-query-error.png")

        @check("no console error")
        def _():
            severe = [e for e in wd.logs() if e.get("level") == "SEVERE"]
            assert not severe, severe

        for name, f in checks:
            try:
                f()
                passed += 1
                print(f"ok   {name}")
            except Exception as e:  # report and go on with the next check
                failed += 1
                print(f"FAIL {name}: {e}")
                if wd:
                    wd.screenshot("release-failure.png")
    finally:
        if wd:
            wd.quit()
        driver.terminate()
        server.shutdown()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
