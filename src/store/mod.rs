//! The in-memory series store: series by label set, a postings index for label matchers,
//! samples in time order, and a retention window so a class-long run stays bounded.

mod labels;
mod matcher;
mod sample;

pub use labels::{escape_label_value, push_escaped_label_value, Label, Labels, METRIC_NAME};
pub use matcher::{MatchOp, Matcher, RegexError};
pub use sample::{is_stale, Sample, STALE_NAN};

use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// Default retention: 24 hours of simulated time, in milliseconds.
pub const DEFAULT_RETENTION_MS: i64 = 24 * 3600 * 1000;

/// Index of a series inside a [`Store`]; valid until the next [`Store::apply_retention`].
pub type SeriesId = usize;

/// One series: its labels and its samples in increasing time order.
#[derive(Clone, Debug)]
pub struct Series {
    /// The series' identity.
    pub labels: Labels,
    /// Samples, strictly increasing in time.
    pub samples: Vec<Sample>,
}

impl Series {
    /// The samples with `mint < t <= maxt` (Prometheus 3's left-open window).
    pub fn window(&self, mint: i64, maxt: i64) -> &[Sample] {
        let lo = self.samples.partition_point(|s| s.t <= mint);
        let hi = self.samples.partition_point(|s| s.t <= maxt);
        &self.samples[lo..hi.max(lo)]
    }
}

/// Why an append was refused, as Prometheus's TSDB refuses it.
#[derive(Clone, Debug, PartialEq)]
pub enum AppendError {
    /// A sample older than the series' newest one.
    OutOfOrder,
    /// Same timestamp as the newest sample but another value.
    DuplicateTimestamp,
}

impl fmt::Display for AppendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AppendError::OutOfOrder => "out of order sample",
            AppendError::DuplicateTimestamp => "duplicate sample for timestamp",
        })
    }
}

/// The series store.
#[derive(Clone, Debug)]
pub struct Store {
    series: Vec<Series>,
    by_labels: HashMap<Labels, SeriesId>,
    postings: HashMap<String, HashMap<String, Vec<SeriesId>>>,
    retention_ms: i64,
    generation: u64,
}

impl Default for Store {
    fn default() -> Self {
        Self::new(DEFAULT_RETENTION_MS)
    }
}

impl Store {
    /// An empty store keeping `retention_ms` of samples behind the newest time it is told of.
    pub fn new(retention_ms: i64) -> Self {
        Store {
            series: Vec::new(),
            by_labels: HashMap::new(),
            postings: HashMap::new(),
            retention_ms,
            generation: 0,
        }
    }

    /// The retention window in milliseconds.
    pub fn retention_ms(&self) -> i64 {
        self.retention_ms
    }

    /// Changes each time series ids are given anew (retention dropped a series): an id
    /// kept from an earlier generation must be looked up again.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The id of the series with exactly these labels, creating it if needed.
    pub fn series_id(&mut self, labels: &Labels) -> SeriesId {
        if let Some(&id) = self.by_labels.get(labels) {
            return id;
        }
        let id = self.series.len();
        self.series.push(Series {
            labels: labels.clone(),
            samples: Vec::new(),
        });
        self.by_labels.insert(labels.clone(), id);
        for l in labels.iter() {
            self.postings
                .entry(l.name.clone())
                .or_default()
                .entry(l.value.clone())
                .or_default()
                .push(id);
        }
        id
    }

    /// Whether a series with these labels exists.
    pub fn contains(&self, labels: &Labels) -> bool {
        self.by_labels.contains_key(labels)
    }

    /// Makes room for `additional` more samples in series `id` (a bulk load knows how many).
    pub fn reserve(&mut self, id: SeriesId, additional: usize) {
        if let Some(s) = self.series.get_mut(id) {
            s.samples.reserve_exact(additional);
        }
    }

    /// Gives back the room the sample lists grew into (after a bulk load: up to half of
    /// their memory).
    pub fn shrink_to_fit(&mut self) {
        for s in &mut self.series {
            s.samples.shrink_to_fit();
        }
    }

