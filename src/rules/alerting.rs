//! Prometheus's alerting state machine (`AlertingRule.Eval`), one evaluation at a time:
//! each series of the expression's result is an alert, pending from the evaluation where
//! it appears, firing once it has been there for `for`; an alert whose series is gone is
//! dropped (pending) or resolved (firing), unless `keep_firing_for` keeps it firing; a
//! resolved alert is remembered for 15 minutes. Each change is reported for the history.

use std::collections::{BTreeMap, BTreeSet};

use crate::store::{Labels, METRIC_NAME};

use super::model::AlertingSpec;

/// How long a resolved alert is kept (Prometheus's `resolvedRetention`).
pub const RESOLVED_RETENTION_MS: i64 = 15 * 60 * 1000;

/// The state of an alert, or of a rule (its most serious alert).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertState {
    /// Not active (or resolved).
    Inactive,
    /// The condition holds, not yet for `for`.
    Pending,
    /// The alert fires.
    Firing,
}

impl AlertState {
    /// The state as Prometheus writes it (`inactive`, `pending`, `firing`).
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::Inactive => "inactive",
            AlertState::Pending => "pending",
            AlertState::Firing => "firing",
        }
    }
}

/// One alert of a rule: a series of the expression's result, with its timestamps.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    /// Its identity: the series' labels without the metric name, the rule's labels
    /// (expanded) and `alertname`.
    pub labels: Labels,
    /// The series' labels without the metric name (to find it again).
    pub source: Labels,
    /// The annotations, expanded at the last evaluation that returned the series.
    pub annotations: Vec<(String, String)>,
    /// Its state.
    pub state: AlertState,
    /// When it became pending (Prometheus's `activeAt`).
    pub active_at_ms: i64,
    /// When it started firing.
    pub fired_at_ms: Option<i64>,
    /// When it was resolved.
    pub resolved_at_ms: Option<i64>,
    /// When `keep_firing_for` started keeping it firing.
    pub keep_firing_since_ms: Option<i64>,
    /// The expression's value at the last evaluation that returned the series.
    pub value: f64,
}

/// A series of the expression's result, ready to become or update an alert.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The alert's labels.
    pub labels: Labels,
    /// The series' labels without the metric name.
    pub source: Labels,
    /// The expanded annotations.
    pub annotations: Vec<(String, String)>,
    /// The value.
    pub value: f64,
}

/// A change made by one evaluation.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// A new alert, pending.
    Pending,
    /// Pending → firing.
    Fired,
    /// A new alert, firing at once (`for` is 0).
    FiredAtOnce,
    /// The condition stopped; `keep_firing_for` keeps the alert firing.
    KeptFiring,
    /// Pending → inactive.
    Dropped,
    /// Firing → inactive because the condition stopped.
    Resolved,
    /// Firing → inactive because `keep_firing_for` ran out.
    KeepFiringElapsed,
}

/// Why an evaluation produced no alerts.
#[derive(Clone, Debug, PartialEq)]
pub enum StepError {
    /// Two series gave the same alert labels.
    SameLabelset,
    /// More active alerts than the group's `limit` (the count).
    Limit(usize),
}

/// The active alerts of one rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AlertSet {
    /// Alerts by labels, resolved ones included for 15 minutes.
    pub alerts: BTreeMap<Labels, Alert>,
}

impl AlertSet {
    /// The rule's state: its most serious alert's.
    pub fn state(&self) -> AlertState {
        self.alerts
            .values()
            .map(|a| a.state)
            .max()
            .unwrap_or(AlertState::Inactive)
    }

