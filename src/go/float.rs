//! Floats written as Go writes them where Prometheus shows numbers: `NaN`, `+Inf` and
//! `-Inf` for the special values; `strconv.FormatFloat(v, 'f', -1, 64)` for sample
//! values (the HTTP API, `count_values` labels); `%g`, `%.2g` and `%f` in messages.

/// How Prometheus spells a value that is not finite: `NaN`, `+Inf`, `-Inf`.
pub fn non_finite_text(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("+Inf")
    } else if v == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

/// Go's `strconv.FormatFloat(v, 'f', -1, 64)`: the shortest decimal that reads back as
/// `v`, never with an exponent (`0.1`, `1000000`, `+Inf`).
pub fn format_shortest(v: f64) -> String {
    match non_finite_text(v) {
        Some(text) => text.to_string(),
        None => format!("{v}"),
    }
}

/// Go's `%f`: six decimals (`1.500000`).
pub fn format_f(v: f64) -> String {
    match non_finite_text(v) {
        Some(text) => text.to_string(),
        None => format!("{v:.6}"),
    }
}

/// Go's `%g` as annotations print values: the shortest digits, with an exponent of at
/// least two digits (`1e-07`) outside 1e-4 to 1e21.
pub fn format_g(v: f64) -> String {
    if let Some(text) = non_finite_text(v) {
        return text.to_string();
    }
    let a = v.abs();
    if a != 0.0 && !(1e-4..1e21).contains(&a) {
        let s = format!("{v:e}");
        match s.split_once('e') {
            Some((mantissa, exponent)) => format!("{mantissa}e{}", go_exponent(exponent)),
            None => s,
        }
    } else {
        format!("{v}")
    }
}

/// Go's `%.2g`: two significant digits, an exponent outside 1e-4 to 100 (`0.46`,
/// `1.2e+03`).
pub fn format_g_two_digits(v: f64) -> String {
    if !v.is_finite() || v == 0.0 {
        return format_g(v);
    }
    let exp = v.abs().log10().floor() as i32;
    let rounded: f64 = format!("{v:.1e}").parse().unwrap_or(v);
    let exp = if rounded.abs() >= 10f64.powi(exp + 1) {
        exp + 1
    } else {
        exp
    };
    if !(-4..2).contains(&exp) {
        let s = format!("{rounded:.1e}");
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        format!("{mantissa}e{}", go_exponent(exponent))
    } else {
        let decimals = usize::try_from(1 - exp).unwrap_or(0);
        let s = format!("{rounded:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// Rust's exponent digits (`-7`, `3`) as Go writes them: signed, at least two digits.
fn go_exponent(exponent: &str) -> String {
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(d) => ('-', d),
        None => ('+', exponent),
    };
    format!("{sign}{digits:0>2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_values_are_spelled_as_prometheus_does() {
        assert_eq!(non_finite_text(f64::NAN), Some("NaN"));
        assert_eq!(non_finite_text(f64::INFINITY), Some("+Inf"));
        assert_eq!(non_finite_text(f64::NEG_INFINITY), Some("-Inf"));
        assert_eq!(non_finite_text(0.0), None);
        assert_eq!(non_finite_text(f64::MAX), None);
    }

    #[test]
    fn shortest_decimal_never_uses_an_exponent() {
        assert_eq!(format_shortest(1e21), "1000000000000000000000");
        assert_eq!(format_shortest(0.1), "0.1");
        assert_eq!(format_shortest(-2.5), "-2.5");
        assert_eq!(format_shortest(3.0), "3");
        assert_eq!(format_shortest(f64::NEG_INFINITY), "-Inf");
    }

    #[test]
    fn percent_f_has_six_decimals() {
        assert_eq!(format_f(1.5), "1.500000");
        assert_eq!(format_f(-0.25), "-0.250000");
        assert_eq!(format_f(f64::INFINITY), "+Inf");
    }

    #[test]
    fn percent_g() {
        assert_eq!(format_g(1.5), "1.5");
        assert_eq!(format_g(-0.5), "-0.5");
        assert_eq!(format_g(f64::NAN), "NaN");
        assert_eq!(format_g(f64::NEG_INFINITY), "-Inf");
        assert_eq!(format_g(1e-7), "1e-07");
        assert_eq!(format_g(-2.5e25), "-2.5e+25");
        assert_eq!(format_g(0.0), "0");
    }

    #[test]
    fn percent_g_with_two_digits() {
        assert_eq!(format_g_two_digits(3.0), "3");
        assert_eq!(format_g_two_digits(0.456), "0.46");
        assert_eq!(format_g_two_digits(1234.0), "1.2e+03");
        assert_eq!(format_g_two_digits(99.6), "1e+02");
        assert_eq!(format_g_two_digits(0.00001234), "1.2e-05");
        assert_eq!(format_g_two_digits(-0.5), "-0.5");
        assert_eq!(format_g_two_digits(f64::INFINITY), "+Inf");
    }
}
