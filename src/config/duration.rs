//! Prometheus durations (`15s`, `1m30s`, `1d`, `500ms`), parsed and printed as
//! prometheus/common's `model.ParseDuration` and `Duration.String` do.
//!
//! Units are `y` (365 days), `w`, `d`, `h`, `m`, `s`, `ms`, each at most once and from
//! the largest to the smallest, with whole numbers only; `0` alone needs no unit. Nothing
//! else is accepted: no sign, no decimals, no spaces.

use crate::lang::Lang;

use super::quote::go_quote;

const NANOS_PER_MS: u64 = 1_000_000;

/// Units in their required order, with their length in nanoseconds.
const UNITS: [(&str, u64); 7] = [
    ("y", 365 * 24 * 3600 * 1_000_000_000),
    ("w", 7 * 24 * 3600 * 1_000_000_000),
    ("d", 24 * 3600 * 1_000_000_000),
    ("h", 3600 * 1_000_000_000),
    ("m", 60 * 1_000_000_000),
    ("s", 1_000_000_000),
    ("ms", NANOS_PER_MS),
];

/// Why a duration string was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    /// The empty string.
    Empty,
    /// Not of the form number-unit pairs in descending order.
    Invalid(String),
    /// A unit that is not one of `y w d h m s ms` (the unit, the whole string).
    UnknownUnit(String, String),
    /// More than about 292 years.
    OutOfRange,
}

impl DurationError {
    /// The message in `lang`; English is prometheus/common's wording.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DurationError::Empty, Lang::En) => "empty duration string".into(),
            (DurationError::Empty, Lang::Fr) => "durée vide".into(),
            (DurationError::Invalid(s), Lang::En) => {
                format!("not a valid duration string: {}", go_quote(s))
            }
            (DurationError::Invalid(s), Lang::Fr) => format!(
                "durée invalide : {} (attendu par exemple 15s, 1m30s, 500ms : nombres entiers, unités y w d h m s ms de la plus grande à la plus petite)",
                go_quote(s)
            ),
            (DurationError::UnknownUnit(u, s), Lang::En) => {
                format!("unknown unit {} in duration {}", go_quote(u), go_quote(s))
            }
            (DurationError::UnknownUnit(u, s), Lang::Fr) => format!(
                "unité inconnue {} dans la durée {} (unités : y w d h m s ms)",
                go_quote(u),
                go_quote(s)
            ),
            (DurationError::OutOfRange, Lang::En) => "duration out of range".into(),
            (DurationError::OutOfRange, Lang::Fr) => "durée hors limites".into(),
        }
    }
}

/// Parses a Prometheus duration into milliseconds.
pub fn parse_duration(s: &str) -> Result<u64, DurationError> {
    match s {
        "0" => return Ok(0),
        "" => return Err(DurationError::Empty),
        _ => {}
    }
    let invalid = || DurationError::Invalid(s.to_string());
    let mut rest = s;
    let mut total: u64 = 0;
    let mut last_unit: Option<usize> = None;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(invalid());
        }
        let (number, tail) = rest.split_at(digits);
        let value: u64 = number.parse().map_err(|_| invalid())?;
        let unit_len = tail
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit())
            .map_or(tail.len(), |(i, _)| i);
        if unit_len == 0 {
            return Err(invalid());
        }
        let (unit, tail) = tail.split_at(unit_len);
        rest = tail;
        let Some(index) = UNITS.iter().position(|(u, _)| *u == unit) else {
            return Err(DurationError::UnknownUnit(unit.to_string(), s.to_string()));
        };
        if last_unit.is_some_and(|last| index <= last) {
            return Err(invalid());
        }
        last_unit = Some(index);
        let mult = UNITS.get(index).map_or(1, |(_, m)| *m);
        if value > (1u64 << 63) / mult {
            return Err(DurationError::OutOfRange);
        }
        total += value * mult;
        if total > i64::MAX as u64 {
            return Err(DurationError::OutOfRange);
        }
    }
    Ok(total / NANOS_PER_MS)
}

