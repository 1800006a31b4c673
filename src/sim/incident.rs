//! Incidents a learner can cause, and their log: each has a kind, what it hits (the app,
//! one replica, one endpoint), and a start and end on the simulated clock. The log answers
//! what is in force at a moment: the endpoints' troubles, the traffic factor, how much
//! slower a replica's `/metrics` is. What an incident does to the processes (a restart, a
//! stop, a leak) the playground does when it starts or ends.

use std::time::Duration;

use super::latency::{Strain, Trouble};
use crate::lang::Lang;

/// How long a stopped replica stays down before it is started again.
const STOP_MS: i64 = 120_000;
/// How long scrapes are slow.
const SLOW_SCRAPE_MS: i64 = 120_000;
/// How much longer `/metrics` takes while scrapes are slow: more than any
/// `scrape_timeout` the course's 15 s interval allows.
pub const SLOW_SCRAPE_DELAY: Duration = Duration::from_secs(20);
/// How long a latency spike, an error burst or a traffic spike lasts.
const SPIKE_MS: i64 = 300_000;
/// How many times slower an endpoint is during a latency spike.
pub const LATENCY_FACTOR: f64 = 8.0;
/// The share of requests that fail during an error burst.
pub const ERROR_BURST_RATE: f64 = 0.4;
/// How many times more traffic during a traffic spike.
pub const TRAFFIC_FACTOR: f64 = 5.0;
/// How long the memory leaks.
const LEAK_MS: i64 = 600_000;
/// How fast the memory leaks, in bytes per second (90 MB in 10 minutes).
pub const LEAK_BYTES_PER_S: f64 = 150_000.0;

/// The kinds of incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncidentKind {
    /// A replica restarts: its counters go back to 0.
    Restart,
    /// A replica stops (its target goes down, its series go stale), then starts again.
    Stop,
    /// A replica's `/metrics` answers later than `scrape_timeout`.
    SlowScrape,
    /// One endpoint is much slower.
    Latency,
    /// One endpoint fails often.
    Errors,
    /// Much more traffic.
    Traffic,
    /// A replica's memory leaks.
    MemoryLeak,
}

impl IncidentKind {
    /// Every kind, in the order the buttons show them.
    pub const ALL: [IncidentKind; 7] = [
        IncidentKind::Restart,
        IncidentKind::Stop,
        IncidentKind::SlowScrape,
        IncidentKind::Latency,
        IncidentKind::Errors,
        IncidentKind::Traffic,
        IncidentKind::MemoryLeak,
    ];

    /// A short stable name (`slow-scrape`), for test ids.
    pub fn id(self) -> &'static str {
        match self {
            IncidentKind::Restart => "restart",
            IncidentKind::Stop => "stop",
            IncidentKind::SlowScrape => "slow-scrape",
            IncidentKind::Latency => "latency",
            IncidentKind::Errors => "errors",
            IncidentKind::Traffic => "traffic",
            IncidentKind::MemoryLeak => "memory",
        }
    }

    /// How long an incident of this kind lasts, in ms (0: at once).
    pub fn duration_ms(self) -> i64 {
        match self {
            IncidentKind::Restart => 0,
            IncidentKind::Stop => STOP_MS,
            IncidentKind::SlowScrape => SLOW_SCRAPE_MS,
            IncidentKind::Latency | IncidentKind::Errors | IncidentKind::Traffic => SPIKE_MS,
            IncidentKind::MemoryLeak => LEAK_MS,
        }
    }

    /// What it hits: one replica, one endpoint, or the whole app.
    pub fn hits_replica(self) -> bool {
        matches!(
            self,
            IncidentKind::Restart
                | IncidentKind::Stop
                | IncidentKind::SlowScrape
                | IncidentKind::MemoryLeak
        )
    }

    /// The endpoint it hits when none is chosen (`None` for kinds that hit no endpoint).
    pub fn default_endpoint(self) -> Option<&'static str> {
        match self {
            IncidentKind::Latency => Some("/api/users"),
            IncidentKind::Errors => Some("/api/orders"),
            _ => None,
        }
    }

    /// Its name in the user's language.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (IncidentKind::Restart, Lang::Fr) => "Redémarrage",
            (IncidentKind::Restart, Lang::En) => "Restart",
            (IncidentKind::Stop, Lang::Fr) => "Arrêt",
            (IncidentKind::Stop, Lang::En) => "Stop",
            (IncidentKind::SlowScrape, Lang::Fr) => "Scrapes trop lents",
            (IncidentKind::SlowScrape, Lang::En) => "Slow scrapes",
            (IncidentKind::Latency, Lang::Fr) => "Pic de latence",
            (IncidentKind::Latency, Lang::En) => "Latency spike",
            (IncidentKind::Errors, Lang::Fr) => "Rafale d'erreurs",
            (IncidentKind::Errors, Lang::En) => "Error burst",
            (IncidentKind::Traffic, Lang::Fr) => "Pic de trafic",
            (IncidentKind::Traffic, Lang::En) => "Traffic spike",
            (IncidentKind::MemoryLeak, Lang::Fr) => "Fuite mémoire",
            (IncidentKind::MemoryLeak, Lang::En) => "Memory leak",
        }
    }
}

