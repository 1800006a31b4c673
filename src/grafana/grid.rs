//! When a panel's alert rule evaluates: as in Grafana, on its own evaluation interval,
//! from the moment the rule was created (or the page's data began) up to now, whatever
//! range the dashboard is showing. The lane under the chart only shows a part of it.

use crate::alert::EvalGrid;

/// Most alert evaluations in one replay, below the engine's limit of 11,000 steps: past
/// that, the oldest evaluations are left out.
const MAX_ALERT_STEPS: i64 = 10_000;

/// Grafana's shortest evaluation interval (its `min_interval` setting's default).
pub const MIN_EVALUATION_INTERVAL_MS: i64 = 10_000;

/// The evaluations of a rule created at `created_ms` and evaluated every `every_ms`
/// (raised to Grafana's 10 s minimum): on the interval's ticks from the first one at or
/// after `created_ms` to the last one at or before `now_ms`, at most `MAX_ALERT_STEPS`
/// of the latest. `None` until the first tick has come.
pub fn alert_grid(created_ms: i64, every_ms: i64, now_ms: i64) -> Option<EvalGrid> {
    let step = every_ms.max(MIN_EVALUATION_INTERVAL_MS);
    let first = created_ms.saturating_add(step - 1).div_euclid(step) * step;
    let end = now_ms.div_euclid(step) * step;
    (end >= first).then(|| EvalGrid {
        start_ms: first.max(end - MAX_ALERT_STEPS * step),
        end_ms: end,
        step_ms: step,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluations_run_from_creation_to_now_on_the_interval() {
        let g = alert_grid(1_005_000, 10_000, 1_042_000).expect("three ticks have come");
        assert_eq!(g.start_ms, 1_010_000, "the first tick after creation");
        assert_eq!(g.end_ms, 1_040_000, "the last tick before now");
        assert_eq!(g.step_ms, 10_000);
        assert_eq!(g.times().map(|t| t.len()), Ok(4));
        // Created on a tick: evaluated at once.
        assert_eq!(
            alert_grid(60_000, 60_000, 60_000).map(|g| g.start_ms),
            Some(60_000)
        );
        // Before the first tick there is nothing yet.
        assert_eq!(alert_grid(1_005_000, 10_000, 1_009_999), None);
    }

    #[test]
    fn the_schedule_does_not_depend_on_anything_but_creation_interval_and_now() {
        let a = alert_grid(0, 15_000, 3_600_000);
        let b = alert_grid(0, 15_000, 3_600_000);
        assert_eq!(a, b);
        assert_eq!(a.map(|g| g.start_ms), Some(0));
    }

    #[test]
    fn long_runs_keep_the_latest_evaluations_and_bad_values_stay_usable() {
        let g = alert_grid(0, 10_000, 1_000_000_000).expect("ticks");
        assert_eq!((g.end_ms - g.start_ms) / g.step_ms, MAX_ALERT_STEPS);
        assert!(g.times().is_ok());
        let g = alert_grid(-7, 0, 5_000).expect("a raised interval");
        assert_eq!(g.step_ms, MIN_EVALUATION_INTERVAL_MS);
        assert!(g.times().is_ok());
    }
}
