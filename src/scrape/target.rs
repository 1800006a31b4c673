//! What the scraper needs to know of one target, and what a scrape of it can answer.

use std::fmt;
use std::time::Duration;

use crate::config::{ScrapeConfig, Target};
use crate::relabel::RelabelConfig;
use crate::store::Labels;

/// One target of one job, resolved from `prometheus.yml`.
#[derive(Clone, Debug, PartialEq)]
pub struct ScrapeTarget {
    /// `job_name`.
    pub job: String,
    /// The `instance` label (the address unless relabelling set it).
    pub instance: String,
    /// The address dialled (`__address__` after relabelling, `localhost:8000`).
    pub address: String,
    /// URL parameters (`__param_<name>` labels), sorted by name.
    pub params: Vec<(String, String)>,
    /// Host part of the address.
    pub host: String,
    /// Port actually dialled (the scheme's default when none is written); `None` when
    /// what follows the `:` is not a port, so nothing can be dialled.
    pub port: Option<u16>,
    /// `http` or `https`.
    pub scheme: String,
    /// `metrics_path`.
    pub metrics_path: String,
    /// Effective `scrape_interval` in ms.
    pub interval_ms: i64,
    /// Effective `scrape_timeout` in ms.
    pub timeout_ms: i64,
    /// `honor_labels`.
    pub honor_labels: bool,
    /// The target's labels: `job`, `instance` and the static labels.
    pub labels: Labels,
    /// The job's `metric_relabel_configs`, applied to each scraped sample.
    pub metric_relabel: Vec<RelabelConfig>,
}

/// Go's `url.QueryEscape`: letters, digits and `-_.~` as they are, space as `+`, any
/// other byte as `%XX`.
fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl ScrapeTarget {
    /// The URL Prometheus would fetch, e.g. `http://localhost:8000/metrics`, with the
    /// `params` as its query string.
    pub fn url(&self) -> String {
        let query: Vec<String> = self
            .params
            .iter()
            .map(|(n, v)| format!("{}={}", query_escape(n), query_escape(v)))
            .collect();
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{}", query.join("&"))
        };
        format!(
            "{}://{}{}{query}",
            self.scheme, self.address, self.metrics_path
        )
    }

    /// The target's own labels: `job`, `instance` and the static labels.
    pub fn target_labels(&self) -> Labels {
        self.labels.clone()
    }

    /// Resolves a target of `prometheus.yml` for job `job`.
    pub fn from_config(job: &ScrapeConfig, t: &Target) -> Self {
        ScrapeTarget {
            job: job.job_name.clone(),
            instance: t.labels.get("instance").to_string(),
            address: t.address.clone(),
            params: t.params.clone(),
            host: t.host.clone(),
            port: t.port_number(),
            scheme: t.scheme.clone(),
            metrics_path: t.metrics_path.clone(),
            interval_ms: i64::try_from(t.scrape_interval_ms).unwrap_or(i64::MAX),
            timeout_ms: i64::try_from(t.scrape_timeout_ms).unwrap_or(i64::MAX),
            honor_labels: job.honor_labels,
            labels: t.labels.clone(),
            metric_relabel: job.metric_relabel_configs.clone(),
        }
    }

    /// Whether `other` is the same target (same job, instance and URL): its health is
    /// kept across a config reload.
    pub fn same_identity(&self, other: &ScrapeTarget) -> bool {
        self.job == other.job && self.instance == other.instance && self.url() == other.url()
    }
}

/// A successful HTTP answer to a scrape.
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched {
    /// The `/metrics` body.
    pub body: String,
    /// How long the scrape took, as Prometheus times it (nanoseconds, like Go's clock).
    pub duration: Duration,
}

/// The DNS server Go's resolver names in a failed lookup: systemd-resolved's stub, as on
/// a typical Ubuntu machine. The real one varies by machine (`/etc/resolv.conf`).
pub const LOCAL_RESOLVER: &str = "127.0.0.53:53";

/// Why a scrape failed, worded as Prometheus's targets page words it (Go's HTTP client
/// errors; checked against Prometheus with a real Flask + prometheus_client app, see
/// `tests/reference/scrape-errors/`).
#[derive(Clone, Debug, PartialEq)]
pub enum ScrapeFailure {
    /// Nothing listens on that host and port.
    ConnectionRefused {
        /// The URL tried.
        url: String,
        /// `host:port` dialled.
        dialled: String,
        /// Whether the port is one of the app's, refused because the app is stopped.
        app_stopped: bool,
    },
    /// The host name does not resolve (a typo such as `locahost`).
    NoSuchHost {
        /// The URL tried.
        url: String,
        /// The host looked up.
        host: String,
    },
    /// `scheme: https` against a server that speaks plain HTTP: Python's server answers
    /// the TLS handshake with bytes that are not a TLS record.
    NotTls {
        /// The URL tried.
        url: String,
    },
    /// The server answered with an error status, e.g. 404 from Flask's port.
    HttpStatus {
        /// Status code.
        code: u16,
        /// Reason phrase as the server wrote it, e.g. `NOT FOUND`.
        reason: String,
        /// The port that answered.
        port: Option<u16>,
    },
    /// No answer within `scrape_timeout`.
    Timeout,
    /// The body is not valid text exposition format.
    Parse(String),
}

impl fmt::Display for ScrapeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScrapeFailure::ConnectionRefused { url, dialled, .. } => {
                write!(
                    f,
                    "Get \"{url}\": dial tcp {dialled}: connect: connection refused"
                )
            }
            ScrapeFailure::NoSuchHost { url, host } => write!(
                f,
                "Get \"{url}\": dial tcp: lookup {host} on {LOCAL_RESOLVER}: no such host"
            ),
            ScrapeFailure::NotTls { url } => write!(
                f,
                "Get \"{url}\": tls: first record does not look like a TLS handshake"
            ),
            ScrapeFailure::HttpStatus { code, reason, .. } => {
                write!(f, "server returned HTTP status {code} {reason}")
            }
            ScrapeFailure::Timeout => f.write_str("context deadline exceeded"),
            ScrapeFailure::Parse(msg) => f.write_str(msg),
        }
    }
}

/// The health Prometheus shows for a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    /// Not scraped yet.
    Unknown,
    /// Last scrape succeeded (`up` 1).
    Up,
    /// Last scrape failed (`up` 0).
    Down,
}

impl Health {
    /// The word Prometheus's targets page uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Unknown => "UNKNOWN",
            Health::Up => "UP",
            Health::Down => "DOWN",
        }
    }
}
