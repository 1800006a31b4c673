//! The course's Flask app, simulated: Flask answers on port 5000 (`/` says
//! `Hello, world!` and counts the request), and prometheus_client's `start_http_server(8000)`
//! answers on port 8000 with the default registry in the text format. The app can be
//! stopped (nothing listens, the scraper sees `up 0`) and restarted (counters back to 0).
//! Its Python code, per [`Instrumentation`], is in `code`. Replica `n` of the app listens
//! on ports 5000 + n and 8000 + n. How long a request takes and whether it fails is
//! decided outside (`latency`, `workload`) and handed in as an [`Outcome`].

use std::fmt;
use std::time::Duration;

use super::collectors::default_registry;
use super::counter::Counter;
use super::histogram::{Histogram, Observations};
use super::latency::{profile, Outcome, Profile};
use super::process::SimProcess;
use super::workload::Group;
use crate::exposition::{write_text, MetricFamily};
use crate::lang::Lang;

/// The port Flask's development server listens on.
pub const FLASK_PORT: u16 = 5000;
/// The port of prometheus_client's metrics server (`start_http_server(8000)`).
pub const METRICS_PORT: u16 = 8000;
/// Content type of the metrics page (text format 0.0.4).
pub const CONTENT_TYPE_METRICS: &str = "text/plain; version=0.0.4; charset=utf-8";
/// Content type of the metrics page in OpenMetrics, as prometheus_client answers
/// Prometheus 3's default `Accept` (OpenMetrics 1.0.0 first, UTF-8 names allowed).
pub const CONTENT_TYPE_OPENMETRICS: &str =
    "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=allow-utf-8";
/// Content type of Flask's string and error responses.
pub const CONTENT_TYPE_HTML: &str = "text/html; charset=utf-8";

/// The course's counter name.
const COUNTER_NAME: &str = "http_requests_total";
/// The course's counter help text.
const COUNTER_HELP: &str = "Nombre total de requêtes HTTP";
/// The production version's histogram name.
const HISTOGRAM_NAME: &str = "http_request_duration_seconds";
/// The production version's histogram help text.
const HISTOGRAM_HELP: &str = "Durée des requêtes HTTP en secondes";
/// The body of `/`.
const HELLO: &str = "Hello, world!";
/// Werkzeug's 500 page.
const INTERNAL_ERROR_BODY: &str = "<!doctype html>\n<html lang=en>\n\
<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server \
encountered an internal error and was unable to complete your request. Either the server is \
overloaded or there is an error in the application.</p>\n";
/// Werkzeug's 404 page.
const NOT_FOUND_BODY: &str = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n\
<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL \
manually please check your spelling and try again.</p>\n";

/// Which version of the app's instrumentation runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Instrumentation {
    /// The course's code: `Counter('http_requests_total', 'Nombre total de requêtes HTTP')`,
    /// incremented in the `/` view only.
    #[default]
    Course,
    /// The later step: the same counter with `method` and `endpoint` labels, incremented
    /// for every request (404s included) before routing; the app also has `/about` and
    /// `/api/users`.
    PerEndpoint,
    /// A production-style app: the counter gets a `status` label and a histogram
    /// `http_request_duration_seconds` (default buckets) times every request, both after
    /// the response is made; `/api/users` is slower and `/api/orders` sometimes fails.
    Production,
}

impl Instrumentation {
    /// Every version, in the order a learner meets them.
    pub const ALL: [Instrumentation; 3] = [
        Instrumentation::Course,
        Instrumentation::PerEndpoint,
        Instrumentation::Production,
    ];

    /// The paths the version's Flask app routes (anything else is a 404).
    pub fn routes(self) -> &'static [&'static str] {
        match self {
            Instrumentation::Course => &["/"],
            Instrumentation::PerEndpoint => &["/", "/about", "/api/users"],
            Instrumentation::Production => &["/", "/about", "/api/users", "/api/orders"],
        }
    }

    /// Whether the version times its requests (the production version's histogram).
    pub fn times_requests(self) -> bool {
        self == Instrumentation::Production
    }

    /// The version after this one in [`Instrumentation::ALL`], back to the first.
    pub fn next(self) -> Instrumentation {
        let i = Self::ALL.iter().position(|&v| v == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

/// An HTTP response of the simulated app.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Status code (200, 404).
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: &'static str,
    /// The body.
    pub body: String,
}

impl Response {
    /// The status as Werkzeug writes it (`200 OK`, `404 NOT FOUND`), as Prometheus quotes
    /// it in a failed scrape's error.
    pub fn status_text(&self) -> String {
        let reason = match self.status {
            200 => "OK",
            404 => "NOT FOUND",
            500 => "INTERNAL SERVER ERROR",
            _ => "",
        };
        format!("{} {reason}", self.status)
    }

    fn ok(content_type: &'static str, body: impl Into<String>) -> Self {
        Response {
            status: 200,
            content_type,
            body: body.into(),
        }
    }
}

/// Why a request got no response: nothing listens on the port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionRefused {
    /// The port asked for.
    pub port: u16,
}

