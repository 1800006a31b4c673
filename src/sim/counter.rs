//! A counter as prometheus_client's `Counter` behaves: its family name loses a trailing
//! `_total`, each child (one per label-value combination) holds a float value and the time
//! it was created, and it yields `<name>_total` and `<name>_created` samples.

use super::children::Children;
use crate::exposition::{MetricFamily, MetricSample, MetricType};

/// A counter metric, possibly with labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Counter {
    name: &'static str,
    help: &'static str,
    children: Children<f64>,
}

impl Counter {
    /// A counter named as in Python (`Counter('http_requests_total', help)`): the `_total`
    /// suffix is dropped from the family name as the library does. Without label names the
    /// counter has its single child from the start, created at `created_s` (Unix seconds).
    pub fn new(
        name: &'static str,
        help: &'static str,
        label_names: &[&str],
        created_s: f64,
    ) -> Self {
        let name = name.strip_suffix("_total").unwrap_or(name);
        Counter {
            name,
            help,
            children: Children::new(label_names, created_s),
        }
    }

    /// The family name (without `_total`).
    pub fn name(&self) -> &str {
        self.name
    }

    /// Adds `by` to the child with these label values (one per label name, in order),
    /// creating the child at `now_s` on first use. A wrong number of values or a negative
    /// or non-finite increment is ignored, as the library would refuse it.
    pub fn inc(&mut self, label_values: &[&str], by: f64, now_s: f64) {
        if !by.is_finite() || by < 0.0 {
            return;
        }
        if let Some(value) = self.children.labels(label_values, now_s) {
            *value += by;
        }
    }

    /// The value of the child with these label values (0 when it does not exist yet).
    pub fn value(&self, label_values: &[&str]) -> f64 {
        self.children.get(label_values).copied().unwrap_or(0.0)
    }

    /// The family as the library's collector yields it: for each child a `_total` sample
    /// then a `_created` sample.
    pub fn family(&self) -> MetricFamily {
        let mut family = MetricFamily::new(self.name, self.help, MetricType::Counter);
        for (labels, &value, created_s) in self.children.iter() {
            for (suffix, value) in [("_total", value), ("_created", created_s)] {
                family.samples.push(MetricSample {
                    name: format!("{}{suffix}", self.name).into(),
                    labels: labels.clone().into(),
                    value,
                    timestamp_ms: None,
                });
            }
        }
        family
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exposition::write_text;

    #[test]
    fn plain_counter_counts_and_exposes_created() {
        let mut c = Counter::new("hits_total", "Hits", &[], 100.25);
        assert_eq!(c.name(), "hits");
        c.inc(&[], 1.0, 200.0);
        c.inc(&[], 2.0, 300.0);
        c.inc(&[], -1.0, 300.0);
        c.inc(&["extra"], 1.0, 300.0);
        assert_eq!(c.value(&[]), 3.0);
        assert_eq!(
            write_text(&[c.family()]),
            "# HELP hits_total Hits\n# TYPE hits_total counter\nhits_total 3.0\n\
             # HELP hits_created Hits\n# TYPE hits_created gauge\nhits_created 100.25\n"
        );
    }

    #[test]
    fn labelled_children_appear_on_first_use() {
        let mut c = Counter::new("req_total", "R", &["method", "endpoint"], 0.0);
        assert!(c.family().samples.is_empty());
        c.inc(&["GET", "/"], 1.0, 5.0);
        c.inc(&["GET", "/x"], 1.0, 6.0);
        c.inc(&["GET", "/"], 1.0, 7.0);
        assert_eq!(c.value(&["GET", "/"]), 2.0);
        assert_eq!(c.value(&["POST", "/"]), 0.0);
        let family = c.family();
        assert_eq!(family.samples.len(), 4);
        assert_eq!(family.samples[1].name, "req_created");
        assert_eq!(family.samples[1].value, 5.0);
        assert_eq!(
            family.samples[2].labels[1],
            ("endpoint".into(), "/x".into())
        );
    }
}