/// What an incident hits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The whole app (all replicas).
    App,
    /// One replica, by number (its metrics port is 8000 + number).
    Replica(usize),
    /// One endpoint, on every replica.
    Endpoint(String),
}

/// One incident.
#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    /// Its kind.
    pub kind: IncidentKind,
    /// What it hits.
    pub target: Target,
    /// When it started (ms).
    pub start_ms: i64,
    /// When it ends or ended (ms); the start for an incident that happens at once.
    pub end_ms: i64,
}

impl Incident {
    /// An incident of `kind` on `target` starting at `start_ms`, for its kind's duration.
    pub fn new(kind: IncidentKind, target: Target, start_ms: i64) -> Self {
        Incident {
            kind,
            target,
            start_ms,
            end_ms: start_ms.saturating_add(kind.duration_ms()),
        }
    }

    /// Whether it is in force for what happens at `t_ms` (after its start, up to its end).
    pub fn covers(&self, t_ms: i64) -> bool {
        self.start_ms < t_ms && t_ms <= self.end_ms
    }

    /// Whether it is in force from `t_ms` on (from its start, before its end).
    pub fn holds_from(&self, t_ms: i64) -> bool {
        self.start_ms <= t_ms && t_ms < self.end_ms
    }

    /// What it is and what it hits, in the user's language (`Latency spike on
    /// /api/users ×8`).
    pub fn describe(&self, lang: Lang) -> String {
        let name = self.kind.name(lang);
        let on = match lang {
            Lang::Fr => "sur",
            Lang::En => "on",
        };
        let what = match &self.target {
            Target::App => String::new(),
            Target::Replica(i) => format!(" {on} localhost:{}", 8000 + i),
            Target::Endpoint(path) => format!(" {on} {path}"),
        };
        let detail = match self.kind {
            IncidentKind::Latency => format!(" (×{LATENCY_FACTOR})"),
            IncidentKind::Errors => format!(" ({} %)", ERROR_BURST_RATE * 100.0),
            IncidentKind::Traffic => format!(" (×{TRAFFIC_FACTOR})"),
            _ => String::new(),
        };
        format!("{name}{what}{detail}")
    }
}

/// Every incident so far, in the order they started.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentLog {
    incidents: Vec<Incident>,
}

impl IncidentLog {
    /// Records an incident.
    pub fn record(&mut self, incident: Incident) {
        self.incidents.push(incident);
    }

    /// Every incident, oldest first.
    pub fn all(&self) -> &[Incident] {
        &self.incidents
    }

    /// The endpoints' troubles for what happens at `t_ms`.
    pub fn strain_at(&self, t_ms: i64) -> Strain {
        let troubles = self
            .incidents
            .iter()
            .filter(|i| i.covers(t_ms))
            .filter_map(|i| {
                let Target::Endpoint(path) = &i.target else {
                    return None;
                };
                let trouble = match i.kind {
                    IncidentKind::Latency => Trouble::Slower(LATENCY_FACTOR),
                    IncidentKind::Errors => Trouble::Failing(ERROR_BURST_RATE),
                    _ => return None,
                };
                Some((path.clone(), trouble))
            })
            .collect();
        Strain { troubles }
    }

    /// How many times the learner's traffic arrives from `t_ms` on.
    pub fn traffic_factor_from(&self, t_ms: i64) -> f64 {
        self.incidents
            .iter()
            .filter(|i| i.kind == IncidentKind::Traffic && i.holds_from(t_ms))
            .fold(1.0, |f, _| f * TRAFFIC_FACTOR)
    }

