//! Automatic traffic: requests arriving at random at a chosen rate (a Poisson process, so
//! gaps between requests are exponential), from a seeded generator so a run replays
//! identically. Long jumps of the clock are handled in bounded work: past a few thousand
//! expected arrivals the count is drawn at once instead of request by request.

use std::fmt;

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::lang::Lang;

/// Highest rate accepted, in requests per second (a Flask development server would not
/// serve more).
pub const MAX_RATE: f64 = 1000.0;
/// Up to this many expected arrivals, they are drawn one by one (each a wait after the
/// last).
const EXACT_LIMIT: f64 = 2000.0;
/// Hard cap on arrivals drawn one by one in a call (reached only by extreme luck).
const MAX_ONE_BY_ONE: u64 = 20_000;

/// Why a rate was refused.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RateError {
    /// The rate is not a number.
    NotANumber,
    /// The rate is below 0.
    Negative(f64),
    /// The rate is above [`MAX_RATE`] (or infinite).
    TooHigh(f64),
}

impl RateError {
    /// The error in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RateError::NotANumber, Lang::En) => "request rate is not a number".to_string(),
            (RateError::NotANumber, Lang::Fr) => {
                "le débit de requêtes n'est pas un nombre".to_string()
            }
            (RateError::Negative(v), Lang::En) => format!("request rate {v} is negative"),
            (RateError::Negative(v), Lang::Fr) => {
                format!("le débit de requêtes {v} est négatif")
            }
            (RateError::TooHigh(v), Lang::En) => {
                format!("request rate {v}/s is above the maximum of {MAX_RATE}/s")
            }
            (RateError::TooHigh(v), Lang::Fr) => {
                format!("le débit de requêtes {v}/s dépasse le maximum de {MAX_RATE}/s")
            }
        }
    }
}

impl fmt::Display for RateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for RateError {}

/// Arrivals handed out for an interval.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Arrivals {
    /// How many requests arrived.
    pub count: u64,
}

/// The automatic traffic generator.
#[derive(Clone, Debug)]
pub struct Traffic {
    rng: Pcg64,
    rate: f64,
    /// Arrivals up to this time have been handed out.
    position_ms: i64,
    /// Time of the next arrival (ms, fractional), infinite when the rate is 0.
    next_ms: f64,
}

impl Traffic {
    /// No traffic (rate 0) from `now_ms`; `seed` fixes every arrival.
    pub fn new(seed: u64, now_ms: i64) -> Self {
        Traffic {
            rng: Pcg64::seed_from_u64(seed),
            rate: 0.0,
            position_ms: now_ms,
            next_ms: f64::INFINITY,
        }
    }

    /// Requests per second.
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Sets the rate in requests per second (0 stops the traffic; fractions allowed). It
    /// applies from the last time handed out, so hand out arrivals up to now first.
    pub fn set_rate(&mut self, per_second: f64) -> Result<(), RateError> {
        if per_second.is_nan() {
            return Err(RateError::NotANumber);
        }
        if per_second < 0.0 {
            return Err(RateError::Negative(per_second));
        }
        if per_second > MAX_RATE {
            return Err(RateError::TooHigh(per_second));
        }
        self.rate = per_second;
        // Arrivals are memoryless: the wait for the next one can be drawn afresh.
        self.next_ms = self.position_ms as f64 + self.gap_ms();
        Ok(())
    }

    /// The arrivals in (last time handed out, `t_ms`]; nothing when `t_ms` is not later.
    pub fn arrivals_until(&mut self, t_ms: i64) -> Arrivals {
        let mut arrivals = Arrivals::default();
        if t_ms <= self.position_ms {
            return arrivals;
        }
        let expected = self.rate * (t_ms as f64 - self.position_ms as f64) / 1000.0;
        if expected <= EXACT_LIMIT {
            while self.next_ms <= t_ms as f64 && arrivals.count < MAX_ONE_BY_ONE {
                arrivals.count += 1;
                self.next_ms += self.gap_ms();
            }
            if self.next_ms <= t_ms as f64 {
                // Extreme luck: count the rest of the interval at once.
                let rest = self.rate * (t_ms as f64 - self.next_ms) / 1000.0;
                arrivals.count += 1 + self.poisson(rest);
                self.next_ms = t_ms as f64 + self.gap_ms();
            }
        } else {
            arrivals.count = self.poisson(expected);
            self.next_ms = t_ms as f64 + self.gap_ms();
        }
        self.position_ms = t_ms;
        arrivals
    }

