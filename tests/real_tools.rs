//! Each export proven by the real tool: `promtool check config` and `check rules` on the
//! exported `prometheus.yml` and `rules.yml`, `promtool check metrics` on every version of
//! the simulated `/metrics`, the exported Python app run for real (its `/metrics`
//! families and label names equal to the simulation's), GNU `tar` unpacking the compose
//! bundle, and the OpenMetrics export backfilled with `promtool tsdb create-blocks-from
//! openmetrics` into a real Prometheus whose answers to the course's queries equal Sonde's
//! engine's on the same data.
//!
//! The tools: `promtool` and `prometheus` on the PATH (Debian's `prometheus` package, or
//! `PROMTOOL` / `PROMETHEUS`), and a Python with Flask and prometheus-client at the pinned
//! versions (`SONDE_VENV_PYTHON`, else `.tools/venv/bin/python`).
//! `scripts/test.sh` installs them (`install_real_tools` in `scripts/tools.sh`); when they
//! are missing the tests fail and say how to install them, they never pass silently.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use sonde::export::{
    app_file, compose_bundle, compose_file, openmetrics_file, prometheus_yml_file,
    requirements_file, rules_file, ComposeInputs, DashboardModel, FLASK_VERSION,
    PROMETHEUS_CLIENT_VERSION,
};
use sonde::exposition::parse_page;
use sonde::grafana::{DashboardTime, PanelSpec, Refresh};
use sonde::playground::Playground;
use sonde::promql::rate::ZeroClamp;
use sonde::promql::{Engine, Value};
use sonde::sim::Instrumentation;
use sonde::store::Labels;

const START: i64 = 1_795_545_600_000;
const INSTALL_HINT: &str = "run scripts/test.sh, or: source scripts/tools.sh && install_real_tools";

/// The course's config with the rules file loaded.
const CONFIG_WITH_RULES: &str = "global:
  scrape_interval: 15s
  evaluation_interval: 15s

rule_files:
  - rules.yml

scrape_configs:
  - job_name: 'my_app'
    static_configs:
      - targets: ['localhost:8000']
";

/// A tool on the PATH, or named by `env`; fails with the way to install it.
fn tool(env: &str, name: &str) -> PathBuf {
    if let Ok(path) = std::env::var(env) {
        return PathBuf::from(path);
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!("`{name}` is not installed (Debian package `prometheus`): {INSTALL_HINT}")
    })
}

/// The venv's Python with Flask and prometheus-client.
fn venv_python() -> PathBuf {
    let path = std::env::var("SONDE_VENV_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/venv/bin/python"));
    assert!(
        path.is_file(),
        "no Python venv with flask and prometheus-client at {}: {INSTALL_HINT}",
        path.display()
    );
    path
}

/// A fresh directory under the target dir.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("real-tools-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn says(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A free TCP port on 127.0.0.1.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process killed when the guard goes, even when a test fails.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `GET path` on 127.0.0.1:`port`: the status and the body.
fn get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAccept: text/plain\r\n\r\n"
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, body.to_string()))
}

