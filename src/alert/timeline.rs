//! Alert states over time: replays Prometheus's alerting-rule evaluation over the steps of
//! a panel's range query and returns, per series and overall, the intervals during which
//! the alert was inactive, pending or firing (the lane the UI draws under the chart).
//!
//! The rules followed are those of Prometheus's `AlertingRule.Eval`: a series satisfying
//! the condition becomes pending at that evaluation (its `for` counts from there), fires
//! at the first evaluation at least `for` later (at once when `for` is 0), and stops —
//! pending or firing — at the first evaluation where it no longer satisfies the condition
//! or is absent from the result, unless `keep_firing_for` keeps a firing alert alive for
//! that long after the condition last held.

use std::collections::BTreeMap;

use crate::promql::RangeSeries;
use crate::store::Labels;

use super::rule::{AlertError, AlertRule};

/// The most evaluation steps accepted, as for a range query (Prometheus: 11,000 points).
pub const MAX_STEPS: i64 = 11_000;

/// The state of an alert at one evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertState {
    /// The condition does not hold (or the series is absent).
    Inactive,
    /// The condition holds, but not yet for the `for` duration.
    Pending {
        /// Evaluation time (ms) at which the condition started holding.
        since_ms: i64,
    },
    /// The alert fires.
    Firing {
        /// Evaluation time (ms) at which the alert started firing.
        since_ms: i64,
    },
}

impl AlertState {
    /// The state's name, as Prometheus's alerts API spells it (`inactive`, `pending`,
    /// `firing`).
    pub fn name(self) -> &'static str {
        match self {
            AlertState::Inactive => "inactive",
            AlertState::Pending { .. } => "pending",
            AlertState::Firing { .. } => "firing",
        }
    }
}

/// A stretch of time `[start_ms, end_ms)` spent in one state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateInterval {
    /// First evaluation time in this state.
    pub start_ms: i64,
    /// Time of the next evaluation in another state (or one step past the last one).
    pub end_ms: i64,
    /// The state.
    pub state: AlertState,
}

/// One alert series (the query's series labels, metric name removed) and its states.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesTimeline {
    /// The alert's labels: the series' labels without `__name__`, as Prometheus builds them.
    pub labels: Labels,
    /// Consecutive intervals covering the whole evaluation range.
    pub intervals: Vec<StateInterval>,
}

/// The states of every series of an alert rule, and of the rule as a whole.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertTimeline {
    /// One lane per alert series, sorted by labels.
    pub series: Vec<SeriesTimeline>,
    /// The rule's own lane: firing when any series fires, else pending when any is
    /// pending (`since_ms` is the earliest among them), else inactive.
    pub overall: Vec<StateInterval>,
}

impl AlertTimeline {
    /// The rule's state at its last evaluation (the current one); inactive when it was
    /// never evaluated.
    pub fn current_state(&self) -> AlertState {
        self.overall
            .last()
            .map_or(AlertState::Inactive, |interval| interval.state)
    }
}

/// The evaluation times: `start_ms`, `start_ms + step_ms`, ... up to `end_ms` inclusive,
/// the grid of a range query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvalGrid {
    /// First evaluation (ms).
    pub start_ms: i64,
    /// Last possible evaluation (ms).
    pub end_ms: i64,
    /// Time between evaluations (ms).
    pub step_ms: i64,
}

impl EvalGrid {
    /// The evaluation times, or why the grid is unusable.
    pub fn times(&self) -> Result<Vec<i64>, AlertError> {
        if self.step_ms <= 0 {
            return Err(AlertError::BadStep);
        }
        if self.end_ms < self.start_ms {
            return Err(AlertError::EndBeforeStart);
        }
        let span = i128::from(self.end_ms) - i128::from(self.start_ms);
        let steps = span / i128::from(self.step_ms);
        if steps >= i128::from(MAX_STEPS) {
            return Err(AlertError::TooManySteps(MAX_STEPS));
        }
        // Every time lies between start and end, so it fits an i64.
        Ok((0..=steps)
            .filter_map(|i| {
                i64::try_from(i128::from(self.start_ms) + i * i128::from(self.step_ms)).ok()
            })
            .collect())
    }
}

