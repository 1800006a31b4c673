//! The typed `prometheus.yml`: what the scraper and the UI read once parsing succeeded.
//! Every default and inheritance is already applied (durations in milliseconds).

use crate::relabel::RelabelConfig;
use crate::store::Labels;

use super::error::Position;
use super::note::ConfigNote;

/// A whole, valid configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The `global` section, defaults filled in.
    pub global: GlobalConfig,
    /// `rule_files` as written (Sonde loads `rules.yml` when one of them names it).
    pub rule_files: Vec<String>,
    /// The scrape jobs, in file order.
    pub scrape_configs: Vec<ScrapeConfig>,
    /// Options accepted but not simulated, in document order.
    pub notes: Vec<ConfigNote>,
}

/// `scrape_interval` when `global` does not set it (Prometheus's `DefaultGlobalConfig`).
pub const DEFAULT_SCRAPE_INTERVAL_MS: u64 = 60_000;
/// `scrape_timeout` when neither `global` nor the job sets it, capped at the interval.
pub const DEFAULT_SCRAPE_TIMEOUT_MS: u64 = 10_000;
/// `evaluation_interval` when `global` does not set it.
pub const DEFAULT_EVALUATION_INTERVAL_MS: u64 = 60_000;

/// The `global` section.
#[derive(Clone, Debug, PartialEq)]
pub struct GlobalConfig {
    /// `scrape_interval` (default 1m).
    pub scrape_interval_ms: u64,
    /// `scrape_timeout` (default 10s, never above the interval).
    pub scrape_timeout_ms: u64,
    /// `evaluation_interval` (default 1m).
    pub evaluation_interval_ms: u64,
    /// `external_labels`, sorted by name.
    pub external_labels: Vec<(String, String)>,
}

/// One entry of `scrape_configs`: a job.
#[derive(Clone, Debug, PartialEq)]
pub struct ScrapeConfig {
    /// `job_name`, the value of the `job` label.
    pub job_name: String,
    /// Where `job_name` is written (for pointing at the job in the editor).
    pub position: Position,
    /// Effective interval: the job's own, else the global one.
    pub scrape_interval_ms: u64,
    /// Effective timeout: the job's own, else the global one capped at the interval.
    pub scrape_timeout_ms: u64,
    /// `metrics_path` (default `/metrics`).
    pub metrics_path: String,
    /// `scheme` as written (default `http`; Prometheus only checks it when scraping).
    pub scheme: String,
    /// `honor_labels` (default false).
    pub honor_labels: bool,
    /// `honor_timestamps` (default true).
    pub honor_timestamps: bool,
    /// The `static_configs` groups as written.
    pub static_configs: Vec<StaticConfig>,
    /// `relabel_configs`, applied to each target's labels.
    pub relabel_configs: Vec<RelabelConfig>,
    /// `metric_relabel_configs`, applied to each scraped sample.
    pub metric_relabel_configs: Vec<RelabelConfig>,
    /// `params`: each name with its values (the first becomes `__param_<name>`).
    pub params: Vec<(String, Vec<String>)>,
    /// Every target of every group kept by relabelling, with its final labels and
    /// settings.
    pub targets: Vec<Target>,
    /// The targets relabelling dropped.
    pub dropped_targets: Vec<DroppedTarget>,
}

/// A target that `relabel_configs` dropped: Prometheus lists it, with its labels before
/// relabelling, as a dropped target.
#[derive(Clone, Debug, PartialEq)]
pub struct DroppedTarget {
    /// Its labels before relabelling (`__address__`, `__metrics_path__`, `job`...).
    pub discovered_labels: Labels,
    /// Where the target is written in the YAML.
    pub position: Position,
}

/// One element of `static_configs`.
#[derive(Clone, Debug, PartialEq)]
pub struct StaticConfig {
    /// `targets` as written.
    pub targets: Vec<String>,
    /// `labels`, sorted by name.
    pub labels: Vec<(String, String)>,
}

