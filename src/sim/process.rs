//! The simulated Python process behind the Flask app: what `/proc` and the garbage
//! collector would report, as a pure function of the seed, the start time, the time now
//! and the work done (requests served, scrapes answered). Reading it changes nothing, so
//! two reads at the same moment agree, and a run replays identically for a seed.

use super::collectors::{GcStats, GenerationStats, ProcessStats, CLOCK_TICKS_PER_S};
use std::time::Duration;

use crate::noise::{mix, unit};

/// Bytes in a memory page.
const PAGE_BYTES: u64 = 4096;
// Memory and file descriptors as measured for the course's app right after start
// (CPython 3.11.7, Flask 3.1.3, prometheus_client 0.26.0, Linux x86-64): Flask's imports
// and the metrics server's thread make it bigger than the bare reference script.
/// Resident pages right after start (33 406 976 bytes).
const BASE_RESIDENT_PAGES: u64 = 8156;
/// Virtual pages right after start (190 046 208 bytes: mostly address space reserved by
/// the interpreter, shared libraries and the metrics server thread's stack and arena).
const BASE_VIRTUAL_PAGES: u64 = 46_398;
/// Pages of one more glibc malloc arena, reserved when two request threads first overlap
/// (64 MiB of address space, hardly any of it resident).
const ARENA_PAGES: u64 = 16_384;
/// Requests served before two of them have overlapped once (the dev server runs one
/// thread per request); sequential requests reuse the arenas already there.
const REQUESTS_BEFORE_SECOND_ARENA: u64 = 5000;
/// The machine booted this long before the first process start (seconds).
const BOOT_BEFORE_START_S: i64 = 3 * 3600 + 17;
/// Open file descriptors of the idle app (stdin/out/err, two listening sockets...).
const OPEN_FDS: u64 = 9;
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
/// Microseconds the metrics server takes for any scrape (accept, parse the request,
/// collect, write), as Prometheus times it from a local machine.
const SCRAPE_BASE_US: f64 = 1_500.0;
/// Microseconds more per KiB of page.
const SCRAPE_US_PER_KIB: f64 = 350.0;
/// Spread of scrape times: the log of the time has this standard deviation.
const SCRAPE_LOG_SPREAD: f64 = 0.3;
/// Share of scrapes that hit a hiccup (a gc pass, a request holding the GIL)...
const SCRAPE_HICCUP_SHARE: f64 = 0.04;
/// ...which adds up to this many microseconds.
const SCRAPE_HICCUP_MAX_US: f64 = 7_000.0;
/// Salts that make the scrape-time draws independent of the other draws of a seed.
const SCRAPE_SALTS: [u64; 3] = [0x5c2a_7e11, 0x5c2a_7e12, 0x5c2a_7e13];

/// Memory a bug keeps and never frees: `bytes_per_s` from `from_ms` until `until_ms`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Leak {
    from_ms: i64,
    until_ms: i64,
    bytes_per_s: f64,
}

impl Leak {
    /// Bytes leaked by `now_ms`.
    fn bytes(&self, now_ms: i64) -> u64 {
        let leaking_ms = now_ms
            .min(self.until_ms)
            .saturating_sub(self.from_ms)
            .max(0);
        (leaking_ms as f64 / 1000.0 * self.bytes_per_s.max(0.0)) as u64
    }
}