impl ConnectionRefused {
    /// The error in the user's language (English as Go's HTTP client words it).
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Fr => format!(
                "dial tcp 127.0.0.1:{} : connexion refusée (rien n'écoute sur ce port)",
                self.port
            ),
        }
    }
}

impl fmt::Display for ConnectionRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "dial tcp 127.0.0.1:{}: connect: connection refused",
            self.port
        )
    }
}

impl std::error::Error for ConnectionRefused {}

/// The simulated Flask app and its Python process.
#[derive(Clone, Debug)]
pub struct FlaskApp {
    process: SimProcess,
    up: bool,
    instrumentation: Instrumentation,
    requests: Counter,
    latency: Option<Histogram>,
    replica: u16,
}

impl FlaskApp {
    /// The course's app, started at `start_ms`; `seed` fixes every random-looking value.
    pub fn new(seed: u64, start_ms: i64) -> Self {
        Self::replica(seed, start_ms, 0, Instrumentation::Course)
    }

    /// Replica number `replica` of the app (ports 5000 + `replica` and 8000 +
    /// `replica`), running `instrumentation`, started at `start_ms`.
    pub fn replica(
        seed: u64,
        start_ms: i64,
        replica: u16,
        instrumentation: Instrumentation,
    ) -> Self {
        let process = SimProcess::start(seed, start_ms);
        let created = process.created_s();
        FlaskApp {
            requests: new_counter(instrumentation, created),
            latency: new_histogram(instrumentation, created),
            process,
            up: true,
            instrumentation,
            replica,
        }
    }

    /// The port Flask listens on (5000 for the first replica).
    pub fn flask_port(&self) -> u16 {
        FLASK_PORT.saturating_add(self.replica)
    }

    /// The port the metrics server listens on (8000 for the first replica).
    pub fn metrics_port(&self) -> u16 {
        METRICS_PORT.saturating_add(self.replica)
    }

    /// Whether the app is running (its ports answer).
    pub fn is_up(&self) -> bool {
        self.up
    }

    /// Which instrumentation runs.
    pub fn instrumentation(&self) -> Instrumentation {
        self.instrumentation
    }

    /// When the running process started (ms since the epoch).
    pub fn start_ms(&self) -> i64 {
        self.process.start_ms()
    }

    /// Stops the app (Ctrl+C): both ports refuse connections until [`FlaskApp::start`].
    pub fn stop(&mut self) {
        self.up = false;
    }

    /// Starts a stopped app as a new process at `now_ms`; does nothing if it runs.
    pub fn start(&mut self, now_ms: i64) {
        if !self.up {
            self.restart(now_ms);
        }
    }

    /// Restarts the process at `now_ms`: counters back to 0, new start time.
    pub fn restart(&mut self, now_ms: i64) {
        self.process = self.process.restarted(now_ms);
        let created = self.process.created_s();
        self.requests = new_counter(self.instrumentation, created);
        self.latency = new_histogram(self.instrumentation, created);
        self.up = true;
    }

    /// Deploys another instrumentation: the code changed, so the process restarts.
    pub fn deploy(&mut self, instrumentation: Instrumentation, now_ms: i64) {
        self.instrumentation = instrumentation;
        self.restart(now_ms);
    }

    /// The total of the app's request counter over all its label sets (0, not -0, before
    /// the first labelled request: an empty float sum in Rust is -0).
    pub fn requests_total(&self) -> f64 {
        self.requests
            .family()
            .samples
            .iter()
            .filter(|s| s.name.ends_with("_total"))
            .fold(0.0, |total, s| total + s.value)
    }

    /// A GET of `path` on `port` of localhost at `now_ms`. A request to Flask takes its
    /// endpoint's typical time and does not fail (see [`FlaskApp::handle`] for a drawn
    /// outcome).
    pub fn get(
        &mut self,
        port: u16,
        path: &str,
        now_ms: i64,
    ) -> Result<Response, ConnectionRefused> {
        if !self.up {
            return Err(ConnectionRefused { port });
        }
        if port == self.flask_port() {
            let path = route_path(path);
            let typical = profile(&path, self.routes(&path)).typical();
            return self.handle(&path, typical, now_ms);
        }
        if port != self.metrics_port() {
            return Err(ConnectionRefused { port });
        }
        if route_path(path) == "/favicon.ico" {
            return Ok(Response::ok(CONTENT_TYPE_METRICS, ""));
        }
        Ok(Response::ok(
            CONTENT_TYPE_METRICS,
            self.metrics_text(now_ms),
        ))
    }