/// Waits until `GET path` answers 200, for up to `secs`.
fn wait_ready(port: u16, path: &str, secs: u64, child: &mut Killed) {
    let until = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Ok((200, _)) = get(port, path) {
            return;
        }
        if let Ok(Some(status)) = child.0.try_wait() {
            panic!("the server exited ({status}) before answering {path}");
        }
        assert!(
            Instant::now() < until,
            "no answer on {port}{path} after {secs}s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `s` percent-encoded for a URL query.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The production app with traffic, the rules loaded, run for `minutes` of simulated time.
fn course_run(minutes: i64) -> Playground {
    let mut pg = Playground::new(12, START);
    pg.deploy(Instrumentation::Production);
    pg.apply_config(CONFIG_WITH_RULES).unwrap();
    pg.set_rate(4.0).unwrap();
    for _ in 0..minutes * 4 {
        pg.step(15_000);
    }
    pg
}

#[test]
fn promtool_checks_the_exported_config_and_rules() {
    let promtool = tool("PROMTOOL", "promtool");
    let pg = course_run(2);
    let panels = [PanelSpec::default()];
    let inputs = ComposeInputs {
        prometheus_yml: pg.edited_config_text(),
        rules_yml: pg.rules_text(),
        version: Instrumentation::Production,
        dashboard: DashboardModel {
            title: "Sonde",
            panels: &panels,
            untitled: "Panel title",
            time: DashboardTime::relative(300_000),
            refresh: Refresh::Live,
        },
    };
    // The two downloads side by side, and the compose bundle's Prometheus folder.
    let dir = temp_dir("config");
    for file in [
        prometheus_yml_file(pg.edited_config_text()),
        rules_file(pg.rules_text()),
    ] {
        std::fs::write(dir.join(&file.name), &file.bytes).unwrap();
    }
    let bundle = temp_dir("bundle");
    for (path, bytes) in compose_bundle(&inputs) {
        let to = bundle.join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    for config in [
        dir.join("prometheus.yml"),
        bundle.join("sonde/prometheus/prometheus.yml"),
    ] {
        let out = run(Command::new(&promtool)
            .arg("check")
            .arg("config")
            .arg(&config));
        let text = says(&out);
        assert!(out.status.success(), "{}: {text}", config.display());
        assert!(text.contains("SUCCESS: 1 rule files found"), "{text}");
        assert!(
            text.contains("SUCCESS: 2 rules found"),
            "the rules file was read: {text}"
        );
    }
    // The downloaded archive: GNU tar unpacks exactly the bundle's files.
    let unpacked = temp_dir("tar");
    let tar = compose_file(&inputs, 1_795_545_600);
    std::fs::write(unpacked.join(&tar.name), &tar.bytes).unwrap();
    let out = run(Command::new("tar")
        .arg("xf")
        .arg(&tar.name)
        .current_dir(&unpacked));
    assert!(out.status.success(), "tar: {}", says(&out));
    for (path, bytes) in compose_bundle(&inputs) {
        assert_eq!(
            std::fs::read(unpacked.join(&path)).unwrap(),
            bytes,
            "{path}"
        );
    }
    let out = run(Command::new(&promtool)
        .args(["check", "rules"])
        .arg(dir.join("rules.yml")));
    assert!(out.status.success(), "{}", says(&out));
    assert!(
        says(&out).contains("SUCCESS: 2 rules found"),
        "{}",
        says(&out)
    );
}

/// The simulated `/metrics` of `version` after the app served `paths`.
fn simulated_page(version: Instrumentation, paths: &[&str]) -> String {
    let mut pg = Playground::new(3, START);
    pg.deploy(version);
    pg.step(1_000);
    for path in paths {
        pg.send_path(path);
        pg.step(250);
    }
    pg.metrics_preview()
}

const PATHS: [&str; 6] = ["/", "/about", "/api/users", "/api/orders", "/nope", "/"];

#[test]
fn promtool_checks_every_version_of_the_metrics_page() {
    let promtool = tool("PROMTOOL", "promtool");
    for version in Instrumentation::ALL {
        let page = simulated_page(version, &PATHS);
        let mut child = Command::new(&promtool)
            .args(["check", "metrics"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        // promtool lints (counters end in _total, no help text, ...) and exits 0 when
        // nothing is wrong: every version must be clean.
        assert!(out.status.success(), "{version:?}: {}\n{page}", says(&out));
        assert!(
            out.stdout.is_empty() && out.stderr.is_empty(),
            "{version:?}: {}",
            says(&out)
        );
    }
}

/// Each family of a page and the label names its samples carry (the metric name aside).
fn families(page: &str) -> BTreeMap<String, BTreeSet<String>> {
    let parsed = parse_page(page).unwrap_or_else(|e| panic!("{e:?}\n{page}"));
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in &parsed.metadata {
        out.entry(m.name.clone()).or_default();
    }
    for s in &parsed.samples {
        let family = parsed
            .metadata
            .iter()
            .map(|m| m.name.as_str())
            .filter(|name| s.name.starts_with(name))
            .max_by_key(|name| name.len())
            .unwrap_or(&s.name)
            .to_string();
        let names = out.entry(family).or_default();
        names.extend(
            s.labels
                .iter()
                .filter(|l| l.name != "__name__")
                .map(|l| l.name.clone()),
        );
    }
    out
}

#[test]
fn the_venv_and_the_install_script_have_the_pinned_versions() {
    let out = run(Command::new(venv_python()).args([
        "-c",
        "import importlib.metadata as m; print(m.version('flask'), m.version('prometheus-client'))",
    ]));
    let versions = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(
        versions,
        format!("{FLASK_VERSION} {PROMETHEUS_CLIENT_VERSION}"),
        "{}",
        says(&out)
    );
    let tools =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/tools.sh"))
            .unwrap();
    assert!(
        tools.contains(&format!("\nFLASK_VERSION={FLASK_VERSION}\n")),
        "scripts/tools.sh pins another Flask"
    );
    assert!(
        tools.contains(&format!(
            "\nPROMETHEUS_CLIENT_VERSION={PROMETHEUS_CLIENT_VERSION}\n"
        )),
        "scripts/tools.sh pins another prometheus-client"
    );
}

#[test]
fn the_exported_app_runs_for_real_with_the_simulated_families() {
    let python = venv_python();
    for version in Instrumentation::ALL {
        let dir = temp_dir(&format!("app-{version:?}"));
        let inputs_panels: [PanelSpec; 0] = [];
        let bundle = compose_bundle(&ComposeInputs {
            prometheus_yml: "",
            rules_yml: "",
            version,
            dashboard: DashboardModel {
                title: "",
                panels: &inputs_panels,
                untitled: "",
                time: DashboardTime::relative(300_000),
                refresh: Refresh::Live,
            },
        });
        let run_py = bundle
            .iter()
            .find(|(p, _)| p.ends_with("app/run.py"))
            .unwrap();
        std::fs::write(dir.join("run.py"), &run_py.1).unwrap();
        for file in [app_file(version), requirements_file()] {
            std::fs::write(dir.join(&file.name), &file.bytes).unwrap();
        }
        let (port, metrics_port) = (free_port(), free_port());
        let mut app = Killed(
            Command::new(&python)
                .arg("run.py")
                .current_dir(&dir)
                .env("HOST", "127.0.0.1")
                .env("PORT", port.to_string())
                .env("METRICS_PORT", metrics_port.to_string())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        wait_ready(port, "/", 30, &mut app);
        // wait_ready's request to / counts: the simulation gets one more "/" first.
        for path in PATHS {
            get(port, path).unwrap();
        }
        let (status, real) = get(metrics_port, "/metrics").unwrap();
        assert_eq!(status, 200);
        let mut paths = vec!["/"];
        paths.extend(PATHS);
        let simulated = simulated_page(version, &paths);
        let (real, simulated) = (families(&real), families(&simulated));
        assert_eq!(real, simulated, "{version:?}: families and label names");
        assert!(real.contains_key("http_requests_total"), "{real:?}");
    }
}

/// An instant vector as label text -> value (a scalar under the empty name).
type Answer = BTreeMap<String, f64>;

fn sonde_answer(pg: &Playground, query: &str, at_ms: i64) -> Answer {
    answer(pg.instant(query, Some(at_ms)).unwrap().value)
}

fn answer(value: Value) -> Answer {
    match value {
        Value::Vector(v) => v.into_iter().map(|s| (s.labels.to_string(), s.v)).collect(),
        Value::Scalar { v, .. } => BTreeMap::from([(String::new(), v)]),
        other => panic!("unexpected {other:?}"),
    }
}

/// Whether two answers have the same series with agreeing values.
fn same(a: &Answer, b: &Answer) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(k, &v)| b.get(k).is_some_and(|&w| agree(v, w)))
}

fn prometheus_answer(port: u16, query: &str, at_ms: i64) -> Answer {
    let path = format!(
        "/api/v1/query?query={}&time={}.{:03}",
        encode(query),
        at_ms / 1000,
        at_ms % 1000
    );
    let (status, body) = get(port, &path).unwrap();
    assert_eq!(status, 200, "{query}: {body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let number = |v: &serde_json::Value| -> f64 {
        let s = v[1].as_str().unwrap();
        match s {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            "NaN" => f64::NAN,
            _ => s.parse().unwrap(),
        }
    };
    let data = &json["data"];
    match data["resultType"].as_str() {
        Some("vector") => data["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let labels = Labels::from_pairs(
                    s["metric"]
                        .as_object()
                        .unwrap()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string())),
                );
                (labels.to_string(), number(&s["value"]))
            })
            .collect(),
        Some("scalar") => BTreeMap::from([(String::new(), number(&data["result"]))]),
        other => panic!("{query}: unexpected result type {other:?}: {body}"),
    }
}

