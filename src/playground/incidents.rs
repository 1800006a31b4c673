//! The app's replicas as the learner drives them (add one, start, stop, restart each),
//! and incidents: each starts now, is recorded in the log with its end, and does to the
//! replicas what its kind says (a restart, a stop then a start, a leak); the log itself
//! says what is in force in between (slower endpoints, failures, more traffic, slow
//! `/metrics`). Which replica an incident hits is drawn from the seed among the running
//! ones.

use crate::noise::unit;
use crate::sim::{Incident, IncidentKind, ReplicaError, Target, LEAK_BYTES_PER_S};

use super::Playground;

/// Salt of the draws that pick an incident's replica.
const PICK_SALT: u64 = 0x1c1d_e475;

impl Playground {
    /// Starts one more replica of the app now; returns its metrics port (8001, ...).
    pub fn add_replica(&mut self) -> Result<u16, ReplicaError> {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        let i = self.apps.add(now)?;
        Ok(self.apps.all()[i].metrics_port())
    }

    /// Restarts replica `i` now (its counters back to 0).
    pub fn restart_replica(&mut self, i: usize) -> Result<(), ReplicaError> {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        self.apps.get_mut(i)?.restart(now);
        Ok(())
    }

    /// Starts or stops replica `i` now.
    pub fn set_replica_running(&mut self, i: usize, running: bool) -> Result<(), ReplicaError> {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        let app = self.apps.get_mut(i)?;
        if running {
            app.start(now)
        } else {
            app.stop()
        }
        Ok(())
    }

    /// Every incident so far, oldest first.
    pub fn incidents(&self) -> &[Incident] {
        self.incidents.all()
    }

    /// Causes an incident of `kind` now. `endpoint` is the endpoint a latency spike or
    /// an error burst hits (its kind's default when `None`); the replica a restart, stop,
    /// slow scrapes or leak hits is drawn among the running ones. Returns the incident.
    pub fn trigger(&mut self, kind: IncidentKind, endpoint: Option<&str>) -> Incident {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        let target = match kind.default_endpoint() {
            _ if kind.hits_replica() => Target::Replica(self.pick_replica()),
            Some(default) => Target::Endpoint(endpoint.unwrap_or(default).to_string()),
            None => Target::App,
        };
        let incident = Incident::new(kind, target, now);
        self.incidents.record(incident.clone());
        if let Target::Replica(i) = incident.target {
            if let Ok(app) = self.apps.get_mut(i) {
                match kind {
                    IncidentKind::Restart => app.restart(now),
                    IncidentKind::Stop => app.stop(),
                    IncidentKind::MemoryLeak => app.leak(now, incident.end_ms, LEAK_BYTES_PER_S),
                    _ => {}
                }
            }
        }
        self.apply_traffic_factor(now);
        incident
    }

    /// The replica an incident hits: drawn from the seed among the running ones (the
    /// first when none runs).
    fn pick_replica(&self) -> usize {
        let running = self.apps.running();
        let u = unit(self.seed ^ PICK_SALT, self.incidents.all().len() as u64);
        running
            .get((u * running.len() as f64) as usize)
            .copied()
            .unwrap_or(0)
    }

    /// Applies the ends of the incidents ending at `end_ms`: a stopped replica starts
    /// again (unless another stop holds it), the traffic goes back to the learner's rate.
    pub(super) fn end_incidents_at(&mut self, end_ms: i64) {
        let restart: Vec<usize> = self
            .incidents
            .ending_at(end_ms)
            .filter(|i| i.kind == IncidentKind::Stop)
            .filter_map(|i| match i.target {
                Target::Replica(r) => Some(r),
                _ => None,
            })
            .filter(|&r| !self.incidents.holds_stopped(r, end_ms))
            .collect();
        for r in restart {
            if let Ok(app) = self.apps.get_mut(r) {
                app.start(end_ms);
            }
        }
        self.apply_traffic_factor(end_ms);
        self.incidents_done_ms = end_ms;
    }
}
