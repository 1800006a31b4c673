//! How long a request takes and whether it fails, per endpoint: a shifted log-normal
//! duration (a fixed floor, e.g. the database call of `/api/users`, plus a log-normal
//! tail) and an error rate (`/api/orders` fails 5 % of the time, as its code says). An
//! incident strains an endpoint ([`Strain`]): slower by a factor, or failing more.
//! Draws take uniform numbers from the caller, so they are as reproducible as the seed
//! that made them; many requests at once are drawn as their bucket counts and sum.

use super::histogram::{Observations, DEFAULT_BUCKETS};

/// The routes that run a view of their own (a 404 is answered by the router at once).
const ROUTED_PROFILES: [(&str, Profile); 4] = [
    (
        "/",
        Profile {
            floor_s: 0.001,
            median_s: 0.004,
            spread: 0.5,
            error_rate: 0.0,
        },
    ),
    (
        "/about",
        Profile {
            floor_s: 0.001,
            median_s: 0.006,
            spread: 0.5,
            error_rate: 0.0,
        },
    ),
    (
        // `time.sleep(0.15)`, then the rest of the request.
        "/api/users",
        Profile {
            floor_s: 0.15,
            median_s: 0.045,
            spread: 0.6,
            error_rate: 0.0,
        },
    ),
    (
        // `random.random() < 0.05`: `abort(500)`.
        "/api/orders",
        Profile {
            floor_s: 0.002,
            median_s: 0.03,
            spread: 0.7,
            error_rate: 0.05,
        },
    ),
];

/// A path no route matches: the router answers 404 at once.
const NOT_FOUND_PROFILE: Profile = Profile {
    floor_s: 0.0005,
    median_s: 0.0015,
    spread: 0.4,
    error_rate: 0.0,
};

/// Below this many expected draws a count is drawn as a Poisson count (exact enough and
/// never negative); above, by its normal approximation.
const POISSON_BELOW: f64 = 30.0;

/// How one endpoint behaves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Profile {
    /// The least time a request takes, in seconds.
    pub floor_s: f64,
    /// The median of the time above the floor, in seconds.
    pub median_s: f64,
    /// The standard deviation of the log of the time above the floor.
    pub spread: f64,
    /// The share of requests that fail with a 500.
    pub error_rate: f64,
}

/// What the simulation decided for one request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// How long it takes, in seconds (what the app's timer measures).
    pub duration_s: f64,
    /// Whether the view fails (a 500).
    pub fails: bool,
}

/// One endpoint's trouble during an incident.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Trouble {
    /// Every request takes this many times longer.
    Slower(f64),
    /// At least this share of requests fail.
    Failing(f64),
}

/// The troubles in force at a moment, per endpoint.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strain {
    /// Each endpoint's troubles (an endpoint may have several).
    pub troubles: Vec<(String, Trouble)>,
}

impl Strain {
    /// `profile` of `path` under these troubles.
    pub fn apply(&self, path: &str, profile: Profile) -> Profile {
        self.troubles
            .iter()
            .filter(|(p, _)| p == path)
            .fold(profile, |p, (_, trouble)| match *trouble {
                Trouble::Slower(f) => Profile {
                    floor_s: p.floor_s * f,
                    median_s: p.median_s * f,
                    ..p
                },
                Trouble::Failing(rate) => Profile {
                    error_rate: p.error_rate.max(rate),
                    ..p
                },
            })
    }
}

/// How `path` behaves when a route matches it (`routed`) or not.
pub fn profile(path: &str, routed: bool) -> Profile {
    ROUTED_PROFILES
        .iter()
        .find(|(p, _)| routed && *p == path)
        .map_or(NOT_FOUND_PROFILE, |(_, profile)| *profile)
}