    /// Whether the running version routes `path` (without query string).
    pub fn routes(&self, path: &str) -> bool {
        self.instrumentation.routes().contains(&path)
    }

    /// How a request of `path` (as sent, query string and all) behaves on the running
    /// version: its route's profile, or a 404's.
    pub fn profile_of(&self, path: &str) -> Profile {
        let path = route_path(path);
        profile(&path, self.routes(&path))
    }

    /// One GET of `path` on the Flask port at `now_ms`, taking as long and failing as
    /// `outcome` says (a failure is a 500 only where a route runs a view).
    pub fn handle(
        &mut self,
        path: &str,
        outcome: Outcome,
        now_ms: i64,
    ) -> Result<Response, ConnectionRefused> {
        if !self.up {
            return Err(ConnectionRefused {
                port: self.flask_port(),
            });
        }
        let path = route_path(path);
        self.serve(&[Group::single(&path, outcome)], now_ms);
        let page = |status, body: &str| Response {
            status,
            content_type: CONTENT_TYPE_HTML,
            body: body.to_string(),
        };
        Ok(match self.body(&path) {
            None => page(404, NOT_FOUND_BODY),
            Some(_) if outcome.fails => page(500, INTERNAL_ERROR_BODY),
            Some(body) => Response::ok(CONTENT_TYPE_HTML, body),
        })
    }

    /// Serves `count` GETs of `path` on the Flask port at `now_ms` at once, each taking
    /// its endpoint's typical time, without building bodies. Returns how many were served
    /// (0 when stopped).
    pub fn serve_traffic(&mut self, path: &str, count: u64, now_ms: i64) -> u64 {
        let path = route_path(path);
        let typical = profile(&path, self.routes(&path)).typical();
        let mut observed = Observations::default();
        observed.counts[super::histogram::bucket_of(typical.duration_s)] = count;
        observed.sum = typical.duration_s * count as f64;
        let group = Group {
            path,
            ok: count,
            failed: 0,
            observed,
        };
        self.serve_batch(&[group], now_ms)
    }

    /// Serves the requests of `groups` at `now_ms` at once (automatic traffic), without
    /// building bodies. Returns how many were served (0 when stopped).
    pub fn serve_batch(&mut self, groups: &[Group], now_ms: i64) -> u64 {
        if !self.up {
            return 0;
        }
        self.serve(groups, now_ms);
        groups.iter().map(Group::count).sum()
    }

    /// Makes the process leak `bytes_per_s` of resident memory from `from_ms` until
    /// `until_ms` (a restart frees it).
    pub fn leak(&mut self, from_ms: i64, until_ms: i64, bytes_per_s: f64) {
        self.process.leak(from_ms, until_ms, bytes_per_s);
    }

    /// Generates the metrics page at `now_ms`, as the metrics server would (it counts as
    /// work for the process).
    pub fn metrics_text(&mut self, now_ms: i64) -> String {
        self.process.served_scrape();
        write_text(&self.families(now_ms))
    }

    /// How long Prometheus's scrape at `at_ms` of a page of `page_bytes` takes (see
    /// [`SimProcess::scrape_time`]).
    pub fn scrape_time(&self, page_bytes: usize, at_ms: i64) -> Duration {
        self.process.scrape_time(page_bytes, at_ms)
    }

    /// The default registry's families at `now_ms` (reading them changes nothing).
    pub fn families(&self, now_ms: i64) -> Vec<MetricFamily> {
        default_registry(
            &self.process.gc(now_ms),
            &self.process.stats(now_ms),
            self.own_families(),
        )
    }

    /// The families the app's own code registers (its request counter, and the
    /// production version's histogram), without the library's default collectors.
    pub fn own_families(&self) -> Vec<MetricFamily> {
        let mut families = vec![self.requests.family()];
        families.extend(self.latency.as_ref().map(Histogram::family));
        families
    }

    /// Counts and times the requests of `groups` as the running version's code does.
    fn serve(&mut self, groups: &[Group], now_ms: i64) {
        let now_s = now_ms as f64 / 1000.0;
        for group in groups {
            self.process.served_requests(group.count());
            let path = group.path.as_str();
            let routed = self.body(path).is_some();
            let (ok_status, failed_status) = if routed { (200, 500) } else { (404, 404) };
            for (status, n) in [(ok_status, group.ok), (failed_status, group.failed)] {
                if n > 0 {
                    self.count(path, status, n, now_s);
                }
            }
            if let Some(latency) = &mut self.latency {
                latency.observe(&["GET", path], &group.observed, now_s);
            }
        }
    }

