//! The scrape loop: every target is scraped each `scrape_interval` on the simulated clock;
//! its `/metrics` text goes through the real exposition parser; `job`/`instance` and static
//! labels are attached, then the job's `metric_relabel_configs` keep, drop or rename each
//! sample; `up`, `scrape_duration_seconds`, `scrape_samples_scraped`,
//! `scrape_samples_post_metric_relabeling` and `scrape_series_added` are recorded; series
//! that vanish (or all of them, when a scrape fails or a target goes away) get staleness
//! markers, as Prometheus does. Each scrape starts a little after its tick and gets its
//! timestamp as Prometheus gives it (`timing`). What a scrape asks for is in `accept`.

mod accept;
mod hint;
mod pools;
mod target;
mod timing;

pub use accept::accept_header;
pub use pools::{scrape_pools, ScrapePool};
pub use target::{Fetched, Health, ScrapeFailure, ScrapeTarget, LOCAL_RESOLVER};
pub use timing::TIMESTAMP_TOLERANCE_US;

use std::collections::HashSet;
use std::time::Duration;

use crate::exposition::{parse_page, Metadata};
use crate::relabel::process;
use crate::store::{Labels, Store, METRIC_NAME, STALE_NAN};

/// The live state of one target, as the targets page shows it.
#[derive(Clone, Debug)]
pub struct TargetState {
    /// The target.
    pub target: ScrapeTarget,
    /// Health after the last scrape.
    pub health: Health,
    /// When the last scrape started (ms).
    pub last_scrape_ms: Option<i64>,
    /// How long the last scrape took.
    pub last_duration: Duration,
    /// Why the last scrape failed, if it did.
    pub last_error: Option<ScrapeFailure>,
    /// Samples in the last successful scrape.
    pub last_samples: usize,
    /// When the next scrape is due on the target's schedule (ms); it starts a little later.
    pub next_scrape_ms: i64,
    /// HELP and TYPE of the families the last successful scrape saw (Prometheus's
    /// metadata API).
    pub metadata: Vec<Metadata>,
    last_series: HashSet<Labels>,
}

/// Names of the series Prometheus records about each scrape.
pub const REPORT_SERIES: [&str; 5] = [
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "scrape_samples_post_metric_relabeling",
    "scrape_series_added",
];

/// All targets and their scrape schedule.
#[derive(Clone, Debug, Default)]
pub struct Scraper {
    targets: Vec<TargetState>,
    seed: u64,
}

/// A stable hash of the target (URL and job), keying its schedule and its timing noise.
fn target_key(t: &ScrapeTarget) -> u64 {
    t.url()
        .bytes()
        .chain(t.job.bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
}

/// A stable spread of targets over the interval, like Prometheus's per-target offset.
fn offset_ms(t: &ScrapeTarget) -> i64 {
    (target_key(t) % t.interval_ms.max(1) as u64) as i64
}

impl TargetState {
    /// How late (µs) the scrape due at `next_scrape_ms` starts.
    fn next_latency_us(&self, seed: u64) -> i64 {
        timing::wake_latency_us(seed, target_key(&self.target), self.next_scrape_ms)
    }

    /// When the next scrape really starts (ms): its tick plus the loop's wake-up delay.
    fn next_start_ms(&self, seed: u64) -> i64 {
        self.next_scrape_ms + self.next_latency_us(seed).div_euclid(1000)
    }
}

/// The first time at or after `now` on the target's scrape grid.
fn next_on_grid(t: &ScrapeTarget, now_ms: i64) -> i64 {
    let interval = t.interval_ms.max(1);
    let base = offset_ms(t);
    now_ms + (base - now_ms).rem_euclid(interval)
}

impl Scraper {
    /// An empty scraper (its timing noise from seed 0).
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty scraper whose scrape loops wake up late as `seed` decides.
    pub fn with_seed(seed: u64) -> Self {
        Scraper {
            targets: Vec::new(),
            seed,
        }
    }

    /// The targets in configuration order.
    pub fn targets(&self) -> &[TargetState] {
        &self.targets
    }

    /// Replaces the target list (a config reload): targets kept keep their health and
    /// schedule (re-aligned if their interval changed); removed targets' series get
    /// staleness markers at `now_ms`.
    pub fn set_targets(&mut self, targets: Vec<ScrapeTarget>, now_ms: i64, store: &mut Store) {
        let mut old = std::mem::take(&mut self.targets);
        for target in targets {
            let state = match old.iter().position(|s| s.target.same_identity(&target)) {
                Some(i) => {
                    let mut s = old.remove(i);
                    if s.target.interval_ms != target.interval_ms {
                        s.next_scrape_ms = next_on_grid(&target, now_ms);
                    }
                    s.target = target;
                    s
                }
                None => TargetState {
                    next_scrape_ms: next_on_grid(&target, now_ms),
                    target,
                    health: Health::Unknown,
                    last_scrape_ms: None,
                    last_duration: Duration::ZERO,
                    last_error: None,
                    last_samples: 0,
                    metadata: Vec::new(),
                    last_series: HashSet::new(),
                },
            };
            self.targets.push(state);
        }
        for gone in old {
            let mut all = gone.last_series.clone();
            if gone.last_scrape_ms.is_some() {
                all.extend(report_labels(&gone.target));
            }
            mark_stale(store, all.iter(), now_ms);
        }
    }

    /// When the next scrape of any target starts (its tick plus the wake-up delay).
    pub fn next_due_ms(&self) -> Option<i64> {
        self.targets
            .iter()
            .map(|s| s.next_start_ms(self.seed))
            .min()
    }

    /// Scrapes every target whose scrape starts at or before `now_ms` (each once, when it
    /// starts), using `fetch` to ask the simulated network for the target's `/metrics`.
    pub fn scrape_due(
        &mut self,
        now_ms: i64,
        store: &mut Store,
        fetch: &mut dyn FnMut(&ScrapeTarget, i64) -> Result<Fetched, ScrapeFailure>,
    ) {
        let seed = self.seed;
        for state in self
            .targets
            .iter_mut()
            .filter(|s| s.next_start_ms(seed) <= now_ms)
        {
            let tick = state.next_scrape_ms;
            scrape_one(state, seed, store, fetch);
            state.next_scrape_ms = tick + state.target.interval_ms.max(1);
            if state.next_scrape_ms <= now_ms - store.retention_ms() {
                state.next_scrape_ms = next_on_grid(&state.target, now_ms);
            }
        }
    }
}

fn report_labels(target: &ScrapeTarget) -> impl Iterator<Item = Labels> + '_ {
    REPORT_SERIES.iter().map(move |name| {
        let mut l = target.target_labels();
        l.set(METRIC_NAME, name);
        l
    })
}

