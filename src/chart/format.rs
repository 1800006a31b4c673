//! Axis labels: clock times for the X axis and short numbers for the Y axis, as Grafana
//! writes them.

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;

/// `HH:MM:SS` (or `HH:MM` when `with_seconds` is false) of a time in ms, shifted by the
/// viewer's UTC offset in minutes.
pub fn format_clock(t_ms: i64, utc_offset_min: i32, with_seconds: bool) -> String {
    let local = t_ms.div_euclid(SECOND) + i64::from(utc_offset_min) * 60;
    let day_s = local.rem_euclid(86_400);
    let (h, m, s) = (day_s / 3600, day_s / 60 % 60, day_s % 60);
    if with_seconds {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}")
    }
}

/// A round tick spacing (ms) giving about `target_ticks` ticks over `span_ms`.
pub fn nice_step_ms(span_ms: i64, target_ticks: i64) -> i64 {
    const STEPS: [i64; 16] = [
        SECOND,
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
    let raw = span_ms / target_ticks.max(1);
    STEPS
        .iter()
        .copied()
        .find(|&s| s >= raw)
        .unwrap_or(24 * HOUR)
}

/// Points Prometheus's UI aims for when the resolution is automatic.
const AUTO_POINTS: i64 = 250;

/// The automatic resolution of a graph over `range_ms`: about 250 points, rounded up to
/// a round duration, never below 1 s (Prometheus's UI divides the range by 250 too).
pub fn auto_step_ms(range_ms: i64) -> i64 {
    const NICE: [i64; 12] = [
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
    ];
    let raw = range_ms / AUTO_POINTS;
    NICE.iter().copied().find(|&s| s >= raw).unwrap_or(HOUR)
}

/// A short value label: `0`, `0.25`, `12`, `1.5 K`, `2 Mi`-free SI style (`K`, `M`, `G`, `T`).
pub fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN".into()
        } else if v > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let a = v.abs();
    let (scaled, suffix) = match a {
        a if a >= 1e12 => (v / 1e12, " T"),
        a if a >= 1e9 => (v / 1e9, " G"),
        a if a >= 1e6 => (v / 1e6, " M"),
        a if a >= 1e4 => (v / 1e3, " K"),
        _ => (v, ""),
    };
    let whole = scaled == scaled.trunc() && scaled.abs() < 1e15;
    let text = if whole || scaled.abs() >= 100.0 {
        format!("{scaled:.0}")
    } else if scaled.abs() >= 1.0 {
        trim_zeros(format!("{scaled:.2}"))
    } else {
        trim_zeros(format!("{scaled:.3}"))
    };
    format!("{text}{suffix}")
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_labels() {
        assert_eq!(format_clock(0, 0, true), "00:00:00");
        assert_eq!(format_clock(3_723_000, 60, false), "02:02");
        assert_eq!(format_clock(-1000, 0, true), "23:59:59");
    }

    #[test]
    fn value_labels() {
        assert_eq!(format_value(0.0), "0");
        assert_eq!(format_value(0.25), "0.25");
        assert_eq!(format_value(12.0), "12");
        assert_eq!(format_value(1.5), "1.5");
        assert_eq!(format_value(15_000.0), "15 K");
        assert_eq!(format_value(2_500_000.0), "2.5 M");
        assert_eq!(format_value(f64::NAN), "NaN");
    }

    #[test]
    fn auto_resolution_aims_at_250_points() {
        assert_eq!(auto_step_ms(0), SECOND, "never below 1 s");
        assert_eq!(auto_step_ms(5 * MINUTE), 2 * SECOND);
        assert_eq!(auto_step_ms(HOUR), 15 * SECOND);
        assert_eq!(auto_step_ms(24 * HOUR), 10 * MINUTE);
        assert_eq!(auto_step_ms(30 * 24 * HOUR), HOUR);
        for range in [MINUTE, 6 * HOUR, 7 * 24 * HOUR] {
            assert!(range / auto_step_ms(range) <= 250, "{range}");
        }
    }

    #[test]
    fn tick_steps_are_round() {
        assert_eq!(nice_step_ms(3_600_000, 6), 10 * MINUTE);
        assert_eq!(nice_step_ms(300_000, 6), MINUTE);
        assert_eq!(nice_step_ms(10 * 86_400_000, 6), 24 * HOUR);
    }
}
