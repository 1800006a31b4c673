//! Round steps: the spacing of the time axis' ticks, and the resolution of a graph's range
//! query (the Graph tab's, about 250 points as Prometheus's UI; a dashboard panel's, about
//! 300 points), each rounded up to the next rung of a ladder of round durations.

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// Round durations, from 1 s to 12 h: the rungs every step is rounded up to.
const ROUND_STEPS: [i64; 17] = [
    SECOND,
    2 * SECOND,
    5 * SECOND,
    10 * SECOND,
    15 * SECOND,
    30 * SECOND,
    MINUTE,
    2 * MINUTE,
    5 * MINUTE,
    10 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
];

/// The largest rung the Graph tab's resolution uses (an hour beyond).
const AUTO_LARGEST: i64 = 30 * MINUTE;

/// The largest rung a dashboard panel's resolution uses (an hour beyond).
const PANEL_LARGEST: i64 = 10 * MINUTE;

/// Points Prometheus's UI aims for when the resolution is automatic.
const AUTO_POINTS: i64 = 250;

/// Points a dashboard panel draws at most.
const PANEL_POINTS: i64 = 300;

/// The first rung of [`ROUND_STEPS`] that `keep` keeps and that is at least `raw_ms`,
/// else `beyond`.
fn round_up(raw_ms: i64, keep: impl Fn(i64) -> bool, beyond: i64) -> i64 {
    ROUND_STEPS
        .into_iter()
        .filter(|&step| keep(step))
        .find(|&step| step >= raw_ms)
        .unwrap_or(beyond)
}

/// A round tick spacing (ms) giving about `target_ticks` ticks over `span_ms`; ticks go
/// from 1 s straight to 5 s, and to a day beyond 12 h.
pub fn tick_step_ms(span_ms: i64, target_ticks: i64) -> i64 {
    let raw = span_ms / target_ticks.max(1);
    round_up(raw, |step| step != 2 * SECOND, DAY)
}

/// The automatic resolution of a graph over `range_ms`: about 250 points, rounded up to
/// a round duration, never below 1 s (Prometheus's UI divides the range by 250 too).
pub fn auto_step_ms(range_ms: i64) -> i64 {
    round_up(range_ms / AUTO_POINTS, |step| step <= AUTO_LARGEST, HOUR)
}

/// A dashboard panel's step: at most ~300 points over `range_ms`, rounded to a round
/// duration.
pub fn panel_step_ms(range_ms: i64) -> i64 {
    round_up(range_ms / PANEL_POINTS, |step| step <= PANEL_LARGEST, HOUR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rungs_are_ascending() {
        assert!(ROUND_STEPS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn rounds_up_to_the_next_rung_kept() {
        let all = |_| true;
        assert_eq!(round_up(0, all, DAY), SECOND);
        assert_eq!(round_up(SECOND + 1, all, DAY), 2 * SECOND);
        assert_eq!(round_up(12 * HOUR, all, DAY), 12 * HOUR);
        assert_eq!(round_up(12 * HOUR + 1, all, DAY), DAY);
        assert_eq!(
            round_up(SECOND + 1, |step| step != 2 * SECOND, DAY),
            5 * SECOND
        );
    }

    #[test]
    fn tick_steps_are_round() {
        assert_eq!(tick_step_ms(HOUR, 6), 10 * MINUTE);
        assert_eq!(tick_step_ms(5 * MINUTE, 6), MINUTE);
        assert_eq!(tick_step_ms(10 * DAY, 6), DAY);
        assert_eq!(tick_step_ms(MINUTE, 0), MINUTE, "at least one tick");
        assert_eq!(tick_step_ms(12 * SECOND, 6), 5 * SECOND, "no 2 s ticks");
        assert_eq!(tick_step_ms(36 * HOUR, 6), 6 * HOUR);
    }

    #[test]
    fn auto_resolution_aims_at_250_points() {
        assert_eq!(auto_step_ms(0), SECOND, "never below 1 s");
        assert_eq!(auto_step_ms(5 * MINUTE), 2 * SECOND);
        assert_eq!(auto_step_ms(HOUR), 15 * SECOND);
        assert_eq!(auto_step_ms(DAY), 10 * MINUTE);
        assert_eq!(auto_step_ms(30 * DAY), HOUR);
        for range in [MINUTE, 6 * HOUR, 7 * DAY] {
            assert!(range / auto_step_ms(range) <= AUTO_POINTS, "{range}");
        }
    }

    #[test]
    fn panel_steps_are_round_and_bounded() {
        assert_eq!(panel_step_ms(5 * MINUTE), SECOND);
        assert_eq!(panel_step_ms(HOUR), 15 * SECOND);
        assert_eq!(panel_step_ms(DAY), 5 * MINUTE);
        assert_eq!(panel_step_ms(2 * DAY), 10 * MINUTE);
        assert_eq!(
            panel_step_ms(3 * DAY),
            HOUR,
            "nothing between 10 min and an hour"
        );
        assert_eq!(panel_step_ms(30 * DAY), HOUR);
        assert_eq!(panel_step_ms(0), SECOND);
        for range in [MINUTE, 6 * HOUR, DAY] {
            assert!(range / panel_step_ms(range) <= PANEL_POINTS, "{range}");
        }
    }
}