fn mark_stale<'a>(store: &mut Store, series: impl Iterator<Item = &'a Labels>, t_ms: i64) {
    for labels in series {
        // A refused append means a newer sample exists: nothing to mark.
        let _ = store.append(labels, t_ms, STALE_NAN);
    }
}

/// Attaches the target's labels to a scraped series, as Prometheus does without
/// `honor_labels`: a clashing scraped label is kept as `exported_<name>`.
fn attach_target_labels(scraped: &Labels, target: &ScrapeTarget) -> Labels {
    let own = target.target_labels();
    let mut out = scraped.clone();
    for l in own.iter() {
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

/// Scrapes the target of `state` at its tick: the fetch happens when the loop wakes up,
/// the samples get the timestamp Prometheus gives them.
fn scrape_one(
    state: &mut TargetState,
    seed: u64,
    store: &mut Store,
    fetch: &mut dyn FnMut(&ScrapeTarget, i64) -> Result<Fetched, ScrapeFailure>,
) {
    let target = state.target.clone();
    let tick = state.next_scrape_ms;
    let latency_us = state.next_latency_us(seed);
    let started = tick + latency_us.div_euclid(1000);
    let at = timing::scrape_timestamp_ms(tick, latency_us, target.interval_ms);
    let timeout = Duration::from_millis(target.timeout_ms.max(0) as u64);
    let result = fetch(&target, started).and_then(|f| {
        if f.duration > timeout {
            return Err(ScrapeFailure::Timeout);
        }
        let page = parse_page(&f.body).map_err(|e| ScrapeFailure::Parse(e.to_string()))?;
        Ok((f.duration, page))
    });
    let mut current = HashSet::new();
    let (up, duration, scraped, kept, added) = match result {
        Ok((duration, page)) => {
            let samples = page.samples;
            state.metadata = page.metadata;
            let mut added = 0;
            let mut kept = 0;
            for s in &samples {
                let attached = attach_target_labels(&s.labels, &target);
                let Some(labels) = process(&attached, &target.metric_relabel) else {
                    continue;
                };
                if labels.is_empty() {
                    continue;
                }
                kept += 1;
                if !state.last_series.contains(&labels) && !store.contains(&labels) {
                    added += 1;
                }
                let _ = store.append(&labels, s.timestamp_ms.unwrap_or(at), s.value);
                current.insert(labels);
            }
            state.health = Health::Up;
            state.last_error = None;
            state.last_samples = samples.len();
            (1.0, duration, samples.len(), kept, added)
        }
        Err(failure) => {
            let timed_out = (failure == ScrapeFailure::Timeout).then_some(target.timeout_ms);
            let duration = timing::failed_scrape_time(seed, target_key(&target), tick, timed_out);
            state.health = Health::Down;
            state.last_error = Some(failure);
            (0.0, duration, 0, 0, 0)
        }
    };
    let vanished: Vec<Labels> = state.last_series.difference(&current).cloned().collect();
    mark_stale(store, vanished.iter(), at);
    state.last_series = current;
    state.last_scrape_ms = Some(started);
    state.last_duration = duration;
    let values = [
        up,
        duration.as_secs_f64(),
        scraped as f64,
        kept as f64,
        added as f64,
    ];
    for (labels, v) in report_labels(&target).zip(values) {
        let _ = store.append(&labels, at, v);
    }
}

#[cfg(test)]
mod tests;
