//! Automatic traffic turned into requests: each arrival gets an endpoint from the traffic
//! mix's shares, an instance (round robin over the running ones, as a load balancer does),
//! a duration and whether it fails (the endpoint's [`Profile`]). Every draw comes from
//! seeded noise keyed by a counter, so a run replays identically. Past a few thousand
//! requests at once, each instance's share is drawn as counts per endpoint, bucket counts
//! and sums instead of request by request.

use super::histogram::Observations;
use super::latency::{binomial, Outcome, Profile};
use crate::noise::unit;

/// Uniform numbers drawn for each request: its endpoint, two for its duration, one for
/// whether it fails.
const DRAWS_PER_REQUEST: u64 = 4;

/// Up to this many requests in a batch, each is drawn on its own.
const ONE_BY_ONE_LIMIT: u64 = 2000;

/// Requests of one endpoint served by one instance in a batch.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The path requested.
    pub path: String,
    /// How many succeeded.
    pub ok: u64,
    /// How many failed (the view raised a 500).
    pub failed: u64,
    /// Their durations, in the default buckets.
    pub observed: Observations,
}

impl Group {
    /// One request of `path` with its outcome.
    pub fn single(path: &str, outcome: Outcome) -> Self {
        let mut observed = Observations::default();
        observed.observe(outcome.duration_s);
        Group {
            path: path.to_string(),
            ok: u64::from(!outcome.fails),
            failed: u64::from(outcome.fails),
            observed,
        }
    }

    /// How many requests the group holds.
    pub fn count(&self) -> u64 {
        self.ok + self.failed
    }
}

/// The requests each instance serves in a batch, one list of groups per instance slot.
pub type Batch = Vec<Vec<Group>>;

/// The seeded source of every request's endpoint, instance and outcome.
#[derive(Clone, Debug)]
pub struct Workload {
    seed: u64,
    /// Uniform numbers drawn so far (the key of the next one).
    drawn: u64,
    /// Requests handed to instances so far (the round robin's position).
    handed: u64,
}

impl Workload {
    /// A workload whose draws `seed` fixes.
    pub fn new(seed: u64) -> Self {
        Workload {
            seed,
            drawn: 0,
            handed: 0,
        }
    }

    fn uniform(&mut self) -> f64 {
        self.drawn = self.drawn.wrapping_add(1);
        unit(self.seed, self.drawn)
    }

    /// Passes over `n` numbers without computing them (their values cannot matter), so
    /// the draws that follow are the same as if they had been.
    fn skip(&mut self, n: u64) {
        self.drawn = self.drawn.wrapping_add(n);
    }

    /// Whether a request under `profile` fails; its number is skipped when the answer
    /// cannot depend on it.
    fn draw_fails(&mut self, profile: &Profile) -> bool {
        match profile.certain_failure() {
            Some(fails) => {
                self.skip(1);
                fails
            }
            None => profile.fails(self.uniform()),
        }
    }

    /// The slot (of `slots` instances) the next request goes to, round robin.
    pub fn next_slot(&mut self, slots: usize) -> usize {
        let slot = (self.handed % slots.max(1) as u64) as usize;
        self.handed = self.handed.wrapping_add(1);
        slot
    }

    /// One request's outcome under `profile`.
    pub fn one(&mut self, profile: &Profile) -> Outcome {
        profile.outcome([self.uniform(), self.uniform(), self.uniform()])
    }