    /// Increments the request counter for `n` requests of `path` answered with `status`.
    fn count(&mut self, path: &str, status: u16, n: u64, now_s: f64) {
        let n = n as f64;
        match self.instrumentation {
            // The view increments the counter: only a successful `/` counts.
            Instrumentation::Course if status == 200 && path == "/" => {
                self.requests.inc(&[], n, now_s)
            }
            Instrumentation::Course => {}
            Instrumentation::PerEndpoint => self.requests.inc(&["GET", path], n, now_s),
            Instrumentation::Production => {
                self.requests
                    .inc(&["GET", path, &status.to_string()], n, now_s)
            }
        }
    }

    fn body(&self, path: &str) -> Option<&'static str> {
        if !self.routes(path) {
            return None;
        }
        match path {
            "/" => Some(HELLO),
            "/about" => Some("About this app"),
            "/api/users" => Some("[\"alice\", \"bob\"]"),
            "/api/orders" => Some("[{\"id\": 1, \"total\": 42.0}]"),
            _ => None,
        }
    }
}

fn new_counter(instrumentation: Instrumentation, created_s: f64) -> Counter {
    let labels: &[&str] = match instrumentation {
        Instrumentation::Course => &[],
        Instrumentation::PerEndpoint => &["method", "endpoint"],
        Instrumentation::Production => &["method", "endpoint", "status"],
    };
    Counter::new(COUNTER_NAME, COUNTER_HELP, labels, created_s)
}

fn new_histogram(instrumentation: Instrumentation, created_s: f64) -> Option<Histogram> {
    instrumentation.times_requests().then(|| {
        Histogram::new(
            HISTOGRAM_NAME,
            HISTOGRAM_HELP,
            &["method", "endpoint"],
            created_s,
        )
    })
}