/// An alert that is pending or firing, with the timestamps Prometheus keeps for it.
#[derive(Clone, Copy, Debug)]
struct Active {
    firing: bool,
    active_at: i64,
    fired_at: i64,
    keep_firing_since: Option<i64>,
}

impl Active {
    fn state(&self) -> AlertState {
        if self.firing {
            AlertState::Firing {
                since_ms: self.fired_at,
            }
        } else {
            AlertState::Pending {
                since_ms: self.active_at,
            }
        }
    }
}

/// Replays `rule` over `grid`, where `values` is the panel query's range result (the
/// query alone, before the comparison). A series' value at an evaluation is its sample at
/// exactly that time; no sample there means the series is absent from the result.
///
/// Series whose labels differ only by metric name make one alert (Prometheus would refuse
/// such a result; here the condition holds if it holds for any of them).
///
/// ```
/// use sonde::alert::{evaluate, AlertRule, AlertState, CompareOp, EvalGrid};
/// use sonde::promql::RangeSeries;
/// use sonde::store::{Labels, Sample};
///
/// let rule = AlertRule {
///     query: "rate(http_requests_total[1m])".to_string(),
///     op: CompareOp::Gt,
///     threshold: 5.0,
///     for_ms: 30_000,
///     keep_firing_for_ms: 0,
/// };
/// let values = [RangeSeries {
///     labels: Labels::from_pairs([("job", "my_app")]),
///     samples: [1.0, 9.0, 9.0, 9.0]
///         .iter()
///         .enumerate()
///         .map(|(i, &v)| Sample { t: i as i64 * 15_000, v })
///         .collect(),
/// }];
/// let grid = EvalGrid { start_ms: 0, end_ms: 45_000, step_ms: 15_000 };
/// let timeline = evaluate(&rule, &grid, &values).unwrap();
/// let states: Vec<AlertState> = timeline.overall.iter().map(|i| i.state).collect();
/// assert_eq!(
///     states,
///     [
///         AlertState::Inactive,
///         AlertState::Pending { since_ms: 15_000 },
///         AlertState::Firing { since_ms: 45_000 },
///     ]
/// );
/// ```
pub fn evaluate(
    rule: &AlertRule,
    grid: &EvalGrid,
    values: &[RangeSeries],
) -> Result<AlertTimeline, AlertError> {
    rule.validate()?;
    let times = grid.times()?;
    let mut groups: BTreeMap<Labels, Vec<&RangeSeries>> = BTreeMap::new();
    for s in values {
        groups
            .entry(s.labels.without_metric_name())
            .or_default()
            .push(s);
    }
    let mut per_step: Vec<Vec<AlertState>> = Vec::with_capacity(groups.len());
    let mut series = Vec::with_capacity(groups.len());
    for (labels, members) in groups {
        let states = replay(rule, &times, |t| {
            members.iter().any(|s| {
                s.samples
                    .binary_search_by(|p| p.t.cmp(&t))
                    .ok()
                    .and_then(|i| s.samples.get(i))
                    .is_some_and(|p| rule.op.holds(p.v, rule.threshold))
            })
        });
        series.push(SeriesTimeline {
            labels,
            intervals: intervals(&times, grid.step_ms, &states),
        });
        per_step.push(states);
    }
    let overall: Vec<AlertState> = (0..times.len())
        .map(|i| combine(per_step.iter().filter_map(|states| states.get(i).copied())))
        .collect();
    Ok(AlertTimeline {
        series,
        overall: intervals(&times, grid.step_ms, &overall),
    })
}

