//! The scrape loop: every target is scraped each `scrape_interval` on the simulated clock;
//! its `/metrics` text goes through the real exposition parser; `job`/`instance` and static
//! labels are attached, then the job's `metric_relabel_configs` keep, drop or rename each
//! sample; `up`, `scrape_duration_seconds`, `scrape_samples_scraped`,
//! `scrape_samples_post_metric_relabeling` and `scrape_series_added` are recorded; series
//! that vanish (or all of them, when a scrape fails or a target goes away) get staleness
//! markers, as Prometheus does. Each scrape starts a little after its tick and gets its
//! timestamp as Prometheus gives it (`timing`). What a scrape asks for is in `accept`.

mod accept;
mod cache;
mod hint;
mod pools;
mod target;
mod timing;

pub use accept::accept_header;
pub use pools::{scrape_pools, ScrapePool};
pub use target::{Fetched, Health, ScrapeFailure, ScrapeTarget, LOCAL_RESOLVER};
pub use timing::TIMESTAMP_TOLERANCE_US;

use std::time::Duration;

use crate::exposition::{read_page, Metadata};
use crate::store::{Labels, SeriesId, Store, METRIC_NAME};
use cache::{mark_stale, ScrapeCache};

#[cfg(test)]
use cache::attach_target_labels;

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
    /// [`target_key`] of the target, kept (it keys every scrape's timing).
    key: u64,
    cache: ScrapeCache,
    /// The report series' ids in the store, and the store generation they belong to.
    report_ids: Option<([SeriesId; REPORT_SERIES.len()], u64)>,
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
        timing::wake_latency_us(seed, self.key, self.next_scrape_ms)
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
                    s.key = target_key(&target);
                    s.target = target;
                    s.cache.reset();
                    s.report_ids = None;
                    s
                }
                None => TargetState {
                    next_scrape_ms: next_on_grid(&target, now_ms),
                    key: target_key(&target),
                    target,
                    health: Health::Unknown,
                    last_scrape_ms: None,
                    last_duration: Duration::ZERO,
                    last_error: None,
                    last_samples: 0,
                    metadata: Vec::new(),
                    cache: ScrapeCache::default(),
                    report_ids: None,
                },
            };
            self.targets.push(state);
        }
        for gone in old {
            let mut all = gone.cache.stored_last();
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

/// Scrapes the target of `state` at its tick: the fetch happens when the loop wakes up,
/// the samples get the timestamp Prometheus gives them.
fn scrape_one(
    state: &mut TargetState,
    seed: u64,
    store: &mut Store,
    fetch: &mut dyn FnMut(&ScrapeTarget, i64) -> Result<Fetched, ScrapeFailure>,
) {
    let tick = state.next_scrape_ms;
    let latency_us = state.next_latency_us(seed);
    let target = &state.target;
    let started = tick + latency_us.div_euclid(1000);
    let at = timing::scrape_timestamp_ms(tick, latency_us, target.interval_ms);
    let timeout = Duration::from_millis(target.timeout_ms.max(0) as u64);
    let cache = &mut state.cache;
    let mut spare = std::mem::take(&mut cache.spare_metadata);
    // The last page's room, as long as it was.
    let mut read = Vec::with_capacity(state.last_samples);
    let result = fetch(target, started).and_then(|f| {
        if f.duration > timeout {
            return Err(ScrapeFailure::Timeout);
        }
        let metadata = read_page(&f.body, &mut spare, &mut |raw| {
            let entry = cache.lookup(raw, read.len(), target);
            read.push((entry, raw.value, raw.timestamp_ms));
        })
        .map_err(|e| ScrapeFailure::Parse(e.to_string()))?;
        Ok((f.duration, metadata))
    });
    let (up, duration, scraped, kept, added) = match result {
        Ok((duration, metadata)) => {
            // The metadata replaced is recycled by the next scrape.
            state.cache.spare_metadata = std::mem::replace(&mut state.metadata, metadata);
            let (kept, added) = state.cache.store_page(&read, at, store);
            state.health = Health::Up;
            state.last_error = None;
            state.last_samples = read.len();
            (1.0, duration, read.len(), kept, added)
        }
        Err(failure) => {
            state.cache.spare_metadata = spare;
            let timed_out = (failure == ScrapeFailure::Timeout).then_some(state.target.timeout_ms);
            let key = state.key;
            let duration = timing::failed_scrape_time(seed, key, tick, timed_out);
            state.cache.fail(at, store);
            state.health = Health::Down;
            state.last_error = Some(failure);
            (0.0, duration, 0, 0, 0)
        }
    };
    state.last_scrape_ms = Some(started);
    state.last_duration = duration;
    let values = [
        up,
        duration.as_secs_f64(),
        scraped as f64,
        kept as f64,
        added as f64,
    ];
    let ids = match state.report_ids {
        Some((ids, generation)) if generation == store.generation() => ids,
        _ => {
            let mut ids = [0; REPORT_SERIES.len()];
            for (id, labels) in ids.iter_mut().zip(report_labels(&state.target)) {
                *id = store.series_id(&labels);
            }
            state.report_ids = Some((ids, store.generation()));
            ids
        }
    };
    for (id, v) in ids.into_iter().zip(values) {
        let _ = store.append_to(id, at, v);
    }
}

#[cfg(test)]
mod tests;
