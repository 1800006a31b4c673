//! One exercise's world: a fresh playground built from the seed, the production app on
//! three replicas under steady traffic, a warm-up, then a past hour with one incident at
//! a seeded moment inside it. The truth is read back from the incident log.

use crate::noise::unit;
use crate::playground::Playground;
use crate::sim::{IncidentKind, Instrumentation, Target};

use super::ExerciseKind;

/// Where every exercise's simulated time starts (2026-01-01 00:00 UTC).
pub const SCENARIO_START_MS: i64 = 1_767_225_600_000;
/// The hour the learner looks back over.
pub const HOUR_MS: i64 = 3_600_000;
/// Running time before the hour starts, so that `rate()` has data from its start.
const WARMUP_MS: i64 = 15 * 60_000;
/// The incident starts at least this long into the hour...
const EARLIEST_MS: i64 = 10 * 60_000;
/// ...and at most this long into it, so that it ends inside the hour.
const LATEST_MS: i64 = 45 * 60_000;
/// Automatic traffic, in requests per second.
const RATE: f64 = 10.0;
/// Three replicas, all scraped.
const REPLICAS: usize = 3;
/// The course's `prometheus.yml` with the three replicas as targets.
const CONFIG: &str = "global:
  scrape_interval: 15s

scrape_configs:
  - job_name: 'my_app'
    static_configs:
      - targets: ['localhost:8000', 'localhost:8001', 'localhost:8002']
";
/// Endpoints an error burst or latency spike may hit: not `/api/orders`, whose usual
/// 5 % of failures would blur the error exercise.
const ENDPOINTS: [&str; 3] = ["/", "/about", "/api/users"];
/// Salts of the seeded draws.
const WHEN_SALT: u64 = 0x0e7e_2c15;
const WHAT_SALT: u64 = 0x0c01_9217;

/// What really happened, as the incident log says.
#[derive(Clone, Debug, PartialEq)]
pub struct Truth {
    /// The culprit's label value: the endpoint's path or the instance (`localhost:8001`).
    pub culprit: String,
    /// When the incident started and ended (ms).
    pub start_ms: i64,
    /// When it ended (the start for a restart).
    pub end_ms: i64,
}

/// An exercise's playground and its truth.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The exercise.
    pub kind: ExerciseKind,
    /// The seed it was built from.
    pub seed: u64,
    /// The simulation, stopped at the end of the hour.
    pub playground: Playground,
    /// What the incident hit, and when.
    pub truth: Truth,
}

impl Scenario {
    /// Builds exercise `kind` from `seed`: the same seed always gives the same hour.
    pub fn build(kind: ExerciseKind, seed: u64) -> Scenario {
        let mut pg = Playground::new(seed, SCENARIO_START_MS);
        pg.set_paused(true);
        pg.deploy(Instrumentation::Production);
        // The text and the rate are constants a unit test accepts.
        let _ = pg.apply_config(CONFIG);
        for _ in 1..REPLICAS {
            let _ = pg.add_replica();
        }
        let _ = pg.set_rate(RATE);
        let at =
            EARLIEST_MS + (unit(seed ^ WHEN_SALT, 0) * (LATEST_MS - EARLIEST_MS) as f64) as i64;
        pg.step(WARMUP_MS + at);
        let endpoint = ENDPOINTS
            [(unit(seed ^ WHAT_SALT, 0) * ENDPOINTS.len() as f64) as usize % ENDPOINTS.len()];
        let incident = match kind {
            ExerciseKind::ErrorRatio => pg.trigger(IncidentKind::Errors, Some(endpoint)),
            ExerciseKind::Latency => pg.trigger(IncidentKind::Latency, Some(endpoint)),
            ExerciseKind::Restart => pg.trigger(IncidentKind::Restart, None),
            ExerciseKind::Down => pg.trigger(IncidentKind::Stop, None),
        };
        pg.step(HOUR_MS - at);
        let culprit = match &incident.target {
            Target::Endpoint(path) => path.clone(),
            Target::Replica(i) => format!("localhost:{}", 8000 + i),
            Target::App => String::new(),
        };
        Scenario {
            kind,
            seed,
            playground: pg,
            truth: Truth {
                culprit,
                start_ms: incident.start_ms,
                end_ms: incident.end_ms,
            },
        }
    }

    /// The hour the learner looks back over: its start and end (ms).
    pub fn window(&self) -> (i64, i64) {
        let end = self.playground.now_ms();
        (end - HOUR_MS, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_and_rate_are_accepted() {
        let mut pg = Playground::new(1, SCENARIO_START_MS);
        assert!(pg.apply_config(CONFIG).is_ok());
        assert!(pg.set_rate(RATE).is_ok());
        assert_eq!(pg.targets().len(), REPLICAS);
    }

    #[test]
    fn the_incident_lies_inside_the_hour_and_matches_the_log() {
        for kind in ExerciseKind::ALL {
            let s = Scenario::build(kind, 7);
            let (start, end) = s.window();
            assert!(start < s.truth.start_ms && s.truth.end_ms < end, "{kind:?}");
            let logged = s.playground.incidents();
            assert_eq!(logged.len(), 1);
            assert_eq!(logged[0].start_ms, s.truth.start_ms);
            assert!(!s.truth.culprit.is_empty());
        }
    }

    #[test]
    fn the_seed_decides_the_hour() {
        let a = Scenario::build(ExerciseKind::Down, 3);
        let b = Scenario::build(ExerciseKind::Down, 3);
        assert_eq!(a.truth, b.truth);
        let moments: std::collections::BTreeSet<i64> = (0..6)
            .map(|s| Scenario::build(ExerciseKind::ErrorRatio, s).truth.start_ms)
            .collect();
        assert!(moments.len() > 1);
    }
}
