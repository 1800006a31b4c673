//! What the linter knows about the data: each metric's type (from the scraped `# TYPE`
//! lines), the metric names the store holds series for, and the scrape intervals, which
//! decide sensible `rate()` windows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::exposition::{Metadata, MetricType};
use crate::promql::ast::VectorSelector;
use crate::store::MatchOp;

/// Prometheus's default scrape interval, used when none (or a non-positive one) is given.
pub const DEFAULT_SCRAPE_INTERVAL_MS: i64 = 60_000;

/// The label Prometheus gives every scraped series the job's name in.
const JOB_LABEL: &str = "job";

/// The metric types, series names and scrape intervals a query is checked against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LintContext {
    /// Type by name as the `# TYPE` lines give it: a series name (`http_requests_total`,
    /// as `prometheus_client`'s text format writes it) or a family name (`http_requests`,
    /// as OpenMetrics writes a counter; `request_latency_seconds` for a histogram).
    pub metric_types: HashMap<String, MetricType>,
    /// The scrape interval of the targets, in milliseconds (the shortest one).
    pub scrape_interval_ms: i64,
    /// The metric names the store holds series for; empty when unknown (or before the
    /// first scrape), which turns the `unknown-metric` check off.
    pub metric_names: BTreeSet<String>,
    /// The scrape interval of each job, in milliseconds, by job name.
    pub job_intervals_ms: BTreeMap<String, i64>,
}

/// Suffixes of the counter series of histograms and summaries.
const COUNTER_PARTS: [&str; 3] = ["_bucket", "_count", "_sum"];

impl LintContext {
    /// The context from scraped metadata (the `# TYPE` lines; untyped names are left out)
    /// and the scrape interval of `prometheus.yml`.
    pub fn from_metadata<'a>(
        metadata: impl IntoIterator<Item = &'a Metadata>,
        scrape_interval_ms: i64,
    ) -> Self {
        LintContext {
            metric_types: metadata
                .into_iter()
                .filter_map(|m| m.kind.map(|k| (m.name.clone(), k)))
                .collect(),
            scrape_interval_ms,
            ..LintContext::default()
        }
    }

    /// The scrape interval, or Prometheus's default when not positive.
    pub fn interval_ms(&self) -> i64 {
        if self.scrape_interval_ms > 0 {
            self.scrape_interval_ms
        } else {
            DEFAULT_SCRAPE_INTERVAL_MS
        }
    }

    /// The window the fixes use for `rate()` and friends: 4 × the scrape interval, so that
    /// a window always holds several samples even when a scrape is late or missed.
    pub fn rate_range_ms(&self) -> i64 {
        self.interval_ms().saturating_mul(4)
    }

    /// The scrape interval of the series `vs` selects: its job's when it names a known
    /// job (`{job="my_app"}`), the context's otherwise.
    pub fn interval_for(&self, vs: &VectorSelector) -> i64 {
        vs.matchers
            .iter()
            .find(|m| m.name == JOB_LABEL && m.op == MatchOp::Equal)
            .and_then(|m| self.job_intervals_ms.get(&m.value))
            .copied()
            .filter(|&ms| ms > 0)
            .unwrap_or_else(|| self.interval_ms())
    }

    /// The window the fixes use for the series `vs` selects: 4 × their scrape interval.
    pub fn rate_range_for(&self, vs: &VectorSelector) -> i64 {
        self.interval_for(vs).saturating_mul(4)
    }

    /// Whether the store holds series named `name`; `None` when the context does not
    /// know the store's names.
    pub fn has_series(&self, name: &str) -> Option<bool> {
        (!self.metric_names.is_empty()).then(|| self.metric_names.contains(name))
    }

    /// What the series named `name` are, from the metadata: their own `# TYPE`, or their
    /// family's. `X_total` belongs to the counter `X`; `X_bucket`, `X_count` and `X_sum`
    /// are the counters of the histogram or summary `X`; `X_created` is the creation time
    /// of the counter, histogram or summary `X`, a gauge (as `prometheus_client` types
    /// it). `None` when nothing says.
    pub fn metric_type(&self, name: &str) -> Option<MetricType> {
        let family = |suffix: &str| {
            name.strip_suffix(suffix)
                .and_then(|f| self.metric_types.get(f))
                .copied()
        };
        match self.metric_types.get(name) {
            Some(MetricType::Untyped) | None => {}
            Some(&t) => return Some(t),
        }
        if family("_total") == Some(MetricType::Counter) {
            return Some(MetricType::Counter);
        }
        let compound = |t| matches!(t, Some(MetricType::Histogram | MetricType::Summary));
        if COUNTER_PARTS.into_iter().any(|part| compound(family(part))) {
            return Some(MetricType::Counter);
        }
        let created = family("_created");
        if created == Some(MetricType::Counter) || compound(created) {
            return Some(MetricType::Gauge);
        }
        None
    }

    /// Whether the metadata says the series named `name` are counters (see
    /// [`LintContext::metric_type`]); a name alone (`*_total`) is not enough.
    pub fn is_counter(&self, name: &str) -> bool {
        self.metric_type(name) == Some(MetricType::Counter)
    }

    /// Whether the metadata says the series named `name` are gauges.
    pub fn is_gauge(&self, name: &str) -> bool {
        self.metric_type(name) == Some(MetricType::Gauge)
    }
}
