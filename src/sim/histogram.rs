//! A histogram as prometheus_client's `Histogram` behaves: each child (one per label-value
//! combination) counts observations in buckets (an observation goes in the first bucket
//! whose upper bound is at least the value), adds them to a sum, and keeps the time it was
//! created; it yields cumulative `<name>_bucket` samples with an `le` label, then
//! `<name>_count`, `<name>_sum` and `<name>_created`.

use super::children::Children;
use crate::exposition::{format_float, MetricFamily, MetricSample, MetricType};

/// The library's default bucket bounds (`Histogram.DEFAULT_BUCKETS` without `+Inf`, which
/// every histogram has last).
pub const DEFAULT_BUCKETS: [f64; 14] = [
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
];

/// Observations already sorted into the default buckets: how many fell in each bucket
/// (not cumulative; the last one is `+Inf`) and their sum, added one by one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observations {
    /// Observations per bucket, `+Inf` last.
    pub counts: [u64; DEFAULT_BUCKETS.len() + 1],
    /// The sum of the observed values.
    pub sum: f64,
}

impl Observations {
    /// Adds one observation as `Histogram.observe` would.
    pub fn observe(&mut self, value: f64) {
        self.counts[bucket_of(value)] += 1;
        self.sum += value;
    }

    /// How many observations there are.
    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// The index of the bucket a value falls in (`+Inf`, the last, for anything above the
/// highest bound or NaN).
pub fn bucket_of(value: f64) -> usize {
    DEFAULT_BUCKETS
        .iter()
        .position(|&bound| value <= bound)
        .unwrap_or(DEFAULT_BUCKETS.len())
}

/// A histogram metric with the default buckets, possibly with labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    name: &'static str,
    help: &'static str,
    children: Children<Observations>,
}

impl Histogram {
    /// A histogram named as in Python (`Histogram('http_request_duration_seconds', help,
    /// labels)`). Without label names it has its single child from the start, created at
    /// `created_s` (Unix seconds).
    pub fn new(
        name: &'static str,
        help: &'static str,
        label_names: &[&str],
        created_s: f64,
    ) -> Self {
        Histogram {
            name,
            help,
            children: Children::new(label_names, created_s),
        }
    }

    /// Adds observations to the child with these label values (one per label name, in
    /// order), creating it at `now_s` on first use. A wrong number of values is ignored.
    pub fn observe(&mut self, label_values: &[&str], observed: &Observations, now_s: f64) {
        if let Some(mine) = self.children.labels(label_values, now_s) {
            for (count, more) in mine.counts.iter_mut().zip(&observed.counts) {
                *count += more;
            }
            mine.sum += observed.sum;
        }
    }

    /// The observations of the child with these label values (none when it does not
    /// exist yet).
    pub fn observed(&self, label_values: &[&str]) -> Observations {
        self.children.get(label_values).cloned().unwrap_or_default()
    }

    /// The family as the library's collector yields it: for each child its cumulative
    /// buckets (`le` as the library writes the bound), `_count`, `_sum` and `_created`.
    pub fn family(&self) -> MetricFamily {
        let mut family = MetricFamily::new(self.name, self.help, MetricType::Histogram);
        for (labels, observed, created_s) in self.children.iter() {
            let sample = |suffix: &str, value: f64| MetricSample {
                name: format!("{}{suffix}", self.name).into(),
                labels: labels.clone().into(),
                value,
                timestamp_ms: None,
            };
            let bounds = DEFAULT_BUCKETS.iter().copied().chain([f64::INFINITY]);
            let mut cumulative = 0;
            for (bound, count) in bounds.zip(observed.counts) {
                cumulative += count;
                family.samples.push(
                    sample("_bucket", cumulative as f64).with_label("le", format_float(bound)),
                );
            }
            family.samples.push(sample("_count", cumulative as f64));
            family.samples.push(sample("_sum", observed.sum));
            family.samples.push(sample("_created", created_s));
        }
        family
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exposition::write_text;

    fn observed(values: &[f64]) -> Observations {
        let mut o = Observations::default();
        for &v in values {
            o.observe(v);
        }
        o
    }

    #[test]
    fn a_bound_is_inclusive_and_the_rest_goes_to_inf() {
        assert_eq!(bucket_of(0.0), 0);
        assert_eq!(bucket_of(0.005), 0);
        assert_eq!(bucket_of(0.0050001), 1);
        assert_eq!(bucket_of(10.0), 13);
        assert_eq!(bucket_of(10.5), 14);
        assert_eq!(bucket_of(f64::NAN), 14);
        let o = observed(&[0.001, 0.3, 0.3, 42.0]);
        assert_eq!(o.count(), 4);
        assert_eq!(o.counts[0], 1);
        assert_eq!(o.counts[bucket_of(0.3)], 2);
        assert_eq!(o.counts[14], 1);
    }

    #[test]
    fn buckets_are_cumulative_with_count_sum_and_created() {
        let mut h = Histogram::new("d_seconds", "D", &["path"], 0.0);
        assert!(h.family().samples.is_empty());
        h.observe(&["/"], &observed(&[0.0123]), 7.5);
        h.observe(&["/"], &observed(&[0.3]), 8.0);
        h.observe(&["/", "extra"], &observed(&[1.0]), 9.0);
        assert_eq!(h.observed(&["/"]).count(), 2);
        assert_eq!(h.observed(&["/x"]).count(), 0);
        let text = write_text(&[h.family()]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2], "d_seconds_bucket{le=\"0.005\",path=\"/\"} 0.0");
        assert_eq!(lines[4], "d_seconds_bucket{le=\"0.025\",path=\"/\"} 1.0");
        assert_eq!(lines[9], "d_seconds_bucket{le=\"0.5\",path=\"/\"} 2.0");
        assert_eq!(lines[11], "d_seconds_bucket{le=\"1.0\",path=\"/\"} 2.0");
        assert_eq!(lines[16], "d_seconds_bucket{le=\"+Inf\",path=\"/\"} 2.0");
        assert_eq!(lines[17], "d_seconds_count{path=\"/\"} 2.0");
        assert_eq!(
            lines[18],
            format!("d_seconds_sum{{path=\"/\"}} {}", format_float(0.0123 + 0.3))
        );
        assert_eq!(lines[21], "d_seconds_created{path=\"/\"} 7.5");
    }

    #[test]
    fn an_unlabelled_histogram_exists_from_the_start() {
        let h = Histogram::new("h", "H", &[], 3.0);
        let family = h.family();
        assert_eq!(family.samples.len(), DEFAULT_BUCKETS.len() + 4);
        assert!(family
            .samples
            .iter()
            .all(|s| s.value == 0.0 || s.value == 3.0));
    }
}