    /// Appends a sample to the series `labels`, creating the series when new.
    pub fn append(&mut self, labels: &Labels, t: i64, v: f64) -> Result<SeriesId, AppendError> {
        let id = self.series_id(labels);
        self.append_to(id, t, v)?;
        Ok(id)
    }

    /// Appends a sample to an existing series.
    pub fn append_to(&mut self, id: SeriesId, t: i64, v: f64) -> Result<(), AppendError> {
        let samples = &mut self.series[id].samples;
        if let Some(last) = samples.last() {
            if t < last.t {
                return Err(AppendError::OutOfOrder);
            }
            if t == last.t {
                return if last.v.to_bits() == v.to_bits() {
                    Ok(())
                } else {
                    Err(AppendError::DuplicateTimestamp)
                };
            }
        }
        samples.push(Sample { t, v });
        Ok(())
    }

    /// The series with this id.
    pub fn series(&self, id: SeriesId) -> &Series {
        &self.series[id]
    }

    /// Number of series.
    pub fn len(&self) -> usize {
        self.series.len()
    }

    /// Whether the store holds no series.
    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// Total number of samples held.
    pub fn sample_count(&self) -> usize {
        self.series.iter().map(|s| s.samples.len()).sum()
    }

    /// The series matching every matcher, in label order (as Prometheus returns them).
    pub fn select(&self, matchers: &[Matcher]) -> Vec<SeriesId> {
        let mut candidates: Option<Vec<SeriesId>> = None;
        for m in matchers
            .iter()
            .filter(|m| m.op == MatchOp::Equal && !m.value.is_empty())
        {
            let list = self
                .postings
                .get(&m.name)
                .and_then(|vals| vals.get(&m.value))
                .cloned()
                .unwrap_or_default();
            candidates = Some(match candidates {
                None => list,
                Some(c) => c
                    .into_iter()
                    .filter(|id| list.binary_search(id).is_ok())
                    .collect(),
            });
        }
        let candidates = candidates.unwrap_or_else(|| (0..self.series.len()).collect());
        let mut out: Vec<SeriesId> = candidates
            .into_iter()
            .filter(|&id| {
                let labels = &self.series[id].labels;
                matchers.iter().all(|m| m.matches(labels.get(&m.name)))
            })
            .collect();
        crate::order::sort_by(&mut out, |&a, &b| {
            self.series[a].labels.cmp(&self.series[b].labels)
        });
        out
    }

