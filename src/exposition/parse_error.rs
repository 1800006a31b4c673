//! Why a text-format page was refused, where, and how to say it in French and English
//! (English as Prometheus's scraper words it).

use std::fmt;

use crate::go::quote::go_quote;
use crate::lang::Lang;

/// What the parser was looking for when it met something else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// A metric name after `# HELP ` (Prometheus: "expected metric name after HELP").
    MetricNameAfterHelp,
    /// A metric name after `# TYPE `.
    MetricNameAfterType,
    /// A metric name, `#` or a blank line at the start of a line.
    StartToken,
    /// A label name (or `}`) inside braces.
    LabelName,
    /// `=` after a label name.
    Equal,
    /// A quoted label value after `=`.
    LabelValue,
    /// The sample value after the metric name and labels.
    ValueAfterMetric,
    /// A timestamp or the end of the line after the value.
    TimestampOrNewRecord,
    /// The end of the line after the timestamp.
    NextEntryAfterTimestamp,
}

impl Expected {
    fn words(self, lang: Lang) -> &'static str {
        use Expected::*;
        match self {
            MetricNameAfterHelp => lang.pick(
                "nom de métrique attendu après HELP",
                "expected metric name after HELP",
            ),
            MetricNameAfterType => lang.pick(
                "nom de métrique attendu après TYPE",
                "expected metric name after TYPE",
            ),
            StartToken => lang.pick(
                "début de ligne invalide (attendu : nom de métrique, # ou ligne vide)",
                "expected a valid start token",
            ),
            LabelName => lang.pick("nom de label attendu", "expected label name"),
            Equal => lang.pick("« = » attendu après le nom de label", "expected equal"),
            LabelValue => lang.pick(
                "valeur de label entre guillemets attendue",
                "expected label value",
            ),
            ValueAfterMetric => lang.pick(
                "valeur attendue après la métrique",
                "expected value after metric",
            ),
            TimestampOrNewRecord => lang.pick(
                "horodatage ou fin de ligne attendu",
                "expected timestamp or new record",
            ),
            NextEntryAfterTimestamp => lang.pick(
                "fin de ligne attendue après l'horodatage",
                "expected next entry after timestamp",
            ),
        }
    }
}

/// The kinds of error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// Another token than the one expected; `got` is its text, `token` its Prometheus name
    /// (`INVALID`, `LINEBREAK`...).
    Unexpected {
        /// What was expected.
        expected: Expected,
        /// The text found.
        got: String,
        /// The kind of token found, as Prometheus names it.
        token: &'static str,
    },
    /// A `# TYPE` line with another type than the five of the format.
    InvalidMetricType(String),
    /// A value that is not a float as Go reads it.
    InvalidValue(String),
    /// A value beyond the largest float (`1e400`).
    ValueOutOfRange(String),
    /// A value with `p`, `P` or `_` (hex floats and digit separators are refused).
    UnsupportedFloatCharacter(String),
    /// A timestamp beyond 64 bits.
    TimestampOutOfRange(String),
    /// The same label name twice in a sample (the scraper refuses the sample).
    DuplicateLabelName(String),
}

impl ParseErrorKind {
    /// The description in the user's language, without position.
    pub fn message(&self, lang: Lang) -> String {
        use ParseErrorKind::*;
        match (self, lang) {
            (
                Unexpected {
                    expected,
                    got,
                    token,
                },
                Lang::En,
            ) => format!(
                "{}, got {} ({})",
                expected.words(lang),
                go_quote(got),
                go_quote(token)
            ),
            (Unexpected { expected, got, .. }, Lang::Fr) => {
                format!("{}, trouvé {}", expected.words(lang), go_quote(got))
            }
            (InvalidMetricType(t), Lang::En) => format!("invalid metric type {}", go_quote(t)),
            (InvalidMetricType(t), Lang::Fr) => format!(
                "type de métrique invalide {} (counter, gauge, histogram, summary ou untyped)",
                go_quote(t)
            ),
            (InvalidValue(v), Lang::En) => {
                format!(
                    "strconv.ParseFloat: parsing {}: invalid syntax",
                    go_quote(v)
                )
            }
            (InvalidValue(v), Lang::Fr) => format!(
                "valeur invalide {} (un nombre est attendu : 3.0, 1e+06, NaN, +Inf…)",
                go_quote(v)
            ),
            (ValueOutOfRange(v), Lang::En) => {
                format!(
                    "strconv.ParseFloat: parsing {}: value out of range",
                    go_quote(v)
                )
            }
            (ValueOutOfRange(v), Lang::Fr) => format!("valeur hors limites {}", go_quote(v)),
            (UnsupportedFloatCharacter(v), Lang::En) => {
                format!("unsupported character in float {}", go_quote(v))
            }
            (UnsupportedFloatCharacter(v), Lang::Fr) => format!(
                "caractère non pris en charge dans le nombre {} (p, P ou _)",
                go_quote(v)
            ),
            (TimestampOutOfRange(t), Lang::En) => {
                format!(
                    "strconv.ParseInt: parsing {}: value out of range",
                    go_quote(t)
                )
            }
            (TimestampOutOfRange(t), Lang::Fr) => {
                format!("horodatage hors limites {}", go_quote(t))
            }
            (DuplicateLabelName(n), Lang::En) => {
                format!("label name {} is not unique: invalid sample", go_quote(n))
            }
            (DuplicateLabelName(n), Lang::Fr) => format!(
                "le nom de label {} apparaît plusieurs fois : échantillon invalide",
                go_quote(n)
            ),
        }
    }
}

/// A refused page: what went wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// What went wrong.
    pub kind: ParseErrorKind,
    /// Byte offset of the offending token in the text.
    pub offset: usize,
    /// 1-based line of the offending token.
    pub line: usize,
    /// 1-based column (in characters) of the offending token.
    pub column: usize,
}

impl ParseError {
    /// The error with its position, in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let (line, column) = (self.line, self.column);
        match lang {
            Lang::En => format!("line {line}, column {column}: {}", self.kind.message(lang)),
            Lang::Fr => format!(
                "ligne {line}, colonne {column} : {}",
                self.kind.message(lang)
            ),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_it_as_prometheus_in_english_and_in_french() {
        let e = ParseError {
            kind: ParseErrorKind::Unexpected {
                expected: Expected::Equal,
                got: "1".into(),
                token: "INVALID",
            },
            offset: 6,
            line: 2,
            column: 3,
        };
        assert_eq!(
            e.to_string(),
            "line 2, column 3: expected equal, got \"1\" (\"INVALID\")"
        );
        assert_eq!(
            e.message(Lang::Fr),
            "ligne 2, colonne 3 : « = » attendu après le nom de label, trouvé \"1\""
        );
    }
}
