//! Duration literals (`1h30m`, `5m`, `1d`, `1w`, `1y`, `500ms`): parsing with Prometheus's
//! rules (units from largest to smallest, each at most once) and printing in the same
//! canonical form Prometheus prints.

use super::parse_error::ParseErrorKind;

const MS: u64 = 1_000_000;
const SEC: u64 = 1000 * MS;
const MIN: u64 = 60 * SEC;
const HOUR: u64 = 60 * MIN;
const DAY: u64 = 24 * HOUR;
const WEEK: u64 = 7 * DAY;
const YEAR: u64 = 365 * DAY;

/// Units from largest to smallest, with their length in nanoseconds.
const UNITS: [(&str, u64); 7] = [
    ("y", YEAR),
    ("w", WEEK),
    ("d", DAY),
    ("h", HOUR),
    ("m", MIN),
    ("s", SEC),
    ("ms", MS),
];

/// Parses a duration literal into nanoseconds, as Prometheus's `model.ParseDuration`.
pub fn parse_duration_ns(text: &str) -> Result<u64, ParseErrorKind> {
    if text == "0" {
        return Ok(0);
    }
    let invalid = || ParseErrorKind::InvalidDuration(text.to_string());
    if text.is_empty() {
        return Err(invalid());
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut total: u64 = 0;
    let mut last_unit: Option<usize> = None;
    while i < bytes.len() {
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return Err(invalid());
        }
        let value: u64 = text
            .get(start..i)
            .and_then(|d| d.parse().ok())
            .ok_or_else(invalid)?;
        let unit_start = i;
        while bytes.get(i).is_some_and(|b| !b.is_ascii_digit()) {
            i += 1;
        }
        if i == unit_start {
            return Err(invalid());
        }
        let unit = text.get(unit_start..i).unwrap_or_default();
        let Some(pos) = UNITS.iter().position(|(name, _)| *name == unit) else {
            return Err(ParseErrorKind::UnknownDurationUnit(
                unit.to_string(),
                text.to_string(),
            ));
        };
        if last_unit.is_some_and(|last| pos <= last) {
            return Err(invalid());
        }
        last_unit = Some(pos);
        let mult = UNITS.get(pos).map_or(1, |(_, m)| *m);
        if value > (1u64 << 63) / mult {
            return Err(ParseErrorKind::DurationOutOfRange);
        }
        total = total
            .checked_add(value * mult)
            .filter(|t| *t < 1u64 << 63)
            .ok_or(ParseErrorKind::DurationOutOfRange)?;
    }
    Ok(total)
}

/// Formats milliseconds as Prometheus prints durations (`1h30m`, `90d`, `-5m`, `0s`).
/// Years and weeks are used only when they divide the duration exactly.
pub fn format_duration_ms(ms: i64) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    let mut out = String::new();
    if ms < 0 {
        out.push('-');
    }
    let mut rest = ms.unsigned_abs();
    for (i, (name, ns)) in UNITS.iter().enumerate() {
        let unit_ms = ns / MS;
        let exact_only = i < 2;
        if exact_only && !rest.is_multiple_of(unit_ms) {
            continue;
        }
        let n = rest / unit_ms;
        if n > 0 {
            out.push_str(&n.to_string());
            out.push_str(name);
            rest -= n * unit_ms;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prometheus_durations() {
        assert_eq!(parse_duration_ns("5m"), Ok(5 * MIN));
        assert_eq!(parse_duration_ns("1h30m"), Ok(HOUR + 30 * MIN));
        assert_eq!(
            parse_duration_ns("1y2w3d4h5m6s7ms").map(|n| n / MS),
            Ok((YEAR + 2 * WEEK + 3 * DAY + 4 * HOUR + 5 * MIN + 6 * SEC) / MS + 7)
        );
        assert_eq!(parse_duration_ns("0"), Ok(0));
    }

    #[test]
    fn rejects_bad_durations() {
        assert_eq!(
            parse_duration_ns("5m1h"),
            Err(ParseErrorKind::InvalidDuration("5m1h".into()))
        );
        assert_eq!(
            parse_duration_ns("5m1m"),
            Err(ParseErrorKind::InvalidDuration("5m1m".into()))
        );
        assert_eq!(
            parse_duration_ns("5y1hs"),
            Err(ParseErrorKind::UnknownDurationUnit(
                "hs".into(),
                "5y1hs".into()
            ))
        );
        assert_eq!(
            parse_duration_ns("1.5m"),
            Err(ParseErrorKind::UnknownDurationUnit(
                ".".into(),
                "1.5m".into()
            ))
        );
        assert_eq!(
            parse_duration_ns("300y"),
            Err(ParseErrorKind::DurationOutOfRange)
        );
        assert_eq!(
            parse_duration_ns("99999999999999999999999s"),
            Err(ParseErrorKind::InvalidDuration(
                "99999999999999999999999s".into()
            ))
        );
    }

    #[test]
    fn formats_like_prometheus() {
        assert_eq!(format_duration_ms(0), "0s");
        assert_eq!(format_duration_ms(90 * 60_000), "1h30m");
        assert_eq!(format_duration_ms(90 * 86_400_000), "90d");
        assert_eq!(format_duration_ms(14 * 86_400_000), "2w");
        assert_eq!(format_duration_ms(365 * 86_400_000), "1y");
        assert_eq!(format_duration_ms(-300_000), "-5m");
        assert_eq!(format_duration_ms(1500), "1s500ms");
    }

    #[test]
    fn format_then_parse_round_trips() {
        for ms in [1, 999, 1000, 61_000, 3_600_001, 86_400_000 * 400 + 7] {
            let text = format_duration_ms(ms);
            assert_eq!(
                parse_duration_ns(&text).map(|n| n / MS),
                Ok(ms as u64),
                "{text}"
            );
        }
    }
}