/// The simulated process: its identity (seed, start) and the work it has done.
#[derive(Clone, Debug, PartialEq)]
pub struct SimProcess {
    seed: u64,
    start_ms: i64,
    boot_s: i64,
    requests: u64,
    scrapes: u64,
    leaks: Vec<Leak>,
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
            leaks: Vec::new(),
        }
    }

    /// A new process of the same machine (same boot time) started at `start_ms`, with a
    /// fresh seed derived from the old one so each run of the app differs a little.
    pub fn restarted(&self, start_ms: i64) -> Self {
        SimProcess {
            seed: mix(self.seed ^ 0x9e37_79b9_7f4a_7c15),
            start_ms,
            boot_s: self.boot_s,
            requests: 0,
            scrapes: 0,
            leaks: Vec::new(),
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

    /// Leaks `bytes_per_s` of memory from `from_ms` until `until_ms`: resident (and
    /// virtual) memory climbs, and stays up until the process restarts.
    pub fn leak(&mut self, from_ms: i64, until_ms: i64, bytes_per_s: f64) {
        self.leaks.push(Leak {
            from_ms: from_ms.max(self.start_ms),
            until_ms,
            bytes_per_s,
        });
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
        let arenas = u64::from(self.requests >= REQUESTS_BEFORE_SECOND_ARENA);
        let leaked = self.leaks.iter().map(|l| l.bytes(now_ms)).sum::<u64>() / PAGE_BYTES;
        ProcessStats {
            virtual_memory_bytes: (BASE_VIRTUAL_PAGES + arenas * ARENA_PAGES + leaked) * PAGE_BYTES,
            resident_memory_bytes: (BASE_RESIDENT_PAGES + growth + wobble + leaked) * PAGE_BYTES,
            start_time_seconds: self.start_time_seconds(),
            cpu_user_ticks: (cpu_s * USER_SHARE * hz) as u64,
            cpu_system_ticks: (cpu_s * (1.0 - USER_SHARE) * hz) as u64,
            open_fds: OPEN_FDS,
            max_fds: MAX_FDS,
        }
    }

    /// How long a scrape at `at_ms` of a page of `page_bytes` takes, as Prometheus
    /// measures it (`scrape_duration_seconds`): a couple of milliseconds, more for a
    /// bigger page, never twice the same, now and then several ms more.
    pub fn scrape_time(&self, page_bytes: usize, at_ms: i64) -> Duration {
        let [a, b, c] = SCRAPE_SALTS.map(|salt| unit(self.seed ^ salt, at_ms as u64));
        // A standard normal draw (Box-Muller) for a log-normal spread.
        let z = (-2.0 * (1.0 - a).ln()).sqrt() * (std::f64::consts::TAU * b).cos();
        let typical = SCRAPE_BASE_US + SCRAPE_US_PER_KIB * page_bytes as f64 / 1024.0;
        let hiccup = if c < SCRAPE_HICCUP_SHARE {
            SCRAPE_HICCUP_MAX_US * c / SCRAPE_HICCUP_SHARE
        } else {
            0.0
        };
        let micros = typical * (SCRAPE_LOG_SPREAD * z).exp() + hiccup;
        // Go's clock has nanoseconds; the last digits come from the draw.
        Duration::from_nanos((micros * 1000.0) as u64 + mix(self.seed ^ at_ms as u64) % 1000)
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

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_795_545_825_243;

    #[test]
    fn fresh_process_looks_like_the_reference() {
        let p = SimProcess::start(7, T0);
        let s = p.stats(T0 + 500);
        assert_eq!(s.virtual_memory_bytes, 190_046_208);
        assert!((33_406_976..33_406_976 + 49 * 4096).contains(&s.resident_memory_bytes));
        assert_eq!(s.open_fds, 9);
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
    fn virtual_memory_stays_in_the_measured_range_far_above_resident() {
        let mut p = SimProcess::start(7, T0);
        let mut arenas_seen = Vec::new();
        for hour in 0..48 {
            p.served_requests(500);
            let s = p.stats(T0 + hour * 3_600_000);
            let virt = s.virtual_memory_bytes;
            assert!((190_000_000..270_000_000).contains(&virt), "virtual {virt}");
            assert!(virt > 5 * s.resident_memory_bytes, "virtual {virt}");
            arenas_seen.push(virt);
        }
        arenas_seen.dedup();
        assert_eq!(arenas_seen, [190_046_208, 190_046_208 + 64 * 1024 * 1024]);
    }

    #[test]
    fn scrape_times_are_a_few_ms_with_spread() {
        let p = SimProcess::start(7, T0);
        let times: Vec<f64> = (0..2000)
            .map(|i| p.scrape_time(2200, T0 + i * 15_000).as_secs_f64() * 1000.0)
            .collect();
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        let (low, median, high) = (sorted[20], sorted[1000], sorted[1979]);
        assert!((1.8..3.0).contains(&median), "median {median} ms");
        assert!(low > 1.0 && high < 12.0, "1%: {low} ms, 99%: {high} ms");
        assert!(high - low > 1.0, "spread {low}..{high} ms");
        let distinct: std::collections::HashSet<u64> = times.iter().map(|t| t.to_bits()).collect();
        assert!(distinct.len() > 1990, "no two alike");
        assert_eq!(p.scrape_time(2200, T0), p.scrape_time(2200, T0));
        let bigger =
            p.scrape_time(40_000, T0).as_secs_f64() / p.scrape_time(2200, T0).as_secs_f64();
        assert!(bigger > 2.0, "a bigger page takes longer: x{bigger}");
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
    fn a_leak_climbs_while_it_lasts_stays_and_a_restart_frees_it() {
        let mut p = SimProcess::start(7, T0);
        let resident = |p: &SimProcess, at| p.stats(at).resident_memory_bytes as f64;
        let before = resident(&p, T0 + 60_000);
        p.leak(T0 + 60_000, T0 + 660_000, 100_000.0);
        let half = resident(&p, T0 + 360_000);
        let end = resident(&p, T0 + 660_000);
        let later = resident(&p, T0 + 3_600_000);
        let grown = |a: f64, b: f64| (b - a) / 1e6;
        assert!(
            (grown(before, half) - 30.0).abs() < 1.0,
            "{}",
            grown(before, half)
        );
        assert!(
            (grown(before, end) - 60.0).abs() < 1.0,
            "{}",
            grown(before, end)
        );
        assert!((grown(end, later)).abs() < 1.0, "the leaked memory stays");
        let q = p.restarted(T0 + 3_700_000);
        assert!(resident(&q, T0 + 3_700_000) < before + 1e6);
    }

    #[test]
    fn times_before_start_do_not_underflow() {
        let p = SimProcess::start(1, i64::MIN);
        assert_eq!(p.gc(i64::MIN)[0].collections, 39);
        let q = SimProcess::start(1, T0);
        assert_eq!(q.stats(0).cpu_user_ticks, q.stats(T0).cpu_user_ticks);
    }
}