/// Prints milliseconds as Prometheus does (`1m30s`, `90d`, `0s`; years and weeks only
/// when exact).
pub fn format_duration(ms: u64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let mut rest = ms;
    let mut out = String::new();
    for (unit, nanos) in UNITS {
        let mult = nanos / NANOS_PER_MS;
        let exact_only = unit == "y" || unit == "w";
        if exact_only && !rest.is_multiple_of(mult) {
            continue;
        }
        let v = rest / mult;
        if v > 0 {
            out.push_str(&format!("{v}{unit}"));
            rest -= v * mult;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_prometheus_durations() {
        let cases = [
            ("15s", 15_000),
            ("1m30s", 90_000),
            ("1h", 3_600_000),
            ("500ms", 500),
            ("1d", 86_400_000),
            ("1w", 604_800_000),
            ("1y", 31_536_000_000),
            ("0", 0),
            ("0s", 0),
            ("00015s", 15_000),
            (
                "1y1w1d1h1m1s1ms",
                31_536_000_000 + 604_800_000 + 86_400_000 + 3_661_001,
            ),
        ];
        for (text, ms) in cases {
            assert_eq!(parse_duration(text), Ok(ms), "{text}");
        }
    }

    #[test]
    fn refuses_what_prometheus_refuses() {
        let inv = |s: &str| Err(DurationError::Invalid(s.into()));
        assert_eq!(parse_duration(""), Err(DurationError::Empty));
        assert_eq!(parse_duration("15"), inv("15"));
        assert_eq!(parse_duration("true"), inv("true"));
        assert_eq!(parse_duration("-1s"), inv("-1s"));
        assert_eq!(parse_duration("1m1h"), inv("1m1h"));
        assert_eq!(parse_duration("1s1s"), inv("1s1s"));
        assert_eq!(parse_duration(" 15s"), inv(" 15s"));
        assert_eq!(
            parse_duration("1.5h"),
            Err(DurationError::UnknownUnit(".".into(), "1.5h".into()))
        );
        assert_eq!(
            parse_duration("15s "),
            Err(DurationError::UnknownUnit("s ".into(), "15s ".into()))
        );
        assert_eq!(
            parse_duration("1 m"),
            Err(DurationError::UnknownUnit(" m".into(), "1 m".into()))
        );
        assert_eq!(
            parse_duration("15S"),
            Err(DurationError::UnknownUnit("S".into(), "15S".into()))
        );
        assert_eq!(
            parse_duration("3é"),
            Err(DurationError::UnknownUnit("é".into(), "3é".into()))
        );
        assert_eq!(parse_duration("300y"), Err(DurationError::OutOfRange));
        assert_eq!(parse_duration("292y"), Ok(292 * 31_536_000_000));
        assert_eq!(
            parse_duration("99999999999999999999s"),
            inv("99999999999999999999s")
        );
        assert_eq!(parse_duration("292y52w"), Err(DurationError::OutOfRange));
    }

    #[test]
    fn prints_like_prometheus() {
        for (ms, text) in [
            (0, "0s"),
            (15_000, "15s"),
            (90_000, "1m30s"),
            (500, "500ms"),
            (7_776_000_000, "90d"),
            (604_800_000, "1w"),
            (31_536_000_000, "1y"),
            (3_661_001, "1h1m1s1ms"),
        ] {
            assert_eq!(format_duration(ms), text);
            assert_eq!(parse_duration(text), Ok(ms));
        }
    }

    #[test]
    fn messages_in_both_languages() {
        let e = parse_duration("true").unwrap_err();
        assert_eq!(
            e.message(Lang::En),
            r#"not a valid duration string: "true""#
        );
        assert!(e.message(Lang::Fr).starts_with("durée invalide"));
    }
}
