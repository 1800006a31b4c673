//! A panel's step, as Grafana's query option "Min interval" bounds it: the automatic step
//! of the dashboard's range, raised to the panel's min interval when that is longer. The
//! min interval is typed as Grafana takes it (`15s`, `1m`, a bare number of seconds, an
//! optional `>` in front); anything else is refused with the reason in words.

use std::borrow::Cow;
use std::fmt;

use crate::chart::panel_step_ms;
use crate::go::duration::{format_duration, parse_duration, DurationError};
use crate::lang::Lang;
use crate::share::MAX_STEP_MS;

/// Why a min interval was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MinIntervalError {
    /// Not a duration (Prometheus's reason).
    Duration(DurationError),
    /// Zero: no interval at all.
    Zero,
    /// Longer than the longest step (the text typed).
    TooLong(String),
}

impl MinIntervalError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let longest = format_duration(MAX_STEP_MS.unsigned_abs());
        match (self, lang) {
            (MinIntervalError::Duration(e), Lang::Fr) => format!(
                "Intervalle minimum : {} (exemples : 15s, 1m, 30 pour 30 secondes)",
                e.message(lang)
            ),
            (MinIntervalError::Duration(e), Lang::En) => format!(
                "Min interval: {} (examples: 15s, 1m, 30 for 30 seconds)",
                e.message(lang)
            ),
            (MinIntervalError::Zero, Lang::Fr) => {
                "Intervalle minimum : il doit être plus long que 0 (videz le champ pour le pas automatique)".into()
            }
            (MinIntervalError::Zero, Lang::En) => {
                "Min interval: it must be longer than 0 (empty the field for the automatic step)".into()
            }
            (MinIntervalError::TooLong(s), Lang::Fr) => {
                format!("Intervalle minimum : « {s} » dépasse le plus long pas, {longest}")
            }
            (MinIntervalError::TooLong(s), Lang::En) => {
                format!("Min interval: \"{s}\" is longer than the longest step, {longest}")
            }
        }
    }
}

impl fmt::Display for MinIntervalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for MinIntervalError {}

/// The min interval typed in the panel's query options, in ms; `None` when the field is
/// empty (the automatic step). As Grafana: a bare number is seconds and a leading `>`
/// ("at least") is allowed.
pub fn parse_min_interval(text: &str) -> Result<Option<i64>, MinIntervalError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let t = t.strip_prefix('>').unwrap_or(t).trim_start();
    let duration: Cow<str> = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        format!("{t}s").into()
    } else {
        t.into()
    };
    let ms = parse_duration(&duration).map_err(MinIntervalError::Duration)?;
    match i64::try_from(ms) {
        Ok(0) => Err(MinIntervalError::Zero),
        Ok(ms) if ms <= MAX_STEP_MS => Ok(Some(ms)),
        _ => Err(MinIntervalError::TooLong(text.trim().to_string())),
    }
}

/// The step of a panel over `range_ms`: the automatic step
/// ([`crate::chart::panel_step_ms`]), or the min interval when that is longer.
pub fn panel_step(range_ms: i64, min_interval_ms: Option<i64>) -> i64 {
    let auto = panel_step_ms(range_ms);
    min_interval_ms.map_or(auto, |min| auto.max(min.clamp(1, MAX_STEP_MS)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_intervals_as_grafana_takes_them() {
        assert_eq!(parse_min_interval(""), Ok(None));
        assert_eq!(parse_min_interval("  "), Ok(None));
        assert_eq!(parse_min_interval("15s"), Ok(Some(15_000)));
        assert_eq!(parse_min_interval(" 1m "), Ok(Some(60_000)));
        assert_eq!(parse_min_interval("1m30s"), Ok(Some(90_000)));
        assert_eq!(parse_min_interval("30"), Ok(Some(30_000)), "seconds");
        assert_eq!(parse_min_interval(">10s"), Ok(Some(10_000)));
        assert_eq!(parse_min_interval("1d"), Ok(Some(MAX_STEP_MS)));
    }

    #[test]
    fn bad_min_intervals_are_refused_in_words() {
        let e = parse_min_interval("15x").unwrap_err();
        assert!(matches!(e, MinIntervalError::Duration(_)));
        assert!(e.message(Lang::En).contains("15x"), "{e}");
        assert!(e.message(Lang::Fr).starts_with("Intervalle minimum"));
        assert!(matches!(
            parse_min_interval("1.5m"),
            Err(MinIntervalError::Duration(_))
        ));
        assert!(matches!(
            parse_min_interval("-15s"),
            Err(MinIntervalError::Duration(_))
        ));
        assert!(matches!(
            parse_min_interval(">"),
            Err(MinIntervalError::Duration(_))
        ));
        assert_eq!(parse_min_interval("0s"), Err(MinIntervalError::Zero));
        assert_eq!(parse_min_interval("0"), Err(MinIntervalError::Zero));
        let e = parse_min_interval("2d").unwrap_err();
        assert_eq!(e, MinIntervalError::TooLong("2d".into()));
        assert!(e.message(Lang::En).ends_with("1d"), "{e}");
        assert_ne!(
            MinIntervalError::Zero.message(Lang::Fr),
            MinIntervalError::Zero.message(Lang::En)
        );
    }

    #[test]
    fn the_step_is_the_longer_of_auto_and_min_interval() {
        let hour = 3_600_000;
        let auto = panel_step_ms(hour);
        assert_eq!(panel_step(hour, None), auto);
        assert_eq!(panel_step(hour, Some(auto * 4)), auto * 4);
        assert_eq!(panel_step(hour, Some(1)), auto, "a floor, never lower");
        assert_eq!(panel_step(300_000, Some(60_000)), 60_000);
        assert_eq!(panel_step(hour, Some(i64::MAX)), MAX_STEP_MS, "bounded");
    }
}
