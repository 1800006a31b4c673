//! A counter as prometheus_client's `Counter` behaves: its family name loses a trailing
//! `_total`, each child (one per label-value combination) holds a float value and the time
//! it was created, and it yields `<name>_total` and `<name>_created` samples.

use crate::exposition::{MetricFamily, MetricSample, MetricType};

/// One child of a counter: its label values, value and creation time.
#[derive(Clone, Debug, PartialEq)]
struct Child {
    label_values: Vec<String>,
    value: f64,
    created_s: f64,
}

/// A counter metric, possibly with labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Counter {
    name: String,
    help: String,
    label_names: Vec<String>,
    children: Vec<Child>,
}

impl Counter {
    /// A counter named as in Python (`Counter('http_requests_total', help)`): the `_total`
    /// suffix is dropped from the family name as the library does. Without label names the
    /// counter has its single child from the start, created at `created_s` (Unix seconds).
    pub fn new(name: &str, help: &str, label_names: &[&str], created_s: f64) -> Self {
        let name = name.strip_suffix("_total").unwrap_or(name);
        let children = if label_names.is_empty() {
            vec![Child {
                label_values: Vec::new(),
                value: 0.0,
                created_s,
            }]
        } else {
            Vec::new()
        };
        Counter {
            name: name.to_string(),
            help: help.to_string(),
            label_names: label_names.iter().map(|n| n.to_string()).collect(),
            children,
        }
    }

    /// The family name (without `_total`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Adds `by` to the child with these label values (one per label name, in order),
    /// creating the child at `now_s` on first use. A wrong number of values or a negative
    /// or non-finite increment is ignored, as the library would refuse it.
    pub fn inc(&mut self, label_values: &[&str], by: f64, now_s: f64) {
        if label_values.len() != self.label_names.len() || !by.is_finite() || by < 0.0 {
            return;
        }
        let found = self
            .children
            .iter_mut()
            .find(|c| c.label_values.iter().eq(label_values.iter()));
        match found {
            Some(child) => child.value += by,
            None => self.children.push(Child {
                label_values: label_values.iter().map(|v| v.to_string()).collect(),
                value: by,
                created_s: now_s,
            }),
        }
    }

    /// The value of the child with these label values (0 when it does not exist yet).
    pub fn value(&self, label_values: &[&str]) -> f64 {
        self.children
            .iter()
            .find(|c| c.label_values.iter().eq(label_values.iter()))
            .map_or(0.0, |c| c.value)
    }

    /// The family as the library's collector yields it: for each child a `_total` sample
    /// then a `_created` sample.
    pub fn family(&self) -> MetricFamily {
        let mut family =
            MetricFamily::new(self.name.as_str(), self.help.as_str(), MetricType::Counter);
        for child in &self.children {
            let labels: Vec<(String, String)> = self
                .label_names
                .iter()
                .cloned()
                .zip(child.label_values.iter().cloned())
                .collect();
            for (suffix, value) in [("_total", child.value), ("_created", child.created_s)] {
                family.samples.push(MetricSample {
                    name: format!("{}{suffix}", self.name),
                    labels: labels.clone(),
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