/// The state of one alert at each time, given whether its condition holds then.
fn replay(rule: &AlertRule, times: &[i64], holds: impl Fn(i64) -> bool) -> Vec<AlertState> {
    let mut active: Option<Active> = None;
    let mut out = Vec::with_capacity(times.len());
    for &t in times {
        if holds(t) {
            match active.as_mut() {
                Some(a) => a.keep_firing_since = None,
                None => {
                    active = Some(Active {
                        firing: false,
                        active_at: t,
                        fired_at: t,
                        keep_firing_since: None,
                    })
                }
            }
        } else if let Some(a) = active.as_mut() {
            let keep = a.firing && rule.keep_firing_for_ms > 0 && {
                let since = *a.keep_firing_since.get_or_insert(t);
                t.saturating_sub(since) < rule.keep_firing_for_ms
            };
            if !keep {
                active = None;
            }
        }
        if let Some(a) = active.as_mut() {
            if !a.firing && t.saturating_sub(a.active_at) >= rule.for_ms {
                a.firing = true;
                a.fired_at = t;
            }
        }
        out.push(active.map_or(AlertState::Inactive, |a| a.state()));
    }
    out
}

/// The rule-level state from the states of its series at one time.
fn combine(states: impl Iterator<Item = AlertState>) -> AlertState {
    let mut firing: Option<i64> = None;
    let mut pending: Option<i64> = None;
    for s in states {
        match s {
            AlertState::Firing { since_ms } => {
                firing = Some(firing.map_or(since_ms, |f| f.min(since_ms)))
            }
            AlertState::Pending { since_ms } => {
                pending = Some(pending.map_or(since_ms, |p| p.min(since_ms)))
            }
            AlertState::Inactive => {}
        }
    }
    match (firing, pending) {
        (Some(since_ms), _) => AlertState::Firing { since_ms },
        (None, Some(since_ms)) => AlertState::Pending { since_ms },
        (None, None) => AlertState::Inactive,
    }
}

