//! What the linter knows about the data: each metric's type (from the scraped `# TYPE`
//! lines) and the scrape interval, which decides sensible `rate()` windows.

use std::collections::HashMap;

use crate::exposition::{Metadata, MetricType};

/// Prometheus's default scrape interval, used when none (or a non-positive one) is given.
pub const DEFAULT_SCRAPE_INTERVAL_MS: i64 = 60_000;

/// The metric types and scrape interval a query is checked against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LintContext {
    /// Type by metric name as the `# TYPE` lines give it (`http_requests_total`,
    /// `request_latency_seconds` for a histogram's family).
    pub metric_types: HashMap<String, MetricType>,
    /// The scrape interval of the targets, in milliseconds.
    pub scrape_interval_ms: i64,
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

    /// Whether the series named `name` are counters: typed so, the `_bucket`/`_count`/`_sum`
    /// series of a histogram or summary, or untyped and named `*_total`.
    pub fn is_counter(&self, name: &str) -> bool {
        match self.metric_types.get(name) {
            Some(MetricType::Counter) => return true,
            Some(MetricType::Gauge | MetricType::Histogram | MetricType::Summary) => return false,
            Some(MetricType::Untyped) | None => {}
        }
        for part in COUNTER_PARTS {
            let family = name.strip_suffix(part).map(|f| self.metric_types.get(f));
            if let Some(Some(MetricType::Histogram | MetricType::Summary)) = family {
                return true;
            }
        }
        if let Some(Some(MetricType::Counter)) = name
            .strip_suffix("_total")
            .map(|f| self.metric_types.get(f))
        {
            return true;
        }
        name.ends_with("_total")
    }

    /// Whether the series named `name` are gauges (only when typed so).
    pub fn is_gauge(&self, name: &str) -> bool {
        self.metric_types.get(name) == Some(&MetricType::Gauge)
    }
}