    /// How much longer replica `replica`'s `/metrics` takes at `t_ms`.
    pub fn scrape_delay_at(&self, replica: usize, t_ms: i64) -> Duration {
        let slow = self.incidents.iter().any(|i| {
            i.kind == IncidentKind::SlowScrape
                && i.target == Target::Replica(replica)
                && i.covers(t_ms)
        });
        if slow {
            SLOW_SCRAPE_DELAY
        } else {
            Duration::ZERO
        }
    }

    /// Whether replica `replica` is held stopped by a stop incident from `t_ms` on.
    pub fn holds_stopped(&self, replica: usize, t_ms: i64) -> bool {
        self.incidents.iter().any(|i| {
            i.kind == IncidentKind::Stop
                && i.target == Target::Replica(replica)
                && i.holds_from(t_ms)
        })
    }

    /// The first end of an incident after `t_ms`.
    pub fn next_end_after(&self, t_ms: i64) -> Option<i64> {
        self.incidents
            .iter()
            .map(|i| i.end_ms)
            .filter(|&e| e > t_ms)
            .min()
    }

    /// The incidents ending exactly at `t_ms`.
    pub fn ending_at(&self, t_ms: i64) -> impl Iterator<Item = &Incident> {
        self.incidents.iter().filter(move |i| i.end_ms == t_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_795_545_825_000;

    fn log(incidents: &[(IncidentKind, Target, i64)]) -> IncidentLog {
        let mut log = IncidentLog::default();
        for (kind, target, start) in incidents {
            log.record(Incident::new(*kind, target.clone(), *start));
        }
        log
    }

    #[test]
    fn troubles_hold_between_start_and_end_on_their_endpoint() {
        let users = Target::Endpoint("/api/users".into());
        let log = log(&[(IncidentKind::Latency, users, T0)]);
        assert!(log.strain_at(T0).troubles.is_empty());
        assert_eq!(
            log.strain_at(T0 + 1).troubles,
            [("/api/users".to_string(), Trouble::Slower(LATENCY_FACTOR))]
        );
        assert_eq!(log.strain_at(T0 + SPIKE_MS).troubles.len(), 1);
        assert!(log.strain_at(T0 + SPIKE_MS + 1).troubles.is_empty());
        assert_eq!(log.next_end_after(T0), Some(T0 + SPIKE_MS));
        assert_eq!(log.next_end_after(T0 + SPIKE_MS), None);
        assert_eq!(log.ending_at(T0 + SPIKE_MS).count(), 1);
    }

    #[test]
    fn traffic_slow_scrapes_and_stops_are_in_force_for_their_time() {
        let log = log(&[
            (IncidentKind::Traffic, Target::App, T0),
            (IncidentKind::SlowScrape, Target::Replica(1), T0),
            (IncidentKind::Stop, Target::Replica(0), T0),
        ]);
        assert_eq!(log.traffic_factor_from(T0 - 1), 1.0);
        assert_eq!(log.traffic_factor_from(T0), TRAFFIC_FACTOR);
        assert_eq!(log.traffic_factor_from(T0 + SPIKE_MS), 1.0);
        assert_eq!(log.scrape_delay_at(1, T0 + 15_000), SLOW_SCRAPE_DELAY);
        assert_eq!(log.scrape_delay_at(0, T0 + 15_000), Duration::ZERO);
        assert_eq!(
            log.scrape_delay_at(1, T0 + SLOW_SCRAPE_MS + 1),
            Duration::ZERO
        );
        assert!(log.holds_stopped(0, T0 + STOP_MS - 1));
        assert!(!log.holds_stopped(0, T0 + STOP_MS));
        assert!(!log.holds_stopped(1, T0 + 1));
    }

    #[test]
    fn incidents_describe_themselves_in_both_languages() {
        let i = Incident::new(
            IncidentKind::Latency,
            Target::Endpoint("/api/users".into()),
            T0,
        );
        assert_eq!(i.describe(Lang::En), "Latency spike on /api/users (×8)");
        assert_eq!(i.describe(Lang::Fr), "Pic de latence sur /api/users (×8)");
        let r = Incident::new(IncidentKind::Restart, Target::Replica(1), T0);
        assert_eq!(r.end_ms, r.start_ms);
        assert_eq!(r.describe(Lang::En), "Restart on localhost:8001");
        let ids: Vec<&str> = IncidentKind::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(ids.len(), 7);
        assert!(ids.contains(&"slow-scrape") && ids.contains(&"memory"));
    }
}