/// A target ready to scrape: where, how, and the labels its series get.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The address scraped (`__address__` after relabelling, else as written), also
    /// the default `instance`.
    pub address: String,
    /// Host part of the address (`localhost`, `::1` for `[::1]:9090`).
    pub host: String,
    /// Port part of the address.
    pub port: Port,
    /// Scheme (`http` unless the job or a `__scheme__` label says otherwise).
    pub scheme: String,
    /// Path scraped (`/metrics` unless configured otherwise).
    pub metrics_path: String,
    /// URL parameters, from the `__param_<name>` labels after relabelling.
    pub params: Vec<(String, String)>,
    /// Interval between scrapes.
    pub scrape_interval_ms: u64,
    /// Timeout of one scrape.
    pub scrape_timeout_ms: u64,
    /// Target labels: `job`, `instance` and the group's labels (internal `__` labels
    /// removed).
    pub labels: Labels,
    /// Where the target is written in the YAML.
    pub position: Position,
}

/// The port of a target address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Port {
    /// No port written: Prometheus 3 uses the scheme's default port.
    Default,
    /// A port number.
    Number(u16),
    /// Something after `:` that is not a port (Prometheus accepts the file; the scrape
    /// then fails).
    Invalid(String),
}

impl Target {
    /// The port a scrape connects to: the written one, else 80 for `http` and 443 for
    /// `https`; `None` when it cannot connect (invalid port, unknown scheme).
    pub fn port_number(&self) -> Option<u16> {
        match (&self.port, self.scheme.as_str()) {
            (Port::Number(n), _) => Some(*n),
            (Port::Default, "http") => Some(80),
            (Port::Default, "https") => Some(443),
            _ => None,
        }
    }
}

/// Splits an address into host and port as Go's `net.SplitHostPort` would read it
/// (`[::1]:9090`, `localhost:8000`, `localhost`).
pub(crate) fn split_address(address: &str) -> (String, Port) {
    let port_of = |text: &str| match text.parse::<u16>() {
        Ok(n) if !text.starts_with('+') => Port::Number(n),
        _ => Port::Invalid(text.to_string()),
    };
    if let Some(rest) = address.strip_prefix('[') {
        if let Some((host, after)) = rest.split_once(']') {
            return match after.strip_prefix(':') {
                Some(port) => (host.to_string(), port_of(port)),
                None if after.is_empty() => (host.to_string(), Port::Default),
                None => (host.to_string(), Port::Invalid(after.to_string())),
            };
        }
    }
    match address.split_once(':') {
        Some((host, port)) if !port.contains(':') => (host.to_string(), port_of(port)),
        _ => (address.to_string(), Port::Default),
    }
}

impl Default for GlobalConfig {
    /// Prometheus's `DefaultGlobalConfig`: scrape every minute with a 10 s timeout,
    /// evaluate every minute, no external labels.
    fn default() -> Self {
        GlobalConfig {
            scrape_interval_ms: DEFAULT_SCRAPE_INTERVAL_MS,
            scrape_timeout_ms: DEFAULT_SCRAPE_TIMEOUT_MS,
            evaluation_interval_ms: DEFAULT_EVALUATION_INTERVAL_MS,
            external_labels: Vec::new(),
        }
    }
}

impl Default for Config {
    /// What an empty `prometheus.yml` gives: Prometheus's global defaults and no job.
    fn default() -> Self {
        Config {
            global: GlobalConfig::default(),
            rule_files: Vec::new(),
            scrape_configs: Vec::new(),
            notes: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_into_host_and_port() {
        let cases = [
            ("localhost:8000", "localhost", Port::Number(8000)),
            ("localhost", "localhost", Port::Default),
            ("[::1]:9090", "::1", Port::Number(9090)),
            ("[::1]", "::1", Port::Default),
            ("::1", "::1", Port::Default),
            ("host:abc", "host", Port::Invalid("abc".into())),
            ("host:99999", "host", Port::Invalid("99999".into())),
            ("host:", "host", Port::Invalid(String::new())),
        ];
        for (address, host, port) in cases {
            assert_eq!(
                split_address(address),
                (host.to_string(), port),
                "{address}"
            );
        }
    }
}
