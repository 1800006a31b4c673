//! What autocomplete knows of a server: its series' label sets (from `/api/v1/series`,
//! bounded) and its metrics' types and help texts (from `/api/v1/metadata`).

use std::collections::HashMap;

use crate::editing::complete::Vocabulary;
use crate::store::{Labels, Store};

use super::response::MetricMeta;

/// The most series kept for autocomplete.
pub const MAX_VOCAB_SERIES: usize = 20_000;

/// A server's names and values for autocomplete.
#[derive(Clone, Debug, Default)]
pub struct ServerVocabulary {
    /// The series' label sets, without samples.
    series: Store,
    /// Type and help by metric name.
    meta: HashMap<String, MetricMeta>,
}

impl ServerVocabulary {
    /// The vocabulary of `series` (the first [`MAX_VOCAB_SERIES`]) and `meta`.
    pub fn new(series: &[Labels], meta: Vec<MetricMeta>) -> Self {
        let mut store = Store::default();
        for labels in series.iter().take(MAX_VOCAB_SERIES) {
            store.series_id(labels);
        }
        ServerVocabulary {
            series: store,
            meta: meta.into_iter().map(|m| (m.name.clone(), m)).collect(),
        }
    }
}

impl Vocabulary for ServerVocabulary {
    fn metric_names(&self) -> Vec<String> {
        self.series.metric_names()
    }

    fn label_names(&self, metric: Option<&str>) -> Vec<String> {
        Vocabulary::label_names(&self.series, metric)
    }

    fn label_values(&self, metric: Option<&str>, label: &str) -> Vec<String> {
        Vocabulary::label_values(&self.series, metric, label)
    }

    fn metric_detail(&self, metric: &str) -> String {
        self.meta
            .get(metric)
            .map(|m| format!("{}: {}", m.kind, m.help))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editing::complete::complete;

    #[test]
    fn names_values_and_help_come_from_the_server() {
        let series = [
            Labels::from_pairs([("__name__", "up"), ("job", "prometheus")]),
            Labels::from_pairs([
                ("__name__", "prometheus_http_requests_total"),
                ("code", "200"),
            ]),
        ];
        let meta = vec![MetricMeta {
            name: "prometheus_http_requests_total".into(),
            kind: "counter".into(),
            help: "Counter of HTTP requests.".into(),
        }];
        let v = ServerVocabulary::new(&series, meta);
        assert_eq!(v.metric_names(), ["prometheus_http_requests_total", "up"]);
        assert_eq!(Vocabulary::label_names(&v, Some("up")), ["job"]);
        assert_eq!(Vocabulary::label_values(&v, None, "code"), ["200"]);
        let c = complete("prometheus_http", 15, &v).expect("suggestions");
        assert_eq!(c.items[0].label, "prometheus_http_requests_total");
        assert_eq!(c.items[0].signature, "counter: Counter of HTTP requests.");
        let c = complete("up{job=\"", 8, &v).expect("values");
        assert!(c.items.iter().any(|i| i.label.contains("prometheus")));
    }
}