    /// `count` requests spread over endpoints by `shares` and over `slots` instances, each
    /// endpoint behaving as `profile_of` says: one list of groups per slot. Durations are
    /// drawn only when `timed` (the app has a histogram to observe them); a few thousand
    /// requests at once are drawn as counts and always get their durations' buckets.
    pub fn batch(
        &mut self,
        count: u64,
        shares: &[(&str, f64)],
        profile_of: &dyn Fn(&str) -> Profile,
        slots: usize,
        timed: bool,
    ) -> Batch {
        let mut batch: Batch = vec![Vec::new(); slots];
        if slots == 0 || shares.is_empty() || count == 0 {
            return batch;
        }
        if count <= ONE_BY_ONE_LIMIT {
            let profiles: Vec<Profile> = shares.iter().map(|(path, _)| profile_of(path)).collect();
            if let ([(path, _)], false) = (shares, timed) {
                if let Some(fails) = profiles[0].certain_failure() {
                    // One endpoint that always (or never) fails, untimed: every request
                    // goes the same way, only the round robin spreads them. The four
                    // numbers each would draw are skipped.
                    self.skip(DRAWS_PER_REQUEST * count);
                    let (ok, failed) = if fails { (0, 1) } else { (1, 0) };
                    for (slot, n) in self.round_robin(count, slots).into_iter().enumerate() {
                        if n > 0 {
                            add(&mut batch[slot], path, ok * n, failed * n, None);
                        }
                    }
                    return batch;
                }
            }
            for _ in 0..count {
                let slot = self.next_slot(slots);
                let i = self.pick(shares);
                let (path, profile) = (shares[i].0, &profiles[i]);
                if timed {
                    let outcome = self.one(profile);
                    let (ok, failed) = (u64::from(!outcome.fails), u64::from(outcome.fails));
                    add(&mut batch[slot], path, ok, failed, Some(outcome.duration_s));
                } else {
                    // The duration's two numbers are skipped, so the draws that follow
                    // stay the same as when they are used.
                    self.skip(2);
                    let fails = self.draw_fails(profile);
                    add(
                        &mut batch[slot],
                        path,
                        u64::from(!fails),
                        u64::from(fails),
                        None,
                    );
                }
            }
            return batch;
        }
        for (groups, n) in batch.iter_mut().zip(self.round_robin(count, slots)) {
            for (path, k) in self.split(n, shares) {
                let mut uniform = || self.uniform();
                let (failed, observed) = profile_of(path).outcomes(k, &mut uniform);
                groups.push(Group {
                    path: path.to_string(),
                    ok: k - failed,
                    failed,
                    observed,
                });
            }
        }
        batch
    }

    /// How many of the next `count` requests each of `slots` instances gets, round robin.
    fn round_robin(&mut self, count: u64, slots: usize) -> Vec<u64> {
        let slots = slots.max(1);
        let first = (self.handed % slots as u64) as usize;
        self.handed = self.handed.wrapping_add(count);
        let each = count / slots as u64;
        let extra = (count % slots as u64) as usize;
        (0..slots)
            .map(|i| each + u64::from((i + slots - first) % slots < extra))
            .collect()
    }

    /// An endpoint drawn by its share: its index in `shares` (not empty).
    fn pick(&mut self, shares: &[(&str, f64)]) -> usize {
        if shares.len() == 1 {
            // Whatever the number, the only endpoint: it is skipped, not computed.
            self.skip(1);
            return 0;
        }
        let u = self.uniform();
        let mut below = 0.0;
        for (i, (_, share)) in shares.iter().enumerate() {
            below += share;
            if u < below {
                return i;
            }
        }
        shares.len().saturating_sub(1)
    }

    /// `n` requests split over the endpoints by their shares (a multinomial draw); only
    /// endpoints that get requests are listed.
    fn split<'a>(&mut self, n: u64, shares: &[(&'a str, f64)]) -> Vec<(&'a str, u64)> {
        let mut out = Vec::with_capacity(shares.len());
        let (mut left, mut rest) = (n, 1.0);
        for (i, (path, share)) in shares.iter().enumerate() {
            let k = if i + 1 == shares.len() {
                left
            } else if rest > 0.0 {
                let mut uniform = || self.uniform();
                binomial(left, (share / rest).clamp(0.0, 1.0), &mut uniform)
            } else {
                0
            };
            rest -= share;
            left -= k;
            if k > 0 {
                out.push((*path, k));
            }
        }
        out
    }
}

