//! Axis labels: clock times for the X axis and short numbers for the Y axis, as Grafana
//! writes them.

use crate::go::float::non_finite_text;

const SECOND: i64 = 1000;

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

/// A short value label: `0`, `0.25`, `12`, `1.5 K`, `2 Mi`-free SI style (`K`, `M`, `G`, `T`).
pub fn format_value(v: f64) -> String {
    if let Some(text) = non_finite_text(v) {
        return text.to_string();
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
}
