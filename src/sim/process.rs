//! The simulated Python process behind the Flask app: what `/proc` and the garbage
//! collector would report, as a pure function of the seed, the start time, the time now
//! and the work done (requests served, scrapes answered). Reading it changes nothing, so
//! two reads at the same moment agree, and a run replays identically for a seed.

use super::collectors::{GcStats, GenerationStats, ProcessStats, CLOCK_TICKS_PER_S};

/// Bytes in a memory page.
const PAGE_BYTES: u64 = 4096;
/// Resident pages right after start (23 486 464 bytes, as in the reference).
const BASE_RESIDENT_PAGES: u64 = 5734;
/// Virtual pages right after start (28 164 096 bytes, as in the reference).
const BASE_VIRTUAL_PAGES: u64 = 6876;
/// Pages of one new malloc arena (1 MiB).
const ARENA_PAGES: u64 = 256;
/// The machine booted this long before the first process start (seconds).
const BOOT_BEFORE_START_S: i64 = 3 * 3600 + 17;
/// Open file descriptors of the idle app (stdin/out/err, two listening sockets...).
const OPEN_FDS: u64 = 7;
/// Soft limit on open file descriptors (as on the reference machine).
const MAX_FDS: u64 = 20_000;
/// CPU seconds for interpreter start and imports (Flask, prometheus_client).
const STARTUP_CPU_S: f64 = 0.14;
/// CPU seconds per request served by Flask.
const CPU_PER_REQUEST_S: f64 = 0.0007;
/// CPU seconds per `/metrics` page generated.
const CPU_PER_SCRAPE_S: f64 = 0.0012;
/// CPU seconds per second of idle uptime (the dev server's select loop).
const CPU_IDLE_PER_S: f64 = 0.000_05;
/// Share of CPU time spent in user mode.
const USER_SHARE: f64 = 0.68;
/// Garbage collections of generation 0 at start, and objects they collected.
const START_GEN0: (u64, u64) = (39, 414);
/// Collections of generation 1 at start, and objects they collected.
const START_GEN1: (u64, u64) = (3, 83);
/// Seconds between resident-memory wobbles (allocator noise).
const WOBBLE_PERIOD_S: i64 = 20;
/// Largest wobble of resident memory, in pages.
const WOBBLE_PAGES: f64 = 48.0;
/// Delay between process start and the app's counter creation (imports), in ms.
const IMPORT_DELAY_MS: f64 = 480.0;

/// The simulated process: its identity (seed, start) and the work it has done.
#[derive(Clone, Debug, PartialEq)]
pub struct SimProcess {
    seed: u64,
    start_ms: i64,
    boot_s: i64,
    requests: u64,
    scrapes: u64,
}

impl SimProcess {
    /// A process started at `start_ms` on a machine booted a few hours before.
    pub fn start(seed: u64, start_ms: i64) -> Self {
        SimProcess {
            seed,
            start_ms,
            boot_s: start_ms
                .div_euclid(1000)
                .saturating_sub(BOOT_BEFORE_START_S),
            requests: 0,
            scrapes: 0,
        }
    }

    /// A new process of the same machine (same boot time) started at `start_ms`, with a
    /// fresh seed derived from the old one so each run of the app differs a little.
    pub fn restarted(&self, start_ms: i64) -> Self {
        SimProcess {
            seed: splitmix64(self.seed ^ 0x9e37_79b9_7f4a_7c15),
            start_ms,
            boot_s: self.boot_s,
            requests: 0,
            scrapes: 0,
        }
    }

    /// When the process started (ms since the epoch).
    pub fn start_ms(&self) -> i64 {
        self.start_ms
    }

    /// When the app created its metrics (start plus import time), in Unix seconds with
    /// sub-millisecond digits as Python's `time.time()` gives them.
    pub fn created_s(&self) -> f64 {
        let delay = IMPORT_DELAY_MS + 80.0 * unit(self.seed, 1);
        (self.start_ms as f64 + delay) / 1000.0
    }

    /// Counts `n` HTTP requests served by Flask.
    pub fn served_requests(&mut self, n: u64) {
        self.requests = self.requests.saturating_add(n);
    }

    /// Counts one `/metrics` page generated.
    pub fn served_scrape(&mut self) {
        self.scrapes = self.scrapes.saturating_add(1);
    }

    /// What the process collector reads at `now_ms`.
    pub fn stats(&self, now_ms: i64) -> ProcessStats {
        let uptime_s = self.uptime_s(now_ms);
        let (requests, scrapes) = (self.requests as f64, self.scrapes as f64);
        let startup = STARTUP_CPU_S + 0.02 * unit(self.seed, 2);
        let cpu_s = startup
            + requests * CPU_PER_REQUEST_S
            + scrapes * CPU_PER_SCRAPE_S
            + uptime_s as f64 * CPU_IDLE_PER_S;
        let hz = CLOCK_TICKS_PER_S as f64;
        let growth = (260.0 * (1.0 + requests / 200.0).ln()) as u64
            + (40.0 * (1.0 + scrapes / 20.0).ln()) as u64;
        let wobble = (WOBBLE_PAGES * unit(self.seed, 3 + uptime_s / WOBBLE_PERIOD_S as u64)) as u64;
        let arenas = (1.0 + requests / 5000.0).log2() as u64;
        ProcessStats {
            virtual_memory_bytes: (BASE_VIRTUAL_PAGES + arenas * ARENA_PAGES) * PAGE_BYTES,
            resident_memory_bytes: (BASE_RESIDENT_PAGES + growth + wobble) * PAGE_BYTES,
            start_time_seconds: self.start_time_seconds(),
            cpu_user_ticks: (cpu_s * USER_SHARE * hz) as u64,
            cpu_system_ticks: (cpu_s * (1.0 - USER_SHARE) * hz) as u64,
            open_fds: OPEN_FDS,
            max_fds: MAX_FDS,
        }
    }