    /// One evaluation at `ts` with the expression's result `found`; returns each change
    /// (with the alert as it was just before, for resolved and dropped ones) and leaves
    /// the active alerts (pending or firing, kept firing included) in `self`.
    pub fn step(
        &mut self,
        spec: &AlertingSpec,
        ts: i64,
        found: Vec<Found>,
        limit: usize,
    ) -> Result<Vec<(Change, Alert)>, StepError> {
        let mut seen = BTreeSet::new();
        if !found.iter().all(|f| seen.insert(f.labels.clone())) {
            return Err(StepError::SameLabelset);
        }
        let mut new = BTreeSet::new();
        for f in found {
            match self.alerts.get_mut(&f.labels) {
                Some(a) if a.state != AlertState::Inactive => {
                    a.value = f.value;
                    a.annotations = f.annotations;
                }
                _ => {
                    new.insert(f.labels.clone());
                    self.alerts.insert(
                        f.labels.clone(),
                        Alert {
                            labels: f.labels,
                            source: f.source,
                            annotations: f.annotations,
                            state: AlertState::Pending,
                            active_at_ms: ts,
                            fired_at_ms: None,
                            resolved_at_ms: None,
                            keep_firing_since_ms: None,
                            value: f.value,
                        },
                    );
                }
            }
        }
        let keep_ms = i64::try_from(spec.keep_firing_for_ms).unwrap_or(i64::MAX);
        let for_ms = i64::try_from(spec.for_ms).unwrap_or(i64::MAX);
        let mut changes = Vec::new();
        let mut active = 0;
        let mut gone = Vec::new();
        for (key, a) in self.alerts.iter_mut() {
            if !seen.contains(key) {
                let mut keep_firing = false;
                if a.state == AlertState::Firing && keep_ms > 0 {
                    let since = match a.keep_firing_since_ms {
                        Some(since) => since,
                        None => {
                            a.keep_firing_since_ms = Some(ts);
                            changes.push((Change::KeptFiring, a.clone()));
                            ts
                        }
                    };
                    keep_firing = ts - since < keep_ms;
                }
                let expired = a
                    .resolved_at_ms
                    .is_some_and(|r| ts - r > RESOLVED_RETENTION_MS);
                if a.state == AlertState::Pending || expired {
                    gone.push(key.clone());
                }
                if a.state != AlertState::Inactive && !keep_firing {
                    let change = match (a.state, a.keep_firing_since_ms) {
                        (AlertState::Pending, _) => Change::Dropped,
                        (_, Some(_)) => Change::KeepFiringElapsed,
                        _ => Change::Resolved,
                    };
                    changes.push((change, a.clone()));
                    a.state = AlertState::Inactive;
                    a.resolved_at_ms = Some(ts);
                }
                if !keep_firing {
                    continue;
                }
            } else {
                a.keep_firing_since_ms = None;
            }
            active += 1;
            if a.state == AlertState::Pending && ts - a.active_at_ms >= for_ms {
                a.state = AlertState::Firing;
                a.fired_at_ms = Some(ts);
                let change = if new.contains(key) {
                    Change::FiredAtOnce
                } else {
                    Change::Fired
                };
                changes.push((change, a.clone()));
            } else if new.contains(key) {
                changes.push((Change::Pending, a.clone()));
            }
        }
        for key in gone {
            self.alerts.remove(&key);
        }
        if limit > 0 && active > limit {
            self.alerts.clear();
            return Err(StepError::Limit(active));
        }
        Ok(changes)
    }