/// Merges the per-evaluation states into intervals; each evaluation's state lasts one step.
fn intervals(times: &[i64], step_ms: i64, states: &[AlertState]) -> Vec<StateInterval> {
    let mut out: Vec<StateInterval> = Vec::new();
    for (&t, &state) in times.iter().zip(states) {
        let end_ms = t.saturating_add(step_ms);
        match out.last_mut() {
            Some(last) if last.state == state => last.end_ms = end_ms,
            _ => out.push(StateInterval {
                start_ms: t,
                end_ms,
                state,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::rule::CompareOp;
    use crate::store::Sample;

    const S: i64 = 15_000;

    fn rule(op: CompareOp, threshold: f64, for_ms: i64, keep_ms: i64) -> AlertRule {
        AlertRule {
            query: "x".to_string(),
            op,
            threshold,
            for_ms,
            keep_firing_for_ms: keep_ms,
        }
    }

    /// A series with one value per step from 0; `None` leaves a gap (absent).
    fn series(pairs: &[(&str, &str)], values: &[Option<f64>]) -> RangeSeries {
        RangeSeries {
            labels: Labels::from_pairs(pairs.iter().copied()),
            samples: values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| Sample { t: i as i64 * S, v }))
                .collect(),
        }
    }

    fn grid(steps: i64) -> EvalGrid {
        EvalGrid {
            start_ms: 0,
            end_ms: (steps - 1) * S,
            step_ms: S,
        }
    }

    fn iv(start: i64, end: i64, state: AlertState) -> StateInterval {
        StateInterval {
            start_ms: start * S,
            end_ms: end * S,
            state,
        }
    }

    fn pending(step: i64) -> AlertState {
        AlertState::Pending { since_ms: step * S }
    }

    fn firing(step: i64) -> AlertState {
        AlertState::Firing { since_ms: step * S }
    }

    #[test]
    fn pending_then_firing_then_resolved() {
        let v = [1.0, 6.0, 7.0, 8.0, 2.0, 9.0].map(Some);
        let s = series(&[("__name__", "x"), ("job", "a")], &v);
        let tl = evaluate(&rule(CompareOp::Gt, 5.0, 2 * S, 0), &grid(6), &[s]).unwrap();
        assert_eq!(tl.series.len(), 1);
        assert_eq!(tl.series[0].labels.to_string(), "{job=\"a\"}");
        let want = vec![
            iv(0, 1, AlertState::Inactive),
            iv(1, 3, pending(1)),
            iv(3, 4, firing(3)),
            iv(4, 5, AlertState::Inactive),
            iv(5, 6, pending(5)),
        ];
        assert_eq!(tl.series[0].intervals, want);
        assert_eq!(tl.overall, want);
    }

    #[test]
    fn for_zero_fires_at_once() {
        let s = series(&[("job", "a")], &[Some(0.0), Some(3.0), Some(3.0)]);
        let tl = evaluate(&rule(CompareOp::Ge, 3.0, 0, 0), &grid(3), &[s]).unwrap();
        assert_eq!(
            tl.series[0].intervals,
            vec![iv(0, 1, AlertState::Inactive), iv(1, 3, firing(1))]
        );
    }

    #[test]
    fn for_not_a_multiple_of_the_step_waits_for_the_next_evaluation() {
        let v = [Some(9.0); 4];
        let s = series(&[("job", "a")], &v);
        let tl = evaluate(&rule(CompareOp::Gt, 5.0, S + 1, 0), &grid(4), &[s]).unwrap();
        assert_eq!(
            tl.series[0].intervals,
            vec![iv(0, 2, pending(0)), iv(2, 4, firing(2))]
        );
    }

    #[test]
    fn absent_series_resolves_and_pending_restarts() {
        let v = [Some(9.0), Some(9.0), None, Some(9.0), Some(9.0)];
        let s = series(&[("job", "a")], &v);
        let tl = evaluate(&rule(CompareOp::Gt, 5.0, S, 0), &grid(5), &[s]).unwrap();
        assert_eq!(
            tl.series[0].intervals,
            vec![
                iv(0, 1, pending(0)),
                iv(1, 2, firing(1)),
                iv(2, 3, AlertState::Inactive),
                iv(3, 4, pending(3)),
                iv(4, 5, firing(4)),
            ]
        );
    }

    #[test]
    fn keep_firing_for_bridges_short_gaps_only() {
        // Fires at step 0; the condition fails at steps 1-2 (kept: 1 and 2 are < 2 steps
        // after step 1), holds again at 3 (reset), fails from 4: kept at 4 and 5, off at 6.
        let v = [9.0, 0.0, 0.0, 9.0, 0.0, 0.0, 0.0].map(Some);
        let s = series(&[("job", "a")], &v);
        let tl = evaluate(&rule(CompareOp::Gt, 5.0, 0, 2 * S), &grid(7), &[s]).unwrap();
        assert_eq!(
            tl.series[0].intervals,
            vec![iv(0, 6, firing(0)), iv(6, 7, AlertState::Inactive)]
        );
    }

    #[test]
    fn keep_firing_for_does_not_keep_a_pending_alert() {
        let v = [9.0, 0.0, 9.0].map(Some);
        let s = series(&[("job", "a")], &v);
        let tl = evaluate(&rule(CompareOp::Gt, 5.0, 5 * S, 10 * S), &grid(3), &[s]).unwrap();
        assert_eq!(
            tl.series[0].intervals,
            vec![
                iv(0, 1, pending(0)),
                iv(1, 2, AlertState::Inactive),
                iv(2, 3, pending(2))
            ]
        );
    }

    #[test]
    fn overall_lane_combines_series() {
        let a = series(&[("job", "a")], &[9.0, 9.0, 9.0, 0.0].map(Some));
        let b = series(&[("job", "b")], &[0.0, 9.0, 0.0, 9.0].map(Some));
        let tl = evaluate(&rule(CompareOp::Gt, 5.0, S, 0), &grid(4), &[b, a]).unwrap();
        assert_eq!(tl.series[0].labels.get("job"), "a");
        assert_eq!(
            tl.series[1].intervals,
            vec![
                iv(0, 1, AlertState::Inactive),
                iv(1, 2, pending(1)),
                iv(2, 3, AlertState::Inactive),
                iv(3, 4, pending(3)),
            ]
        );
        assert_eq!(
            tl.overall,
            vec![
                iv(0, 1, pending(0)),
                iv(1, 3, firing(1)),
                iv(3, 4, pending(3))
            ]
        );
    }

    #[test]
    fn series_differing_only_by_name_are_one_alert() {
        let a = series(&[("__name__", "a"), ("job", "x")], &[Some(9.0), None]);
        let b = series(&[("__name__", "b"), ("job", "x")], &[None, Some(9.0)]);
        let tl = evaluate(&rule(CompareOp::Gt, 5.0, S, 0), &grid(2), &[a, b]).unwrap();
        assert_eq!(tl.series.len(), 1);
        assert_eq!(
            tl.series[0].intervals,
            vec![iv(0, 1, pending(0)), iv(1, 2, firing(1))]
        );
    }

    #[test]
    fn no_series_means_inactive_overall() {
        let tl = evaluate(&rule(CompareOp::Gt, 5.0, 0, 0), &grid(3), &[]).unwrap();
        assert!(tl.series.is_empty());
        assert_eq!(tl.overall, vec![iv(0, 3, AlertState::Inactive)]);
    }

    #[test]
    fn samples_off_the_grid_are_absent() {
        let s = RangeSeries {
            labels: Labels::empty(),
            samples: vec![Sample { t: 1, v: 9.0 }],
        };
        let tl = evaluate(&rule(CompareOp::Gt, 5.0, 0, 0), &grid(1), &[s]).unwrap();
        assert_eq!(tl.overall, vec![iv(0, 1, AlertState::Inactive)]);
    }

    #[test]
    fn bad_grids_and_rules_are_errors() {
        let r = rule(CompareOp::Gt, 5.0, 0, 0);
        let bad_step = EvalGrid {
            start_ms: 0,
            end_ms: 10,
            step_ms: 0,
        };
        assert_eq!(evaluate(&r, &bad_step, &[]), Err(AlertError::BadStep));
        let backwards = EvalGrid {
            start_ms: 10,
            end_ms: 0,
            step_ms: 1,
        };
        assert_eq!(
            evaluate(&r, &backwards, &[]),
            Err(AlertError::EndBeforeStart)
        );
        let huge = EvalGrid {
            start_ms: i64::MIN,
            end_ms: i64::MAX,
            step_ms: i64::MAX,
        };
        assert!(huge.times().is_ok());
        let too_many = EvalGrid {
            start_ms: 0,
            end_ms: MAX_STEPS,
            step_ms: 1,
        };
        assert_eq!(
            evaluate(&r, &too_many, &[]),
            Err(AlertError::TooManySteps(MAX_STEPS))
        );
        let mut neg = r.clone();
        neg.for_ms = -1;
        assert_eq!(
            evaluate(&neg, &grid(2), &[]),
            Err(AlertError::NegativeFor(-1))
        );
    }

    #[test]
    fn states_have_prometheus_names_and_the_last_one_is_current() {
        assert_eq!(AlertState::Inactive.name(), "inactive");
        assert_eq!(pending(1).name(), "pending");
        assert_eq!(firing(2).name(), "firing");
        let empty = AlertTimeline {
            series: Vec::new(),
            overall: Vec::new(),
        };
        assert_eq!(empty.current_state(), AlertState::Inactive);
        let timeline = AlertTimeline {
            series: Vec::new(),
            overall: vec![iv(0, 2, pending(0)), iv(2, 4, firing(2))],
        };
        assert_eq!(timeline.current_state(), firing(2));
    }
}
