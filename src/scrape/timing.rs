//! When a scrape starts and which timestamp its samples get, as Prometheus's scrape loop
//! does it. A Go ticker fires every `scrape_interval` on the target's schedule and the
//! loop wakes a little after the tick: usually well under 2 ms, now and then a few ms on
//! a busy machine (seeded here). Prometheus 3 then puts a start at most 2 ms late (1% of
//! the interval for intervals under 200 ms) back on the schedule (`AlignScrapeTimestamps`,
//! `ScrapeTimestampTolerance`) so the TSDB sees constant deltas; a later start keeps its
//! own time. Samples are stored in whole milliseconds.

use std::time::Duration;

use crate::noise::{mix, unit};

/// Prometheus's `ScrapeTimestampTolerance`: how late a start can be and still be aligned
/// (clamped to 1% of the interval).
pub const TIMESTAMP_TOLERANCE_US: i64 = 2_000;
/// Share of wake-ups late enough to miss the alignment (a laptop running the whole chain;
/// an idle server misses it far less often).
const LATE_SHARE: f64 = 0.2;
/// A late wake-up is at least this late (µs)...
const LATE_MIN_US: f64 = 2_100.0;
/// ...plus up to this much, most of them near the minimum.
const LATE_EXTRA_US: f64 = 6_000.0;
/// An on-time wake-up is at least this late (µs)...
const ON_TIME_MIN_US: f64 = 40.0;
/// ...plus up to this much.
const ON_TIME_EXTRA_US: f64 = 1_500.0;
/// Salt making the size of a delay independent of whether it is late.
const SIZE_SALT: u64 = 0x71c3_e2d5;

/// How late (µs) the scrape loop of the target keyed `target_key` wakes for its tick at
/// `tick_ms`: a pure function of the seed, the target and the tick.
pub fn wake_latency_us(seed: u64, target_key: u64, tick_ms: i64) -> i64 {
    let key = mix(target_key ^ tick_ms as u64);
    let (which, size) = (unit(seed, key), unit(seed ^ SIZE_SALT, key));
    let us = if which < LATE_SHARE {
        LATE_MIN_US + LATE_EXTRA_US * size * size
    } else {
        ON_TIME_MIN_US + ON_TIME_EXTRA_US * size
    };
    us as i64
}

/// The timestamp (ms) Prometheus gives the samples of a scrape that started `latency_us`
/// after its tick at `tick_ms`: the tick itself when aligned, else the start truncated to
/// the millisecond.
pub fn scrape_timestamp_ms(tick_ms: i64, latency_us: i64, interval_ms: i64) -> i64 {
    let tolerance_us = TIMESTAMP_TOLERANCE_US.min(interval_ms.saturating_mul(10));
    if latency_us <= tolerance_us {
        tick_ms
    } else {
        tick_ms + latency_us.div_euclid(1000)
    }
}

/// How long a failed scrape took: the whole timeout when it timed out, else the fraction
/// of a millisecond it takes to be refused or answered with an error.
pub fn failed_scrape_time(
    seed: u64,
    target_key: u64,
    tick_ms: i64,
    timed_out: Option<i64>,
) -> Duration {
    match timed_out {
        Some(timeout_ms) => {
            Duration::from_millis(timeout_ms.max(0) as u64) + Duration::from_micros(300)
        }
        None => {
            let u = unit(seed ^ SIZE_SALT ^ 1, mix(target_key ^ tick_ms as u64));
            Duration::from_nanos(250_000 + (900_000.0 * u) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_starts_are_aligned_and_some_are_a_few_ms_late() {
        let latencies: Vec<i64> = (0..5000)
            .map(|k| wake_latency_us(3, 99, 1_000 + k * 15_000))
            .collect();
        let late = latencies
            .iter()
            .filter(|&&l| l > TIMESTAMP_TOLERANCE_US)
            .count();
        assert!((700..1300).contains(&late), "{late} late of 5000");
        assert!(latencies.iter().all(|&l| (0..10_000).contains(&l)));
        assert_eq!(wake_latency_us(3, 99, 1_000), latencies[0]);
        assert_ne!(
            (0..20)
                .map(|k| wake_latency_us(3, 99, k))
                .collect::<Vec<_>>(),
            (0..20)
                .map(|k| wake_latency_us(4, 99, k))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn alignment_follows_prometheus_tolerance() {
        assert_eq!(scrape_timestamp_ms(15_000, 1_999, 15_000), 15_000);
        assert_eq!(scrape_timestamp_ms(15_000, 2_000, 15_000), 15_000);
        assert_eq!(scrape_timestamp_ms(15_000, 2_001, 15_000), 15_002);
        assert_eq!(scrape_timestamp_ms(15_000, 6_700, 15_000), 15_006);
        // Under 200 ms the tolerance is 1% of the interval.
        assert_eq!(scrape_timestamp_ms(1_000, 1_500, 200), 1_000);
        assert_eq!(scrape_timestamp_ms(1_000, 1_500, 100), 1_001);
        assert_eq!(scrape_timestamp_ms(1_000, 1_000, 100), 1_000);
    }

    #[test]
    fn failed_scrapes_take_a_fraction_of_a_ms_or_the_timeout() {
        let refused = failed_scrape_time(1, 2, 3, None);
        assert!(refused > Duration::from_micros(200) && refused < Duration::from_millis(2));
        assert_ne!(refused, failed_scrape_time(1, 2, 15_003, None));
        let timeout = failed_scrape_time(1, 2, 3, Some(10_000));
        assert!(timeout > Duration::from_secs(10) && timeout < Duration::from_millis(10_010));
    }
}
