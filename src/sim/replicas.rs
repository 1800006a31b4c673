//! The app's replicas: the same version running as several processes, replica `n` on ports
//! 5000 + n (Flask) and 8000 + n (metrics), each started, stopped and restarted on its
//! own. A deploy changes the code of all of them (each restarts).

use std::fmt;

use super::app::{FlaskApp, Instrumentation};
use crate::lang::Lang;
use crate::noise::mix;

/// The most replicas the app can have (ports 8000 to 8007).
pub const MAX_REPLICAS: usize = 8;

/// Why a replica could not be added or found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplicaError {
    /// There are already [`MAX_REPLICAS`].
    TooMany,
    /// No replica has this number.
    NoSuch(usize),
}

impl ReplicaError {
    /// The error in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReplicaError::TooMany, Lang::En) => {
                format!("the app already runs {MAX_REPLICAS} instances, the most allowed")
            }
            (ReplicaError::TooMany, Lang::Fr) => {
                format!("l'application a déjà {MAX_REPLICAS} instances, le maximum")
            }
            (ReplicaError::NoSuch(i), Lang::En) => format!("there is no instance {i}"),
            (ReplicaError::NoSuch(i), Lang::Fr) => format!("il n'y a pas d'instance {i}"),
        }
    }
}

impl fmt::Display for ReplicaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ReplicaError {}

/// The replicas of the app, at least one.
#[derive(Clone, Debug)]
pub struct Replicas {
    seed: u64,
    apps: Vec<FlaskApp>,
}

impl Replicas {
    /// One replica of the course's app started at `start_ms` (the same app as
    /// [`FlaskApp::new`] with `seed`).
    pub fn new(seed: u64, start_ms: i64) -> Self {
        Replicas {
            seed,
            apps: vec![FlaskApp::new(seed, start_ms)],
        }
    }

    /// Every replica, in port order.
    pub fn all(&self) -> &[FlaskApp] {
        &self.apps
    }

    /// The first replica (ports 5000 and 8000).
    pub fn first(&self) -> &FlaskApp {
        &self.apps[0]
    }

    /// Replica `i`.
    pub fn get_mut(&mut self, i: usize) -> Result<&mut FlaskApp, ReplicaError> {
        self.apps.get_mut(i).ok_or(ReplicaError::NoSuch(i))
    }

    /// The version all replicas run.
    pub fn instrumentation(&self) -> Instrumentation {
        self.first().instrumentation()
    }

    /// Starts one more replica at `now_ms`, running the same version; returns its number.
    pub fn add(&mut self, now_ms: i64) -> Result<usize, ReplicaError> {
        let i = self.apps.len();
        if i >= MAX_REPLICAS {
            return Err(ReplicaError::TooMany);
        }
        let seed = mix(self.seed ^ i as u64);
        let version = self.instrumentation();
        self.apps
            .push(FlaskApp::replica(seed, now_ms, i as u16, version));
        Ok(i)
    }

    /// The numbers of the running replicas.
    pub fn running(&self) -> Vec<usize> {
        (0..self.apps.len())
            .filter(|&i| self.apps[i].is_up())
            .collect()
    }

    /// The number of the replica listening (or that would listen, when stopped) on
    /// `port` of localhost.
    pub fn by_port(&self, port: u16) -> Option<usize> {
        self.apps
            .iter()
            .position(|a| a.flask_port() == port || a.metrics_port() == port)
    }

    /// Deploys `version` on every replica (each restarts at `now_ms`).
    pub fn deploy(&mut self, version: Instrumentation, now_ms: i64) {
        self.apps.iter_mut().for_each(|a| a.deploy(version, now_ms));
    }

    /// Restarts every replica at `now_ms`.
    pub fn restart_all(&mut self, now_ms: i64) {
        self.apps.iter_mut().for_each(|a| a.restart(now_ms));
    }

    /// Starts (at `now_ms`) or stops every replica.
    pub fn set_all_running(&mut self, running: bool, now_ms: i64) {
        for app in &mut self.apps {
            if running {
                app.start(now_ms)
            } else {
                app.stop()
            }
        }
    }

    /// Requests counted by all replicas together.
    pub fn requests_total(&self) -> f64 {
        self.apps
            .iter()
            .fold(0.0, |total, a| total + a.requests_total())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_795_545_825_243;

    #[test]
    fn replicas_get_their_own_ports_and_processes() {
        let mut r = Replicas::new(1, T0);
        assert_eq!(r.add(T0 + 1000), Ok(1));
        assert_eq!(r.add(T0 + 2000), Ok(2));
        let ports: Vec<(u16, u16)> = r
            .all()
            .iter()
            .map(|a| (a.flask_port(), a.metrics_port()))
            .collect();
        assert_eq!(ports, [(5000, 8000), (5001, 8001), (5002, 8002)]);
        assert_eq!(r.all()[2].start_ms(), T0 + 2000);
        assert_eq!(r.by_port(8001), Some(1));
        assert_eq!(r.by_port(5002), Some(2));
        assert_eq!(r.by_port(8003), None);
        let page = |r: &mut Replicas, port| {
            let i = r.by_port(port)?;
            r.get_mut(i)
                .ok()
                .and_then(|a| a.get(port, "/metrics", T0 + 3000).ok())
                .map(|p| p.body)
        };
        assert_ne!(page(&mut r, 8000), page(&mut r, 8001));
    }

    #[test]
    fn each_replica_stops_and_a_deploy_reaches_all() {
        let mut r = Replicas::new(1, T0);
        r.add(T0).ok();
        r.get_mut(1).map(|a| a.stop()).ok();
        assert_eq!(r.running(), [0]);
        assert_eq!(r.get_mut(5).map(|_| ()), Err(ReplicaError::NoSuch(5)));
        r.deploy(Instrumentation::Production, T0 + 1000);
        assert_eq!(r.running(), [0, 1]);
        assert!(r
            .all()
            .iter()
            .all(|a| a.instrumentation() == Instrumentation::Production));
        assert_eq!(
            r.add(T0).map(|i| r.all()[i].instrumentation()),
            Ok(Instrumentation::Production)
        );
        r.set_all_running(false, T0 + 2000);
        assert!(r.running().is_empty());
        while r.add(T0).is_ok() {}
        assert_eq!(r.all().len(), MAX_REPLICAS);
        assert_eq!(r.add(T0), Err(ReplicaError::TooMany));
        assert!(ReplicaError::TooMany.message(Lang::Fr).contains("maximum"));
    }

    #[test]
    fn requests_add_up_over_replicas() {
        let mut r = Replicas::new(1, T0);
        r.add(T0).ok();
        for (i, n) in [(0, 3), (1, 4)] {
            r.get_mut(i).map(|a| a.serve_traffic("/", n, T0)).ok();
        }
        assert_eq!(r.requests_total(), 7.0);
    }
}