/// The standard normal distribution function (Abramowitz and Stegun 7.1.26, error below
/// 1.5e-7).
pub fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// A standard normal draw from two uniform numbers in [0, 1) (Box-Muller).
pub fn standard_normal(u1: f64, u2: f64) -> f64 {
    (-2.0 * (1.0 - u1).ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

impl Profile {
    /// A typical request: the median duration, no failure (what a request sent without
    /// the simulation's draws gets).
    pub fn typical(&self) -> Outcome {
        Outcome {
            duration_s: self.floor_s + self.median_s,
            fails: false,
        }
    }

    /// One request from three uniform numbers in [0, 1): two for the duration, one for
    /// the failure.
    pub fn outcome(&self, u: [f64; 3]) -> Outcome {
        let z = standard_normal(u[0], u[1]);
        Outcome {
            duration_s: self.floor_s + self.median_s * (self.spread * z).exp(),
            fails: self.fails(u[2]),
        }
    }

    /// Whether a request fails, from a uniform number in [0, 1).
    pub fn fails(&self, u: f64) -> bool {
        u < self.error_rate
    }

    /// Whether every request fails (`Some(true)`) or none does (`Some(false)`), whatever
    /// its number; `None` when it depends on it.
    pub fn certain_failure(&self) -> Option<bool> {
        if self.error_rate.is_nan() || self.error_rate <= 0.0 {
            Some(false)
        } else if self.error_rate >= 1.0 {
            Some(true)
        } else {
            None
        }
    }

    /// The share of requests that take at most `seconds`.
    pub fn cdf(&self, seconds: f64) -> f64 {
        if seconds <= self.floor_s {
            return 0.0;
        }
        if self.median_s <= 0.0 || self.spread <= 0.0 {
            // No spread: every request takes the typical time.
            return f64::from(u8::from(seconds >= self.floor_s + self.median_s));
        }
        normal_cdf(((seconds - self.floor_s) / self.median_s).ln() / self.spread)
    }

    /// The mean duration, in seconds.
    pub fn mean_s(&self) -> f64 {
        self.floor_s + self.median_s * (self.spread * self.spread / 2.0).exp()
    }

    /// `n` requests at once, drawn as how many fail and their durations sorted into the
    /// default buckets with their sum; `uniform` gives numbers in [0, 1).
    pub fn outcomes(&self, n: u64, uniform: &mut dyn FnMut() -> f64) -> (u64, Observations) {
        let failed = binomial(n, self.error_rate, uniform);
        let mut observed = Observations::default();
        let (mut left, mut below) = (n, 0.0);
        for (i, &bound) in DEFAULT_BUCKETS.iter().enumerate() {
            let upto = self.cdf(bound);
            let rest = 1.0 - below;
            let share = if rest > 0.0 {
                ((upto - below) / rest).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let k = binomial(left, share, uniform);
            observed.counts[i] = k;
            left -= k;
            below = upto;
        }
        observed.counts[DEFAULT_BUCKETS.len()] = left;
        let s2 = self.spread * self.spread;
        let sd = self.median_s * (s2.exp() * (s2.exp() - 1.0)).sqrt();
        let z = standard_normal(uniform(), uniform());
        let nf = n as f64;
        observed.sum = (nf * self.mean_s() + nf.sqrt() * sd * z).max(nf * self.floor_s);
        (failed, observed)
    }
}

/// A binomial count of `n` trials of probability `p`: a Poisson count for small means, the
/// normal approximation otherwise, never outside 0..=n.
pub fn binomial(n: u64, p: f64, uniform: &mut dyn FnMut() -> f64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    let mean = n as f64 * p;
    if mean < POISSON_BELOW {
        let u = uniform();
        let (mut k, mut term) = (0u64, (-mean).exp());
        let mut total = term;
        while u > total && k < n {
            k += 1;
            term *= mean / k as f64;
            total += term;
            if term < 1e-300 {
                break;
            }
        }
        return k;
    }
    let z = standard_normal(uniform(), uniform());
    let k = (mean + (mean * (1.0 - p)).sqrt() * z).round();
    k.clamp(0.0, n as f64) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::noise::unit;

    fn uniforms(seed: u64) -> impl FnMut() -> f64 {
        let mut key = 0;
        move || {
            key += 1;
            unit(seed, key)
        }
    }

    /// The `q` quantile of `n` single draws of `p`.
    fn quantile_of_draws(p: &Profile, n: u64, q: f64) -> f64 {
        let mut next = uniforms(9);
        let mut d: Vec<f64> = (0..n)
            .map(|_| p.outcome([next(), next(), next()]).duration_s)
            .collect();
        d.sort_by(f64::total_cmp);
        d[((n as f64 * q) as usize).min(d.len() - 1)]
    }

    #[test]
    fn the_normal_cdf_has_its_known_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.959_964) - 0.975).abs() < 1e-6);
        assert!((normal_cdf(-2.326_348) - 0.01).abs() < 1e-6);
        assert!(normal_cdf(-40.0) >= 0.0 && normal_cdf(40.0) <= 1.0);
    }

    #[test]
    fn drawn_durations_follow_the_profile() {
        for path in ["/", "/api/users", "/api/orders"] {
            let p = profile(path, true);
            let median = quantile_of_draws(&p, 20_000, 0.5);
            let p99 = quantile_of_draws(&p, 20_000, 0.99);
            let want_median = p.floor_s + p.median_s;
            let want_p99 = p.floor_s + p.median_s * (p.spread * 2.326_348).exp();
            assert!(
                (median / want_median - 1.0).abs() < 0.05,
                "{path}: {median}"
            );
            assert!((p99 / want_p99 - 1.0).abs() < 0.1, "{path}: {p99}");
            assert!((p.cdf(want_median) - 0.5).abs() < 1e-6);
        }
        assert!(profile("/api/users", true).typical().duration_s > 0.15);
        assert_eq!(profile("/api/users", false), NOT_FOUND_PROFILE);
        assert_eq!(profile("/nope", true), NOT_FOUND_PROFILE);
    }

    #[test]
    fn many_at_once_match_one_by_one() {
        let p = profile("/api/orders", true);
        let n = 50_000;
        let (failed, bulk) = p.outcomes(n, &mut uniforms(3));
        assert_eq!(bulk.count(), n);
        let mut one_by_one = Observations::default();
        let mut next = uniforms(4);
        let mut errors = 0;
        for _ in 0..n {
            let o = p.outcome([next(), next(), next()]);
            one_by_one.observe(o.duration_s);
            errors += u64::from(o.fails);
        }
        let share = |x: u64| x as f64 / n as f64;
        for (a, b) in bulk.counts.iter().zip(&one_by_one.counts) {
            assert!(
                (share(*a) - share(*b)).abs() < 0.01,
                "{bulk:?} {one_by_one:?}"
            );
        }
        assert!((bulk.sum / one_by_one.sum - 1.0).abs() < 0.02);
        assert!((share(failed) - 0.05).abs() < 0.005, "{failed}");
        assert!((share(errors) - 0.05).abs() < 0.005, "{errors}");
    }

    #[test]
    fn binomial_counts_stay_in_range() {
        let mut next = uniforms(5);
        assert_eq!(binomial(0, 0.5, &mut next), 0);
        assert_eq!(binomial(10, 1.0, &mut next), 10);
        assert_eq!(binomial(10, 0.0, &mut next), 0);
        let small: u64 = (0..2000).map(|_| binomial(100, 0.02, &mut next)).sum();
        assert!((3600..4400).contains(&small), "mean 2: {small}");
        assert!((0..100).all(|_| binomial(3, 0.9, &mut next) <= 3));
    }

    #[test]
    fn a_strain_slows_or_breaks_only_its_endpoint() {
        let strain = Strain {
            troubles: vec![
                ("/api/users".into(), Trouble::Slower(8.0)),
                ("/api/orders".into(), Trouble::Failing(0.5)),
            ],
        };
        let users = strain.apply("/api/users", profile("/api/users", true));
        assert!(
            (users.typical().duration_s / profile("/api/users", true).typical().duration_s - 8.0)
                .abs()
                < 1e-9
        );
        assert_eq!(
            strain
                .apply("/api/orders", profile("/api/orders", true))
                .error_rate,
            0.5
        );
        assert_eq!(strain.apply("/", profile("/", true)), profile("/", true));
    }
}