    /// What `gc.get_stats()` reports at `now_ms`: collections grow with the garbage that
    /// requests and scrapes leave behind; every tenth collection of a generation is one of
    /// the next generation instead.
    pub fn gc(&self, now_ms: i64) -> GcStats {
        let extra = (self.requests as f64 * 0.35
            + self.scrapes as f64 * 0.6
            + self.uptime_s(now_ms) as f64 / 600.0) as u64;
        let gen1 = extra / 10;
        let gen2 = gen1 / 10;
        let gen0 = extra - gen1;
        [
            GenerationStats {
                collected: START_GEN0.1 + gen0 * 4 + gen0 * 3 / 5,
                uncollectable: 0,
                collections: START_GEN0.0 + gen0,
            },
            GenerationStats {
                collected: START_GEN1.1 + (gen1 - gen2) * 11,
                uncollectable: 0,
                collections: START_GEN1.0 + gen1 - gen2,
            },
            GenerationStats {
                collected: gen2 * 97,
                uncollectable: 0,
                collections: gen2,
            },
        ]
    }

    /// Start time as the collector computes it: boot time plus start ticks / 100.
    fn start_time_seconds(&self) -> f64 {
        let since_boot_ms = self
            .start_ms
            .saturating_sub(self.boot_s.saturating_mul(1000));
        let ticks = since_boot_ms.div_euclid(1000 / CLOCK_TICKS_PER_S as i64);
        self.boot_s as f64 + ticks as f64 / CLOCK_TICKS_PER_S as f64
    }

    fn uptime_s(&self, now_ms: i64) -> u64 {
        (now_ms.saturating_sub(self.start_ms).max(0) / 1000) as u64
    }
}

/// SplitMix64: a well-mixed 64-bit hash, for noise that is a pure function of its input.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A number in [0, 1) determined by the seed and a key.
fn unit(seed: u64, key: u64) -> f64 {
    (splitmix64(seed ^ splitmix64(key)) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_795_545_825_243;

    #[test]
    fn fresh_process_looks_like_the_reference() {
        let p = SimProcess::start(7, T0);
        let s = p.stats(T0 + 500);
        assert_eq!(s.virtual_memory_bytes, 28_164_096);
        assert!((23_486_464..23_486_464 + 49 * 4096).contains(&s.resident_memory_bytes));
        assert!((s.start_time_seconds - 1_795_545_825.24).abs() < 1e-6);
        assert!((0.13..0.17).contains(&s.cpu_seconds()));
        let gc = p.gc(T0 + 500);
        assert_eq!(
            (gc[0].collections, gc[1].collections, gc[2].collections),
            (39, 3, 0)
        );
        let created = p.created_s() - T0 as f64 / 1000.0;
        assert!((0.48..0.56).contains(&created), "created {created}");
    }

    #[test]
    fn work_and_time_make_counters_grow() {
        let mut p = SimProcess::start(7, T0);
        let mut last = (p.stats(T0), p.gc(T0));
        for minute in 1..=120 {
            p.served_requests(60);
            p.served_scrape();
            let now = T0 + minute * 60_000;
            let (s, gc) = (p.stats(now), p.gc(now));
            assert!(s.cpu_user_ticks >= last.0.cpu_user_ticks);
            assert!(s.cpu_system_ticks >= last.0.cpu_system_ticks);
            for (now, before) in gc.iter().zip(&last.1) {
                assert!(now.collections >= before.collections);
                assert!(now.collected >= before.collected);
            }
            last = (s, gc);
        }
        assert!(last.0.cpu_seconds() > 5.0, "cpu {}", last.0.cpu_seconds());
        assert!(last.1[2].collections > 0);
        assert!(last.0.resident_memory_bytes > 25_000_000);
    }

    #[test]
    fn deterministic_for_a_seed_and_different_across_seeds() {
        let read = |seed| {
            let mut p = SimProcess::start(seed, T0);
            p.served_requests(1000);
            (0..50)
                .map(|i| p.stats(T0 + i * 20_000).resident_memory_bytes)
                .collect::<Vec<_>>()
        };
        assert_eq!(read(1), read(1));
        assert_ne!(read(1), read(2));
    }

    #[test]
    fn restart_keeps_boot_time_and_resets_work() {
        let mut p = SimProcess::start(3, T0);
        p.served_requests(10_000);
        let later = T0 + 3_600_000;
        let q = p.restarted(later);
        assert_eq!(q.start_ms(), later);
        let start = q.stats(later).start_time_seconds;
        assert!(
            (start - (later as f64 / 1000.0 - 0.003)).abs() < 1e-6,
            "start {start}"
        );
        assert!(q.stats(later).cpu_seconds() < p.stats(later).cpu_seconds());
        assert_ne!(
            q.created_s() - later as f64 / 1000.0,
            p.created_s() - T0 as f64 / 1000.0
        );
    }

    #[test]
    fn times_before_start_do_not_underflow() {
        let p = SimProcess::start(1, i64::MIN);
        assert_eq!(p.gc(i64::MIN)[0].collections, 39);
        let q = SimProcess::start(1, T0);
        assert_eq!(q.stats(0).cpu_user_ticks, q.stats(T0).cpu_user_ticks);
    }
}
