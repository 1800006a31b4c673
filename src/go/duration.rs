//! Prometheus durations (`15s`, `1h30m`, `1d`, `500ms`), parsed and printed as
//! prometheus/common's `model.ParseDuration` and `Duration.String` do. PromQL's duration
//! literals and `prometheus.yml`'s durations both follow these rules; each caller words
//! the errors its own way.
//!
//! Units are `y` (365 days), `w`, `d`, `h`, `m`, `s`, `ms`, each at most once and from
//! the largest to the smallest, with whole numbers only; `0` alone needs no unit. Nothing
//! else is accepted: no sign, no decimals, no spaces.

use crate::lang::Lang;

use super::quote::go_quote;

const NANOS_PER_MS: u64 = 1_000_000;
const NANOS_PER_SECOND: u64 = 1000 * NANOS_PER_MS;
const NANOS_PER_DAY: u64 = 24 * 3600 * NANOS_PER_SECOND;

/// Units in their required order, with their length in nanoseconds.
const UNITS: [(&str, u64); 7] = [
    ("y", 365 * NANOS_PER_DAY),
    ("w", 7 * NANOS_PER_DAY),
    ("d", NANOS_PER_DAY),
    ("h", 3600 * NANOS_PER_SECOND),
    ("m", 60 * NANOS_PER_SECOND),
    ("s", NANOS_PER_SECOND),
    ("ms", NANOS_PER_MS),
];

/// The longest duration, in nanoseconds (what fits in Go's `time.Duration`).
const MAX_NANOS: u64 = i64::MAX as u64;

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
                "durée invalide : {} (attendu par exemple 15s, 1m30s, 500ms : nombres \
                 entiers, unités y w d h m s ms de la plus grande à la plus petite)",
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

/// Parses a Prometheus duration into nanoseconds.
pub fn parse_duration_ns(s: &str) -> Result<u64, DurationError> {
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
        let unit_nanos = UNITS.get(index).map_or(1, |(_, n)| *n);
        if value > (MAX_NANOS + 1) / unit_nanos {
            return Err(DurationError::OutOfRange);
        }
        total += value * unit_nanos;
        if total > MAX_NANOS {
            return Err(DurationError::OutOfRange);
        }
    }
    Ok(total)
}

/// Parses a Prometheus duration into milliseconds (every unit is a whole number of them).
pub fn parse_duration(s: &str) -> Result<u64, DurationError> {
    parse_duration_ns(s).map(|ns| ns / NANOS_PER_MS)
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
        let unit_ms = nanos / NANOS_PER_MS;
        let exact_only = unit == "y" || unit == "w";
        if exact_only && !rest.is_multiple_of(unit_ms) {
            continue;
        }
        let count = rest / unit_ms;
        if count > 0 {
            out.push_str(&format!("{count}{unit}"));
            rest -= count * unit_ms;
        }
    }
    out
}

/// Prints signed milliseconds as PromQL does, a `-` before negative ones (`-5m`).
pub fn format_signed_duration(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    format!("{sign}{}", format_duration(ms.unsigned_abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND_MS: u64 = 1000;
    const DAY_MS: u64 = 86_400_000;

    #[test]
    fn accepts_prometheus_durations() {
        let cases = [
            ("15s", 15 * SECOND_MS),
            ("1m30s", 90 * SECOND_MS),
            ("1h", 3600 * SECOND_MS),
            ("500ms", 500),
            ("1d", DAY_MS),
            ("1w", 7 * DAY_MS),
            ("1y", 365 * DAY_MS),
            ("0", 0),
            ("0s", 0),
            ("00015s", 15 * SECOND_MS),
            (
                "1y1w1d1h1m1s1ms",
                365 * DAY_MS + 7 * DAY_MS + DAY_MS + 3_661_001,
            ),
        ];
        for (text, ms) in cases {
            assert_eq!(parse_duration(text), Ok(ms), "{text}");
            assert_eq!(parse_duration_ns(text), Ok(ms * NANOS_PER_MS), "{text}");
        }
    }

    #[test]
    fn refuses_what_prometheus_refuses() {
        let inv = |s: &str| Err(DurationError::Invalid(s.into()));
        let unknown = |u: &str, s: &str| Err(DurationError::UnknownUnit(u.into(), s.into()));
        assert_eq!(parse_duration(""), Err(DurationError::Empty));
        assert_eq!(parse_duration("15"), inv("15"));
        assert_eq!(parse_duration("true"), inv("true"));
        assert_eq!(parse_duration("-1s"), inv("-1s"));
        assert_eq!(parse_duration("1m1h"), inv("1m1h"));
        assert_eq!(parse_duration("1s1s"), inv("1s1s"));
        assert_eq!(parse_duration(" 15s"), inv(" 15s"));
        assert_eq!(parse_duration("1.5h"), unknown(".", "1.5h"));
        assert_eq!(parse_duration("15s "), unknown("s ", "15s "));
        assert_eq!(parse_duration("1 m"), unknown(" m", "1 m"));
        assert_eq!(parse_duration("15S"), unknown("S", "15S"));
        assert_eq!(parse_duration("3é"), unknown("é", "3é"));
        assert_eq!(parse_duration("5y1hs"), unknown("hs", "5y1hs"));
        assert_eq!(parse_duration("300y"), Err(DurationError::OutOfRange));
        assert_eq!(parse_duration("292y"), Ok(292 * 365 * DAY_MS));
        assert_eq!(
            parse_duration("99999999999999999999s"),
            inv("99999999999999999999s")
        );
        assert_eq!(parse_duration("292y52w"), Err(DurationError::OutOfRange));
    }

    #[test]
    fn the_limit_is_go_s_longest_duration() {
        // 9223372036854775807 ns is 106751d23h47m16s854ms and a little.
        assert_eq!(
            parse_duration("106751d23h47m16s854ms"),
            Ok(MAX_NANOS / NANOS_PER_MS)
        );
        assert_eq!(
            parse_duration("106751d23h47m16s855ms"),
            Err(DurationError::OutOfRange)
        );
    }

    #[test]
    fn prints_like_prometheus() {
        for (ms, text) in [
            (0, "0s"),
            (15_000, "15s"),
            (90_000, "1m30s"),
            (500, "500ms"),
            (1500, "1s500ms"),
            (90 * DAY_MS, "90d"),
            (14 * DAY_MS, "2w"),
            (365 * DAY_MS, "1y"),
            (3_661_001, "1h1m1s1ms"),
        ] {
            assert_eq!(format_duration(ms), text);
            assert_eq!(parse_duration(text), Ok(ms));
        }
        assert_eq!(format_signed_duration(-300_000), "-5m");
        assert_eq!(format_signed_duration(0), "0s");
        assert_eq!(format_signed_duration(5_400_000), "1h30m");
    }

    #[test]
    fn format_then_parse_round_trips() {
        for ms in [1, 999, 1000, 61_000, 3_600_001, DAY_MS * 400 + 7] {
            let text = format_duration(ms);
            assert_eq!(parse_duration(&text), Ok(ms), "{text}");
        }
    }

    #[test]
    fn messages_in_both_languages() {
        let e = DurationError::Invalid("true".into());
        assert_eq!(
            e.message(Lang::En),
            r#"not a valid duration string: "true""#
        );
        assert!(e.message(Lang::Fr).starts_with("durée invalide"));
        assert_ne!(
            DurationError::Empty.message(Lang::En),
            DurationError::Empty.message(Lang::Fr)
        );
    }
}