    /// The `ALERTS` and `ALERTS_FOR_STATE` series of the active alerts, with their
    /// values: 1, and the second the alert became active.
    pub fn series(&self) -> Vec<(Labels, f64)> {
        let mut out = Vec::new();
        for a in self.alerts.values() {
            if a.state == AlertState::Inactive {
                continue;
            }
            let mut alerts = a.labels.clone();
            alerts.set(METRIC_NAME, "ALERTS");
            alerts.set("alertstate", a.state.as_str());
            out.push((alerts, 1.0));
            let mut for_state = a.labels.clone();
            for_state.set(METRIC_NAME, "ALERTS_FOR_STATE");
            out.push((for_state, a.active_at_ms.div_euclid(1000) as f64));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn spec(for_ms: u64, keep_ms: u64) -> AlertingSpec {
        AlertingSpec {
            for_ms,
            keep_firing_for_ms: keep_ms,
            labels: Vec::new(),
            annotations: Vec::new(),
        }
    }

    fn found(value: f64) -> Vec<Found> {
        let labels = Labels::from_pairs([("alertname", "A"), ("job", "app")]);
        vec![Found {
            source: labels.without_metric_name(),
            labels,
            annotations: Vec::new(),
            value,
        }]
    }

    /// The rule's state after each evaluation, one a minute, the condition holding at
    /// the evaluations marked true.
    fn run(spec: &AlertingSpec, holds: &[bool]) -> (Vec<AlertState>, Vec<Change>) {
        let mut set = AlertSet::default();
        let mut states = Vec::new();
        let mut changes = Vec::new();
        for (i, h) in holds.iter().enumerate() {
            let f = if *h { found(1.0) } else { Vec::new() };
            let c = set.step(spec, i as i64 * MIN, f, 0).unwrap();
            changes.extend(c.into_iter().map(|(c, _)| c));
            states.push(set.state());
        }
        (states, changes)
    }

    use AlertState::{Firing as F, Inactive as I, Pending as P};

    #[test]
    fn pending_then_firing_after_for() {
        let (states, changes) = run(
            &spec(2 * MIN as u64, 0),
            &[false, true, true, true, true, false],
        );
        assert_eq!(states, [I, P, P, F, F, I]);
        assert_eq!(changes, [Change::Pending, Change::Fired, Change::Resolved]);
    }

    #[test]
    fn a_blip_shorter_than_for_never_fires() {
        let (states, changes) = run(&spec(2 * MIN as u64, 0), &[true, true, false, true]);
        assert_eq!(states, [P, P, I, P]);
        assert_eq!(changes, [Change::Pending, Change::Dropped, Change::Pending]);
    }

    #[test]
    fn without_for_it_fires_at_once() {
        let (states, changes) = run(&spec(0, 0), &[true, false]);
        assert_eq!(states, [F, I]);
        assert_eq!(changes, [Change::FiredAtOnce, Change::Resolved]);
    }

    #[test]
    fn keep_firing_for_holds_it_after_the_condition_stops() {
        let (states, changes) = run(&spec(0, 2 * MIN as u64), &[true, false, false, false, true]);
        // Kept at 1 and 2 minutes (less than 2m since it stopped), resolved at 3.
        assert_eq!(states, [F, F, F, I, F]);
        assert_eq!(
            changes,
            [
                Change::FiredAtOnce,
                Change::KeptFiring,
                Change::KeepFiringElapsed,
                Change::FiredAtOnce
            ]
        );
    }

    #[test]
    fn resolved_alerts_are_kept_fifteen_minutes() {
        let mut set = AlertSet::default();
        let s = spec(0, 0);
        set.step(&s, 0, found(1.0), 0).unwrap();
        set.step(&s, MIN, Vec::new(), 0).unwrap();
        assert_eq!(set.alerts.len(), 1, "resolved, still remembered");
        assert!(
            set.series().is_empty(),
            "no ALERTS series for a resolved alert"
        );
        set.step(&s, MIN + RESOLVED_RETENTION_MS + 1, Vec::new(), 0)
            .unwrap();
        assert!(set.alerts.is_empty());
    }

    #[test]
    fn alerts_series_carry_state_and_activation_second() {
        let mut set = AlertSet::default();
        let s = spec(MIN as u64, 0);
        set.step(&s, 1_500, found(0.7), 0).unwrap();
        let series = set.series();
        assert_eq!(series.len(), 2);
        assert_eq!(
            series[0].0.to_string(),
            r#"ALERTS{alertname="A", alertstate="pending", job="app"}"#
        );
        assert_eq!(
            series[1],
            (
                Labels::from_pairs([
                    ("__name__", "ALERTS_FOR_STATE"),
                    ("alertname", "A"),
                    ("job", "app")
                ]),
                1.0
            )
        );
        assert_eq!(set.alerts.values().next().map(|a| a.value), Some(0.7));
    }

    #[test]
    fn duplicates_and_limits_are_errors() {
        let mut set = AlertSet::default();
        let mut twice = found(1.0);
        twice.extend(found(2.0));
        assert_eq!(
            set.step(&spec(0, 0), 0, twice, 0),
            Err(StepError::SameLabelset)
        );
        assert_eq!(
            set.step(&spec(0, 0), 0, found(1.0), 0).map(|c| c.len()),
            Ok(1)
        );
        let mut two = found(1.0);
        two.push(Found {
            labels: Labels::from_pairs([("alertname", "A"), ("job", "b")]),
            source: Labels::from_pairs([("job", "b")]),
            annotations: Vec::new(),
            value: 1.0,
        });
        assert_eq!(set.step(&spec(0, 0), MIN, two, 1), Err(StepError::Limit(2)));
        assert!(set.alerts.is_empty());
    }
}
