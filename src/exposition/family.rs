//! Metric families as a client library holds them before writing: a name, a help text, a
//! type, and samples with labels and values. Names, help texts and most label values are
//! fixed words, kept borrowed ([`Text`]) so a scrape does not copy them each time.

use std::borrow::Cow;
use std::fmt;

/// A name, help text or label value: a fixed word borrowed, or a text made at run time.
pub type Text = Cow<'static, str>;

/// A sample's label pairs: a fixed set borrowed (`generation="0"`), or pairs made at run
/// time.
pub type LabelPairs = Cow<'static, [(Text, Text)]>;

/// The type of a metric family, as the `# TYPE` line names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetricType {
    /// A value that only goes up (and back to 0 on restart).
    Counter,
    /// A value that goes up and down.
    Gauge,
    /// Bucketed observations (`_bucket`, `_sum`, `_count`).
    Histogram,
    /// Quantiles of observations (`{quantile=...}`, `_sum`, `_count`).
    Summary,
    /// No type given (Prometheus stores it as unknown).
    Untyped,
}

impl MetricType {
    /// The word used on a `# TYPE` line.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricType::Counter => "counter",
            MetricType::Gauge => "gauge",
            MetricType::Histogram => "histogram",
            MetricType::Summary => "summary",
            MetricType::Untyped => "untyped",
        }
    }

    /// The type named by a `# TYPE` word, if it is one of the five the text format knows.
    pub fn from_word(word: &str) -> Option<MetricType> {
        [
            MetricType::Counter,
            MetricType::Gauge,
            MetricType::Histogram,
            MetricType::Summary,
            MetricType::Untyped,
        ]
        .into_iter()
        .find(|t| t.as_str() == word)
    }
}

impl fmt::Display for MetricType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One sample of a family: its full name (e.g. `http_requests_total`), labels, value and
/// optional timestamp.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricSample {
    /// Full sample name, suffix included (`_total`, `_created`, `_bucket`...).
    pub name: Text,
    /// Label pairs in any order (the writer sorts them by name, as the library does).
    pub labels: LabelPairs,
    /// The value.
    pub value: f64,
    /// Explicit timestamp in milliseconds, rarely used by client libraries.
    pub timestamp_ms: Option<i64>,
}

impl MetricSample {
    /// A sample without labels or timestamp.
    pub fn new(name: impl Into<Text>, value: f64) -> Self {
        MetricSample {
            name: name.into(),
            labels: Cow::Borrowed(&[]),
            value,
            timestamp_ms: None,
        }
    }

    /// The same sample with one more label.
    pub fn with_label(mut self, name: impl Into<Text>, value: impl Into<Text>) -> Self {
        self.labels.to_mut().push((name.into(), value.into()));
        self
    }
}

/// A metric family as prometheus_client's collectors yield it: for a counter the name has
/// no `_total` suffix (`http_requests`) and the samples are `http_requests_total` and
/// `http_requests_created`.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricFamily {
    /// Family name (for counters, without `_total`).
    pub name: Text,
    /// Help text, UTF-8 kept as is.
    pub help: Text,
    /// The family's type.
    pub kind: MetricType,
    /// The samples, in the order the collector yields them.
    pub samples: Vec<MetricSample>,
}

impl MetricFamily {
    /// An empty family.
    pub fn new(name: impl Into<Text>, help: impl Into<Text>, kind: MetricType) -> Self {
        MetricFamily {
            name: name.into(),
            help: help.into(),
            kind,
            samples: Vec::new(),
        }
    }

    /// The same family with one more sample.
    pub fn with_sample(mut self, sample: MetricSample) -> Self {
        self.samples.push(sample);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_words_round_trip() {
        for word in ["counter", "gauge", "histogram", "summary", "untyped"] {
            let t = MetricType::from_word(word).map(MetricType::as_str);
            assert_eq!(t, Some(word));
        }
        assert_eq!(MetricType::from_word("Counter"), None);
        assert_eq!(MetricType::from_word("info"), None);
    }
}