    /// Every label name in the store, sorted (for autocomplete).
    pub fn label_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.postings.keys().cloned().collect();
        crate::order::sort(&mut names);
        names
    }

    /// Every value label `name` takes, sorted (for autocomplete).
    pub fn label_values(&self, name: &str) -> Vec<String> {
        let set: BTreeSet<&String> = self
            .postings
            .get(name)
            .map(|v| crate::order::set(v.keys()))
            .unwrap_or_default();
        set.into_iter().cloned().collect()
    }

    /// An estimate of the memory the store holds, in bytes: sample buffers as allocated,
    /// label text, and the index entries (the figure a week-long run watches).
    pub fn approx_bytes(&self) -> usize {
        let sample = std::mem::size_of::<Sample>();
        let series: usize = self
            .series
            .iter()
            .map(|s| {
                let labels: usize = s.labels.iter().map(|l| l.name.len() + l.value.len()).sum();
                std::mem::size_of::<Series>() + s.samples.capacity() * sample + labels
            })
            .sum();
        let postings: usize = self
            .postings
            .iter()
            .map(|(name, values)| {
                name.len()
                    + values
                        .iter()
                        .map(|(v, ids)| v.len() + ids.capacity() * std::mem::size_of::<SeriesId>())
                        .sum::<usize>()
            })
            .sum();
        series + postings + self.by_labels.len() * std::mem::size_of::<(Labels, SeriesId)>()
    }

    /// Drops samples older than `now_ms - retention`, and series left with no sample.
    pub fn apply_retention(&mut self, now_ms: i64) {
        let cutoff = now_ms - self.retention_ms;
        let before = self.series.len();
        for s in &mut self.series {
            let n = s.samples.partition_point(|x| x.t < cutoff);
            if n > 0 {
                s.samples.drain(..n);
            }
        }
        self.series.retain(|s| !s.samples.is_empty());
        if self.series.len() != before {
            self.reindex();
        }
    }

    fn reindex(&mut self) {
        let series = std::mem::take(&mut self.series);
        self.generation += 1;
        self.by_labels.clear();
        self.postings.clear();
        for s in series {
            let id = self.series_id(&s.labels);
            self.series[id].samples = s.samples;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(pairs: &[(&str, &str)]) -> Labels {
        Labels::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn append_and_select_by_matchers() {
        let mut s = Store::default();
        let a = l(&[("__name__", "up"), ("job", "my_app")]);
        let b = l(&[("__name__", "up"), ("job", "node")]);
        s.append(&a, 1000, 1.0).unwrap();
        s.append(&b, 1000, 0.0).unwrap();
        assert_eq!(s.select(&[Matcher::equal("__name__", "up")]).len(), 2);
        let re = Matcher::new(MatchOp::NotRegex, "job", "my_.*").unwrap();
        let ids = s.select(&[Matcher::equal("__name__", "up"), re]);
        assert_eq!(ids.len(), 1);
        assert_eq!(s.series(ids[0]).labels, b);
        assert_eq!(s.label_values("job"), vec!["my_app", "node"]);
    }

    #[test]
    fn shrinking_keeps_the_samples_and_frees_the_slack() {
        let mut s = Store::default();
        let a = l(&[("__name__", "x")]);
        for i in 0..1000 {
            s.append(&a, i * 1000, i as f64).unwrap();
        }
        let before = s.approx_bytes();
        s.shrink_to_fit();
        assert!(
            s.approx_bytes() < before,
            "{} vs {before}",
            s.approx_bytes()
        );
        assert_eq!(s.sample_count(), 1000);
        assert_eq!(s.series(0).samples[999].v, 999.0);
        s.reserve(0, 500);
        assert!(s.series(0).samples.capacity() >= 1500);
        s.reserve(7, 10); // no such series: nothing to do
    }

    #[test]
    fn out_of_order_and_duplicates_are_refused() {
        let mut s = Store::default();
        let a = l(&[("__name__", "x")]);
        s.append(&a, 2000, 1.0).unwrap();
        assert_eq!(s.append(&a, 1000, 1.0), Err(AppendError::OutOfOrder));
        assert_eq!(
            s.append(&a, 2000, 2.0),
            Err(AppendError::DuplicateTimestamp)
        );
        assert!(s.append(&a, 2000, 1.0).is_ok());
    }

    #[test]
    fn window_is_left_open() {
        let mut s = Store::default();
        let a = l(&[("__name__", "x")]);
        for t in [0, 15, 30, 45] {
            s.append(&a, t * 1000, t as f64).unwrap();
        }
        let w = s.series(0).window(15_000, 45_000);
        assert_eq!(
            w.iter().map(|x| x.t).collect::<Vec<_>>(),
            vec![30_000, 45_000]
        );
    }

    #[test]
    fn retention_drops_old_samples_and_empty_series() {
        let mut s = Store::new(60_000);
        let a = l(&[("__name__", "a")]);
        let b = l(&[("__name__", "b")]);
        s.append(&a, 0, 1.0).unwrap();
        s.append(&b, 0, 1.0).unwrap();
        s.append(&b, 100_000, 2.0).unwrap();
        s.apply_retention(120_000);
        assert_eq!(s.len(), 1);
        assert_eq!(s.sample_count(), 1);
        assert_eq!(s.select(&[Matcher::equal("__name__", "b")]).len(), 1);
        assert!(s.select(&[Matcher::equal("__name__", "a")]).is_empty());
    }
}