/// Adds requests (`ok` and `failed`) to the group of their path (a new group at the end the
/// first time), with their duration when requests are timed (one request then).
fn add(groups: &mut Vec<Group>, path: &str, ok: u64, failed: u64, duration_s: Option<f64>) {
    let group = match groups.iter().position(|g| g.path == path) {
        Some(i) => &mut groups[i],
        None => {
            groups.push(Group {
                path: path.to_string(),
                ok: 0,
                failed: 0,
                observed: Observations::default(),
            });
            let last = groups.len() - 1;
            &mut groups[last]
        }
    };
    group.ok += ok;
    group.failed += failed;
    if let Some(d) = duration_s {
        group.observed.observe(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::latency::profile;
    use crate::sim::mix::{TrafficMix, MIX_ENDPOINTS};

    fn totals(batch: &Batch) -> Vec<(String, u64, u64)> {
        let mut out: Vec<(String, u64, u64)> = Vec::new();
        for g in batch.iter().flatten() {
            match out.iter_mut().find(|(p, _, _)| *p == g.path) {
                Some(t) => {
                    t.1 += g.ok;
                    t.2 += g.failed;
                }
                None => out.push((g.path.clone(), g.ok, g.failed)),
            }
        }
        out
    }

    fn run(count: u64, times: usize, slots: usize) -> Vec<Batch> {
        let shares = TrafficMix::default().shares(&MIX_ENDPOINTS);
        let mut w = Workload::new(11);
        (0..times)
            .map(|_| w.batch(count, &shares, &|p| profile(p, true), slots, true))
            .collect()
    }

    #[test]
    fn the_mix_and_error_rate_show_one_by_one_and_at_once() {
        for (count, times) in [(40, 500), (50_000, 1)] {
            let batches = run(count, times, 1);
            let all: Batch = vec![batches.into_iter().flatten().flatten().collect()];
            let t = totals(&all);
            let n = (count * times as u64) as f64;
            for (path, ok, failed) in &t {
                let share = (ok + failed) as f64 / n;
                let want = TrafficMix::default().weight(path) as f64 / 100.0;
                assert!((share - want).abs() < 0.02, "{path}: {share} for {want}");
                let errors = *failed as f64 / (ok + failed) as f64;
                let want_errors = profile(path, true).error_rate;
                assert!((errors - want_errors).abs() < 0.015, "{path}: {errors}");
            }
            assert_eq!(t.len(), 4);
        }
    }

    #[test]
    fn instances_share_the_load_evenly() {
        for count in [7, 5001] {
            let batch = &run(count, 1, 3)[0];
            let per: Vec<u64> = batch
                .iter()
                .map(|gs| gs.iter().map(Group::count).sum())
                .collect();
            assert_eq!(per.iter().sum::<u64>(), count);
            assert!(per.iter().max().unwrap_or(&0) - per.iter().min().unwrap_or(&0) <= 1);
        }
        let mut w = Workload::new(1);
        let slots: Vec<usize> = (0..5).map(|_| w.next_slot(2)).collect();
        assert_eq!(slots, [0, 1, 0, 1, 0]);
        assert!(w
            .batch(5, &[("/", 1.0)], &|p| profile(p, true), 0, true)
            .is_empty());
    }

    #[test]
    fn same_seed_same_requests() {
        assert_eq!(run(100, 3, 2), run(100, 3, 2));
        let other = Workload::new(12).batch(100, &[("/", 1.0)], &|p| profile(p, true), 1, true);
        assert_ne!(run(100, 1, 1)[0], other);
    }

    /// Each slot's (ok, failed) counts.
    fn counts(batch: &Batch) -> Vec<(u64, u64)> {
        batch
            .iter()
            .map(|gs| {
                (
                    gs.iter().map(|g| g.ok).sum(),
                    gs.iter().map(|g| g.failed).sum(),
                )
            })
            .collect()
    }

    #[test]
    fn untimed_requests_count_as_timed_ones_and_leave_the_same_draws() {
        let steady = profile("/", true);
        let failing = Profile {
            error_rate: 1.0,
            ..steady
        };
        let flaky = Profile {
            error_rate: 0.3,
            ..steady
        };
        let two = [("/", 0.5), ("/about", 0.5)];
        for (shares, p) in [
            (&two[..1], steady),
            (&two[..1], failing),
            (&two[..1], flaky),
            (&two[..], flaky),
        ] {
            for (count, slots) in [(7, 3), (100, 2), (1, 1)] {
                let (mut timed, mut untimed) = (Workload::new(5), Workload::new(5));
                timed.next_slot(slots);
                untimed.next_slot(slots);
                let a = timed.batch(count, shares, &|_| p, slots, true);
                let b = untimed.batch(count, shares, &|_| p, slots, false);
                assert_eq!(counts(&a), counts(&b), "{shares:?} {p:?} {count} {slots}");
                assert_eq!(totals(&a), totals(&b));
                assert!(b.iter().flatten().all(|g| g.observed.count() == 0));
                assert_eq!(timed.one(&flaky), untimed.one(&flaky), "the next draws");
                assert_eq!(timed.next_slot(slots), untimed.next_slot(slots));
            }
        }
    }
}
