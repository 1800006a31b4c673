//! When a panel's alert rule evaluates: on the grid of the panel's range query (its step
//! is [`crate::chart::panel_step_ms`]), starting early enough before the range that a
//! `for` longer than the range can still fire and "since" times are right.

use crate::alert::EvalGrid;

/// Most alert evaluations in one replay, below the engine's limit of 11,000 steps.
const MAX_ALERT_STEPS: i64 = 10_000;

/// The alert's evaluations for a panel showing `range_ms` before `now_ms` at `step_ms`:
/// the panel's grid (ending on the last step at or before now), extended back by `for_ms`
/// and one step, within `MAX_ALERT_STEPS` evaluations.
pub fn alert_grid(now_ms: i64, range_ms: i64, step_ms: i64, for_ms: i64) -> EvalGrid {
    let step = step_ms.max(1);
    let end = now_ms.div_euclid(step) * step;
    let range_steps = range_ms.max(0) / step;
    let wanted = for_ms.max(0).saturating_add(step) / step + 1;
    let back_steps = wanted.min((MAX_ALERT_STEPS - range_steps).max(0));
    EvalGrid {
        start_ms: end - (range_steps + back_steps) * step,
        end_ms: end,
        step_ms: step,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alert_grid_reaches_back_by_for() {
        let g = alert_grid(1_000_500, 300_000, 1_000, 30_000);
        assert_eq!(g.end_ms, 1_000_000);
        assert_eq!(g.step_ms, 1_000);
        assert_eq!(g.start_ms, 1_000_000 - 300_000 - 32_000);
        // A `for` longer than the range still has room to elapse.
        let g = alert_grid(10_000_000, 300_000, 1_000, 600_000);
        assert!(g.end_ms - g.start_ms > 600_000 + 300_000 - 1);
        // A day's `for` at a one-second step stays under the engine's step limit.
        let g = alert_grid(100_000_000_000, 300_000, 1_000, 86_400_000);
        let steps = (g.end_ms - g.start_ms) / g.step_ms;
        assert_eq!(steps, MAX_ALERT_STEPS);
        assert!(g.times().is_ok());
        // Bad values do not make a bad grid.
        let g = alert_grid(5_000, -1, 0, -7);
        assert!(g.times().is_ok());
    }
}
