//! What a target's scrape loop keeps between scrapes, as Prometheus's scrape cache does:
//! for each series as the page writes it (`name{labels}`), the labels it is stored under
//! once the target's labels are attached and `metric_relabel_configs` ran (or that they
//! drop it) and its id in the store, so a series seen before is stored without building
//! its labels again; and which series each scrape stored, for staleness markers.

use std::collections::{HashMap, HashSet};

use super::target::ScrapeTarget;
use crate::exposition::{Metadata, RawSample};
use crate::relabel::process;
use crate::store::{Labels, SeriesId, Store, STALE_NAN};

/// Past this many entries more than twice the last page's, entries the last scrape did
/// not see are forgotten.
const SPARE_ENTRIES: usize = 64;

/// One series as a page writes it.
#[derive(Clone, Debug)]
struct Entry {
    /// The series text, as the page writes it.
    text: Box<str>,
    /// The labels it is stored under; `None` when `metric_relabel_configs` drop it.
    labels: Option<Labels>,
    /// Its id in the store, and the store's generation that id belongs to.
    id: Option<(SeriesId, u64)>,
    /// The last scrape (by number) whose page had it.
    seen: u64,
}

/// A page's sample as read: its entry, value and own timestamp.
pub(super) type Read = (usize, f64, Option<i64>);

/// One target's scrape cache.
#[derive(Clone, Debug, Default)]
pub(super) struct ScrapeCache {
    entries: Vec<Entry>,
    index: HashMap<Box<str>, usize>,
    /// The entries of the last page read, in page order: a page usually repeats its order,
    /// so the entry at the same place is tried first.
    order: Vec<usize>,
    /// Scrapes so far (failed ones included).
    scrape: u64,
    /// What the last scrape stored, kept as labels when the entries were emptied (the
    /// target's configuration changed).
    carried: Option<Vec<Labels>>,
    /// The metadata of the scrape before last, whose texts the next page takes over.
    pub(super) spare_metadata: Vec<Metadata>,
}

/// Attaches the target's labels to a scraped series, as Prometheus does without
/// `honor_labels`: a clashing scraped label is kept as `exported_<name>`.
pub(super) fn attach_target_labels(scraped: &Labels, target: &ScrapeTarget) -> Labels {
    let mut out = scraped.clone();
    for l in target.labels.iter() {
        let theirs = scraped.get(&l.name);
        if !theirs.is_empty() {
            if target.honor_labels {
                continue;
            }
            out.set(&format!("exported_{}", l.name), theirs);
        }
        out.set(&l.name, &l.value);
    }
    out
}

/// Appends a staleness marker to each series at `t_ms`.
pub(super) fn mark_stale<'a>(
    store: &mut Store,
    series: impl Iterator<Item = &'a Labels>,
    t_ms: i64,
) {
    for labels in series {
        // A refused append means a newer sample exists: nothing to mark.
        let _ = store.append(labels, t_ms, STALE_NAN);
    }
}

impl ScrapeCache {
    /// The entry of the sample at `position` on the page, made (labels attached and
    /// relabelled for `target`) if the series is new to the cache.
    pub(super) fn lookup(
        &mut self,
        raw: &RawSample<'_>,
        position: usize,
        target: &ScrapeTarget,
    ) -> usize {
        if let Some(&i) = self.order.get(position) {
            if self.entries.get(i).is_some_and(|e| *e.text == *raw.series) {
                return i;
            }
        }
        if let Some(&i) = self.index.get(raw.series) {
            return i;
        }
        let attached = attach_target_labels(&raw.labels(), target);
        let labels = process(&attached, &target.metric_relabel).filter(|l| !l.is_empty());
        let i = self.entries.len();
        self.entries.push(Entry {
            text: raw.series.into(),
            labels,
            id: None,
            seen: 0,
        });
        self.index.insert(raw.series.into(), i);
        i
    }

    /// Stores a page read at `at` (samples without their own timestamp get it) and marks
    /// the series the previous scrape stored but this one did not as stale. Returns how
    /// many samples were kept after relabelling and how many of them started a new series.
    pub(super) fn store_page(
        &mut self,
        read: &[Read],
        at: i64,
        store: &mut Store,
    ) -> (usize, usize) {
        let previous = self.carried.take();
        self.scrape += 1;
        let (mut kept, mut added) = (0, 0);
        for &(i, value, timestamp_ms) in read {
            let Some(entry) = self.entries.get_mut(i) else {
                continue;
            };
            entry.seen = self.scrape;
            let Some(labels) = &entry.labels else {
                continue;
            };
            kept += 1;
            let id = match entry.id {
                Some((id, generation)) if generation == store.generation() => id,
                _ => {
                    if !store.contains(labels) {
                        added += 1;
                    }
                    let id = store.series_id(labels);
                    entry.id = Some((id, store.generation()));
                    id
                }
            };
            // A refused sample (out of order, duplicate) is dropped, as Prometheus drops it.
            let _ = store.append_to(id, timestamp_ms.unwrap_or(at), value);
        }
        let stored_now = |e: &Entry| e.seen == self.scrape;
        let vanished: Vec<&Labels> = match &previous {
            Some(labels) => labels.iter().collect(),
            None => self
                .entries
                .iter()
                .filter(|e| e.seen + 1 == self.scrape)
                .filter_map(|e| e.labels.as_ref())
                .collect(),
        };
        if !vanished.is_empty() {
            let current: HashSet<&Labels> = self
                .entries
                .iter()
                .filter(|e| stored_now(e))
                .filter_map(|e| e.labels.as_ref())
                .collect();
            let vanished: HashSet<&Labels> = vanished
                .into_iter()
                .filter(|l| !current.contains(l))
                .collect();
            mark_stale(store, vanished.into_iter(), at);
        }
        self.order.clear();
        self.order.extend(read.iter().map(|r| r.0));
        if self.entries.len() > 2 * read.len() + SPARE_ENTRIES {
            self.forget_unseen();
        }
        (kept, added)
    }

    /// A failed scrape at `at`: every series the previous scrape stored goes stale.
    pub(super) fn fail(&mut self, at: i64, store: &mut Store) {
        let previous = self.stored_last();
        self.scrape += 1;
        self.carried = None;
        mark_stale(store, previous.iter(), at);
    }

    /// The labels of the series the last scrape stored.
    pub(super) fn stored_last(&self) -> Vec<Labels> {
        if let Some(labels) = &self.carried {
            return labels.clone();
        }
        let labels: HashSet<&Labels> = self
            .entries
            .iter()
            .filter(|e| e.seen == self.scrape && self.scrape > 0)
            .filter_map(|e| e.labels.as_ref())
            .collect();
        labels.into_iter().cloned().collect()
    }

    /// Forgets every series text (the target's labels or relabelling may have changed),
    /// keeping what the last scrape stored for the next one's staleness markers.
    pub(super) fn reset(&mut self) {
        self.carried = Some(self.stored_last());
        self.entries.clear();
        self.index.clear();
        self.order.clear();
    }

    /// Drops the entries the last scrape did not see.
    fn forget_unseen(&mut self) {
        let scrape = self.scrape;
        self.entries.retain(|e| e.seen == scrape);
        self.index = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.text.clone(), i))
            .collect();
        self.order.clear();
    }
}
