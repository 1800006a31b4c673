//! Durations in words ("5 minutes", "1 heure 30 minutes") for explanations, next to the
//! PromQL spelling (`5m`) the query uses.

use crate::lang::Lang;

/// Units from the largest, with their length in milliseconds and names (singular, plural).
const UNITS: [(i64, [&str; 2], [&str; 2]); 5] = [
    (86_400_000, ["jour", "jours"], ["day", "days"]),
    (3_600_000, ["heure", "heures"], ["hour", "hours"]),
    (60_000, ["minute", "minutes"], ["minute", "minutes"]),
    (1_000, ["seconde", "secondes"], ["second", "seconds"]),
    (
        1,
        ["milliseconde", "millisecondes"],
        ["millisecond", "milliseconds"],
    ),
];

/// `ms` in words: `5 minutes`, `1 hour 30 minutes`, `0 seconds`; negative durations are
/// written by their size.
pub fn human_duration(ms: i64, lang: Lang) -> String {
    let mut rest = ms.unsigned_abs();
    let mut parts = Vec::new();
    for (unit, fr, en) in UNITS {
        let unit = unit.unsigned_abs();
        let n = rest / unit;
        if n > 0 {
            rest -= n * unit;
            let [one, many] = match lang {
                Lang::Fr => fr,
                Lang::En => en,
            };
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    if parts.is_empty() {
        return lang.pick("0 seconde", "0 seconds").to_string();
    }
    parts.join(" ")
}

/// "la fenêtre de 5 minutes" / "the last 5 minutes" — the window before `t`.
pub fn last(ms: i64, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("la fenêtre de {} précédant t", human_duration(ms, lang)),
        Lang::En => format!("the last {}", human_duration(ms, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_words() {
        assert_eq!(human_duration(300_000, Lang::En), "5 minutes");
        assert_eq!(human_duration(60_000, Lang::Fr), "1 minute");
        assert_eq!(human_duration(5_400_000, Lang::Fr), "1 heure 30 minutes");
        assert_eq!(
            human_duration(-90_500, Lang::En),
            "1 minute 30 seconds 500 milliseconds"
        );
        assert_eq!(human_duration(2 * 86_400_000, Lang::Fr), "2 jours");
        assert_eq!(human_duration(0, Lang::Fr), "0 seconde");
        assert_eq!(
            human_duration(i64::MIN, Lang::En).split(' ').next(),
            Some("106751991167")
        );
        assert_eq!(
            last(3_600_000, Lang::Fr),
            "la fenêtre de 1 heure précédant t"
        );
        assert_eq!(last(3_600_000, Lang::En), "the last 1 hour");
    }
}
