//! Requests to the app: automatic traffic at the learner's rate (times a traffic spike),
//! spread over the endpoints by the traffic mix and over the running replicas by round
//! robin, as a load balancer would; and one request sent by hand to any path, with its
//! status and how long it took.

use crate::sim::{route_path, ConnectionRefused, MixError, RateError, TrafficMix, MAX_RATE};

use super::Playground;

/// A request sent by hand, and its answer.
#[derive(Clone, Debug, PartialEq)]
pub struct SentRequest {
    /// The path as sent.
    pub path: String,
    /// The Flask port of the replica that answered (or refused).
    pub port: u16,
    /// The status code; `None` when the connection was refused.
    pub status: Option<u16>,
    /// How long the request took, in seconds; `None` when refused.
    pub duration_s: Option<f64>,
    /// What the page shows: `200 OK — Hello, world!`, or the connection error.
    pub text: String,
}

/// What Go's HTTP client says when `GET path` on Flask's `port` is refused.
fn refused_text(port: u16, path: &str) -> String {
    let slash = if path.starts_with('/') { "" } else { "/" };
    format!(
        "Get \"http://localhost:{port}{slash}{path}\": {}",
        ConnectionRefused { port }
    )
}

impl Playground {
    /// Sets the automatic traffic, in requests per second.
    pub fn set_rate(&mut self, per_second: f64) -> Result<(), RateError> {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        self.traffic.set_rate(per_second)?;
        self.rate = per_second;
        self.apply_traffic_factor(now);
        Ok(())
    }

    /// Automatic traffic rate the learner chose, in requests per second.
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Automatic traffic rate in force now (the learner's, times a traffic spike).
    pub fn effective_rate(&self) -> f64 {
        self.traffic.rate()
    }

    /// Runs the traffic at the learner's rate times the spikes in force from `t_ms`.
    pub(super) fn apply_traffic_factor(&mut self, t_ms: i64) {
        let rate = (self.rate * self.incidents.traffic_factor_from(t_ms)).min(MAX_RATE);
        if rate != self.traffic.rate() {
            // The learner's rate was accepted, so a bounded multiple of it is too.
            let _ = self.traffic.set_rate(rate);
        }
    }

    /// How automatic traffic spreads over the endpoints.
    pub fn mix(&self) -> &TrafficMix {
        &self.mix
    }

    /// Sets the weight of one endpoint in the traffic mix.
    pub fn set_weight(&mut self, path: &str, weight: u32) -> Result<(), MixError> {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        self.mix.set_weight(path, weight)
    }

    /// A learner's click on "send a request": `GET /` now. Returns the answer shown.
    pub fn send_request(&mut self) -> String {
        self.send_path("/")
    }

    /// One `GET` of `path` now, to the next running replica; it takes as long and fails
    /// as its endpoint's profile (and the incidents in force) draw. Returns the answer
    /// shown; refused when no replica runs, worded as the targets page words a refused
    /// scrape (URL, then the port dialled).
    pub fn send_path(&mut self, path: &str) -> String {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        let running = self.apps.running();
        let sent = match running.get(self.workload.next_slot(running.len())) {
            None => {
                let port = self.app().flask_port();
                SentRequest {
                    path: path.to_string(),
                    port,
                    status: None,
                    duration_s: None,
                    text: refused_text(port, path),
                }
            }
            Some(&i) => {
                let strain = self.incidents.strain_at(now + 1);
                let app = &self.apps.all()[i];
                let port = app.flask_port();
                let profile = strain.apply(&route_path(path), app.profile_of(path));
                let outcome = self.workload.one(&profile);
                let answer = self
                    .apps
                    .get_mut(i)
                    .map_err(|_| ConnectionRefused { port })
                    .and_then(|app| app.handle(path, outcome, now));
                match answer {
                    Ok(r) => SentRequest {
                        path: path.to_string(),
                        port,
                        status: Some(r.status),
                        duration_s: Some(outcome.duration_s),
                        text: format!("{} — {}", r.status_text(), r.body),
                    },
                    Err(_) => SentRequest {
                        path: path.to_string(),
                        port,
                        status: None,
                        duration_s: None,
                        text: refused_text(port, path),
                    },
                }
            }
        };
        let text = sent.text.clone();
        self.last_sent = Some(sent);
        text
    }

    /// The answer to the last request sent by hand.
    pub fn last_response(&self) -> Option<&str> {
        self.last_sent.as_ref().map(|s| s.text.as_str())
    }

    /// The last request sent by hand, with its status and duration.
    pub fn last_sent(&self) -> Option<&SentRequest> {
        self.last_sent.as_ref()
    }

    /// Serves the automatic traffic that arrived up to `t_ms`, under the incidents in
    /// force then, spread over the running replicas.
    pub(super) fn serve_traffic_until(&mut self, t_ms: i64) {
        let arrivals = self.traffic.arrivals_until(t_ms);
        let running = self.apps.running();
        if arrivals.count == 0 || running.is_empty() {
            return;
        }
        let routes = self.apps.instrumentation().routes();
        let shares = self.mix.shares(routes);
        let strain = self.incidents.strain_at(t_ms);
        let first = self.apps.first();
        let timed = self.apps.instrumentation().times_requests();
        let profile_of = |path: &str| strain.apply(path, first.profile_of(path));
        let batch = self
            .workload
            .batch(arrivals.count, &shares, &profile_of, running.len(), timed);
        for (i, groups) in running.into_iter().zip(batch) {
            if let Ok(app) = self.apps.get_mut(i) {
                app.serve_batch(&groups, t_ms);
            }
        }
    }
}