/// Whether two values agree within 1e-9 relative (NaN equals NaN).
fn agree(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// The course's queries compared with a real Prometheus.
const QUERIES: [&str; 10] = [
    "http_requests_total",
    "up",
    "rate(http_requests_total[1m])",
    "sum by (endpoint) (rate(http_requests_total[5m]))",
    "sum by (status) (increase(http_requests_total[10m]))",
    "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
    "sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))",
    "avg_over_time(scrape_duration_seconds[5m])",
    "job:http_requests:rate1m",
    "max_over_time(http_request_duration_seconds_count[2m]) - min_over_time(http_request_duration_seconds_count[2m])",
];

/// A difference between Prometheus 2.42 (installed here) and Sonde (Prometheus 3's
/// semantics) explained by a documented change, accepted only where it is listed.
struct KnownDifference {
    /// The change's name.
    name: &'static str,
    /// Where Prometheus documents it.
    reference: &'static str,
    /// The query that shows it.
    query: &'static str,
    /// How long before the end of the run, in ms, it is evaluated.
    before_end_ms: i64,
    /// Puts Sonde's engine back to the older behaviour: it must then give 2.42's answer.
    older: fn(&mut Engine),
}

/// The differences the instants below meet. The oldest instant is 8.8 minutes into the
/// run, so a 10-minute window begins before the series do.
const KNOWN_DIFFERENCES: &[KnownDifference] = &[KnownDifference {
    name: "rate/increase extrapolation limited to the counter's zero point only when the \
           window would otherwise be extrapolated further (2.51+, 3.x): 2.42 extrapolates \
           to the zero point even when the first sample is more than 1.1 intervals from \
           the window's start, where newer releases stop at half an interval",
    reference: "prometheus/prometheus#13725 (v2.51.0 CHANGELOG: \"PromQL: Fix limiting of \
                extrapolation to negative values\")",
    query: "sum by (status) (increase(http_requests_total[10m]))",
    before_end_ms: 31 * 60_000 + 10_001,
    older: |e| e.zero_clamp = ZeroClamp::BeforeLimit,
}];

#[test]
fn backfilled_series_answer_as_sonde_does() {
    let promtool = tool("PROMTOOL", "promtool");
    let prometheus = tool("PROMETHEUS", "prometheus");
    let pg = course_run(40);
    let dir = temp_dir("tsdb");
    let om = openmetrics_file(pg.store());
    let om_path = dir.join(&om.name);
    std::fs::write(&om_path, &om.bytes).unwrap();
    let data = dir.join("data");
    let out = run(Command::new(&promtool)
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg(&om_path)
        .arg(&data));
    assert!(out.status.success(), "backfill: {}", says(&out));
    let config = dir.join("prometheus.yml");
    std::fs::write(&config, "global:\n  scrape_interval: 15s\n").unwrap();
    let port = free_port();
    let log = std::fs::File::create(dir.join("prometheus.log")).unwrap();
    let mut server = Killed(
        Command::new(&prometheus)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--storage.tsdb.path={}", data.display()))
            .arg("--storage.tsdb.retention.time=100y")
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    wait_ready(port, "/-/ready", 60, &mut server);
    let now = pg.now_ms();
    // Off the scrape grid: no window edge falls on a sample (see the left-open test below).
    let offsets = [
        1_234,
        7 * 60_000 + 4_321,
        20 * 60_000 + 777,
        31 * 60_000 + 10_001,
    ];
    let mut compared = 0;
    let mut unexplained = Vec::new();
    let mut met = Vec::new();
    for query in QUERIES {
        for before_end_ms in offsets {
            let at = now - before_end_ms;
            let ours = sonde_answer(&pg, query, at);
            let theirs = prometheus_answer(port, query, at);
            assert!(
                !ours.is_empty(),
                "{query} at now-{before_end_ms}ms: Sonde's answer is empty"
            );
            compared += ours.len();
            if same(&ours, &theirs) {
                continue;
            }
            let known = KNOWN_DIFFERENCES
                .iter()
                .find(|d| d.query == query && d.before_end_ms == before_end_ms);
            match known {
                Some(d) => {
                    let mut engine = pg.engine().clone();
                    (d.older)(&mut engine);
                    let expr = sonde::promql::parse(query).unwrap();
                    let older = answer(engine.instant(pg.store(), &expr, at).unwrap().value);
                    assert!(
                        same(&older, &theirs),
                        "{}: the older way Sonde gets {older:?}, Prometheus {theirs:?}",
                        d.name
                    );
                    met.push(d.name)
                }
                None => unexplained.push(format!(
                    "{query} at now-{before_end_ms}ms:\n  Sonde: {ours:?}\n  Prometheus: {theirs:?}"
                )),
            }
        }
    }
    assert!(unexplained.is_empty(), "{}", unexplained.join("\n"));
    for d in KNOWN_DIFFERENCES {
        assert!(
            met.contains(&d.name),
            "listed but not met, remove it: {} ({})",
            d.name,
            d.reference
        );
    }
    assert!(compared > 40, "only {compared} values compared");

    // Prometheus 3.0 made range windows left-open ("Range selectors are now left-open",
    // 3.0 migration guide): a sample exactly at `t - range` counts in 2.x, not in 3.x.
    // At one sample's time plus a minute, 2.42 counts one sample more than Sonde.
    let series = pg
        .store()
        .select(&[sonde::store::Matcher::equal("__name__", "up")]);
    let sample_t = pg.store().series(series[0]).samples[40].t;
    let query = "count_over_time(up[1m])";
    let ours = sonde_answer(&pg, query, sample_t + 60_000);
    let theirs = prometheus_answer(port, query, sample_t + 60_000);
    assert_eq!(ours.len(), 1);
    for (k, v) in &ours {
        assert_eq!(
            theirs.get(k),
            Some(&(v + 1.0)),
            "{query}: Sonde {ours:?}, Prometheus {theirs:?}"
        );
    }
}