/// The path Flask routes on (`request.path`): without query string or fragment, with a
/// leading `/`.
pub fn route_path(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or("");
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exposition::MetricType;

    const T0: i64 = 1_795_545_825_243;

    fn sample_value(text: &str, line_prefix: &str) -> Option<f64> {
        text.lines()
            .find_map(|l| l.strip_prefix(line_prefix))
            .and_then(|v| v.parse().ok())
    }

    #[test]
    fn root_says_hello_and_counts() {
        let mut app = FlaskApp::new(1, T0);
        for i in 0..3 {
            let r = app
                .get(FLASK_PORT, "/", T0 + i * 1000)
                .map(|r| (r.status, r.body));
            assert_eq!(r, Ok((200, HELLO.to_string())));
        }
        let text = app.metrics_text(T0 + 5000);
        assert_eq!(sample_value(&text, "http_requests_total "), Some(3.0));
        let created = sample_value(&text, "http_requests_created ").unwrap_or(0.0);
        assert!(
            (created - T0 as f64 / 1000.0 - 0.5).abs() < 0.1,
            "created {created}"
        );
        assert!(text.contains("# HELP http_requests_total Nombre total de requêtes HTTP\n"));
    }

    #[test]
    fn unknown_paths_are_404_and_not_counted() {
        let mut app = FlaskApp::new(1, T0);
        let r = app.get(FLASK_PORT, "/nope", T0);
        assert_eq!(r.as_ref().map(|r| r.status), Ok(404));
        assert_eq!(r.map(|r| r.status_text()), Ok("404 NOT FOUND".to_string()));
        assert_eq!(
            app.get(FLASK_PORT, "/metrics", T0).map(|r| r.status),
            Ok(404)
        );
        assert_eq!(app.get(FLASK_PORT, "?x=1", T0).map(|r| r.status), Ok(200));
        assert_eq!(app.requests_total(), 1.0);
    }

    #[test]
    fn metrics_server_answers_any_path_in_the_reference_order() {
        let mut app = FlaskApp::new(1, T0);
        let r = app.get(METRICS_PORT, "/anything", T0);
        assert_eq!(r.as_ref().map(|r| r.content_type), Ok(CONTENT_TYPE_METRICS));
        let names: Vec<String> = app
            .families(T0)
            .into_iter()
            .map(|f| f.name.to_string())
            .collect();
        assert_eq!(
            names,
            [
                "python_gc_objects_collected",
                "python_gc_objects_uncollectable",
                "python_gc_collections",
                "python_info",
                "process_virtual_memory_bytes",
                "process_resident_memory_bytes",
                "process_start_time_seconds",
                "process_cpu_seconds",
                "process_open_fds",
                "process_max_fds",
                "http_requests",
            ]
        );
        assert_eq!(
            app.get(METRICS_PORT, "/favicon.ico", T0).map(|r| r.body),
            Ok(String::new())
        );
        assert_eq!(
            app.get(9090, "/", T0),
            Err(ConnectionRefused { port: 9090 })
        );
    }

    #[test]
    fn stop_refuses_and_start_is_a_new_process() {
        let mut app = FlaskApp::new(1, T0);
        app.serve_traffic("/", 50, T0 + 1000);
        app.stop();
        assert!(!app.is_up());
        let err = app.get(METRICS_PORT, "/metrics", T0 + 2000);
        assert_eq!(err, Err(ConnectionRefused { port: 8000 }));
        assert!(err.is_err_and(|e| e.message(Lang::Fr).contains("connexion refusée")));
        assert_eq!(app.serve_traffic("/", 5, T0 + 2000), 0);
        app.start(T0 + 60_000);
        assert!(app.is_up());
        assert_eq!(app.start_ms(), T0 + 60_000);
        assert_eq!(app.requests_total(), 0.0);
        app.start(T0 + 70_000);
        assert_eq!(app.start_ms(), T0 + 60_000);
    }

    #[test]
    fn restart_resets_counter_and_moves_start_time() {
        let mut app = FlaskApp::new(1, T0);
        app.serve_traffic("/", 1000, T0 + 10_000);
        let before = app.metrics_text(T0 + 20_000);
        app.restart(T0 + 30_000);
        let after = app.metrics_text(T0 + 31_000);
        assert_eq!(sample_value(&before, "http_requests_total "), Some(1000.0));
        assert_eq!(sample_value(&after, "http_requests_total "), Some(0.0));
        let start = sample_value(&after, "process_start_time_seconds ").unwrap_or(0.0);
        assert!(
            (start - (T0 + 30_000) as f64 / 1000.0).abs() < 0.02,
            "start {start}"
        );
    }

    #[test]
    fn per_endpoint_counts_every_path_with_labels() {
        let mut app = FlaskApp::new(1, T0);
        app.serve_traffic("/", 3, T0);
        app.deploy(Instrumentation::PerEndpoint, T0 + 1000);
        assert_eq!(app.instrumentation(), Instrumentation::PerEndpoint);
        app.serve_traffic("/", 3, T0 + 2000);
        app.serve_traffic("/about?x", 2, T0 + 2000);
        assert_eq!(
            app.get(FLASK_PORT, "/nope", T0 + 3000).map(|r| r.status),
            Ok(404)
        );
        let text = app.metrics_text(T0 + 4000);
        assert_eq!(
            sample_value(&text, "http_requests_total{endpoint=\"/\",method=\"GET\"} "),
            Some(3.0)
        );
        assert_eq!(
            sample_value(
                &text,
                "http_requests_total{endpoint=\"/about\",method=\"GET\"} "
            ),
            Some(2.0)
        );
        assert_eq!(
            sample_value(
                &text,
                "http_requests_total{endpoint=\"/nope\",method=\"GET\"} "
            ),
            Some(1.0)
        );
        assert_eq!(app.requests_total(), 6.0);
        let family = app.families(T0).pop().map(|f| f.kind);
        assert_eq!(family, Some(MetricType::Counter));
    }

    #[test]
    fn requests_served_is_a_plain_zero_after_deploying_labels() {
        let mut app = FlaskApp::new(1, T0);
        app.serve_traffic("/", 3, T0);
        app.deploy(Instrumentation::PerEndpoint, T0 + 1000);
        let served = app.requests_total();
        assert!(served == 0.0 && served.is_sign_positive(), "{served:?}");
        assert_eq!(served.to_string(), "0");
        app.serve_traffic("/about", 2, T0 + 2000);
        assert_eq!(app.requests_total().to_string(), "2");
    }

    #[test]
    fn same_seed_and_history_give_the_same_page() {
        let run = |seed| {
            let mut app = FlaskApp::new(seed, T0);
            let mut pages = Vec::new();
            for i in 1..=20 {
                app.serve_traffic("/", 37 * i as u64, T0 + i * 15_000);
                pages.push(app.metrics_text(T0 + i * 15_000));
            }
            app.restart(T0 + 400_000);
            pages.push(app.metrics_text(T0 + 401_000));
            pages
        };
        assert_eq!(run(5), run(5));
        assert_ne!(run(5), run(6));
    }
}