    /// An exponential wait in ms at the current rate (infinite at rate 0).
    fn gap_ms(&mut self) -> f64 {
        if self.rate <= 0.0 {
            return f64::INFINITY;
        }
        let u: f64 = self.rng.random();
        -(1.0 - u).ln() / self.rate * 1000.0
    }

    /// A Poisson count of mean `mean`, by its normal approximation (used for large means).
    fn poisson(&mut self, mean: f64) -> u64 {
        if mean <= 0.0 {
            return 0;
        }
        let (u1, u2): (f64, f64) = (self.rng.random(), self.rng.random());
        let z = (-2.0 * (1.0 - u1).ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        (mean + mean.sqrt() * z).round().max(0.0) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_rate_means_no_traffic() {
        let mut t = Traffic::new(1, 0);
        assert_eq!(t.arrivals_until(3_600_000), Arrivals::default());
        assert_eq!(t.rate(), 0.0);
    }

    #[test]
    fn arrivals_come_near_the_rate_however_the_time_is_cut() {
        let mut t = Traffic::new(42, 1_000);
        assert_eq!(t.set_rate(2.0), Ok(()));
        let per_second: Vec<u64> = (1..=600)
            .map(|step| t.arrivals_until(1_000 + step * 1_000).count)
            .collect();
        let total: u64 = per_second.iter().sum();
        // 1200 expected; a Poisson count is within 5 standard deviations (~173).
        assert!((1027..=1373).contains(&total), "{total} arrivals");
        // Memoryless: seconds without a request and seconds with several both occur.
        assert!(per_second.contains(&0) && per_second.iter().any(|&n| n >= 4));
        // The same stream cut in minutes gives the same arrivals.
        let mut t = Traffic::new(42, 1_000);
        t.set_rate(2.0).ok();
        let per_minute: u64 = (1..=10)
            .map(|m| t.arrivals_until(1_000 + m * 60_000).count)
            .sum();
        assert_eq!(per_minute, total);
    }

    #[test]
    fn same_seed_same_arrivals() {
        let run = |seed| {
            let mut t = Traffic::new(seed, 0);
            t.set_rate(0.5).ok();
            (1..=600)
                .map(|s| t.arrivals_until(s * 1_000).count)
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn huge_jumps_are_counted_at_once() {
        let mut t = Traffic::new(3, 0);
        t.set_rate(MAX_RATE).ok();
        let a = t.arrivals_until(30 * 24 * 3_600_000);
        let expected = MAX_RATE * 30.0 * 24.0 * 3600.0;
        assert!((a.count as f64 - expected).abs() < 6.0 * expected.sqrt());
        let a = t.arrivals_until(i64::MAX);
        assert!(a.count > 0);
        assert_eq!(t.arrivals_until(i64::MAX), Arrivals::default());
    }

    #[test]
    fn going_back_in_time_gives_nothing() {
        let mut t = Traffic::new(3, 10_000);
        t.set_rate(100.0).ok();
        assert_eq!(t.arrivals_until(5_000).count, 0);
        assert!(t.arrivals_until(20_000).count > 0);
    }

    #[test]
    fn refuses_bad_rates_and_keeps_the_old_one() {
        let mut t = Traffic::new(1, 0);
        t.set_rate(0.25).ok();
        assert_eq!(t.set_rate(f64::NAN), Err(RateError::NotANumber));
        assert_eq!(t.set_rate(-1.0), Err(RateError::Negative(-1.0)));
        assert_eq!(
            t.set_rate(f64::INFINITY),
            Err(RateError::TooHigh(f64::INFINITY))
        );
        assert_eq!(t.set_rate(1e9), Err(RateError::TooHigh(1e9)));
        assert_eq!(t.rate(), 0.25);
        assert!(RateError::Negative(-1.0)
            .message(Lang::Fr)
            .contains("négatif"));
    }
}
