//! The lints: what each one found, its stable code, and its message in both languages.

use std::fmt;

use crate::go::duration::format_signed_duration;
use crate::lang::Lang;
use crate::promql::ast::Span;

/// What a lint found, with the names and durations its message quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LintKind {
    /// A counter graphed without `rate()`: its raw value only grows.
    RawCounter {
        /// The counter's name.
        metric: String,
        /// The window the fix uses.
        range_ms: i64,
    },
    /// `rate`/`irate`/`increase` on a gauge.
    RateOnGauge {
        /// The function used.
        func: &'static str,
        /// The gauge's name.
        metric: String,
        /// The function to use instead (`deriv` or `delta`).
        instead: &'static str,
    },
    /// A window too short to hold two samples.
    RangeTooShort {
        /// The function reading the window.
        func: &'static str,
        /// The window written.
        range_ms: i64,
        /// The scrape interval.
        interval_ms: i64,
        /// The window the fix uses.
        suggested_ms: i64,
    },
    /// A rate-family function over a subquery of an aggregation (`rate(sum(x)[5m:])`).
    RateOfAggregation {
        /// The function used.
        func: &'static str,
        /// The aggregation inside (`sum`).
        aggregation: &'static str,
    },
}

/// One finding on a query.
#[derive(Clone, Debug, PartialEq)]
pub struct Lint {
    /// What was found.
    pub kind: LintKind,
    /// The part of the query concerned.
    pub span: Span,
    /// The whole corrected query, printed from the corrected AST, when there is a fix.
    pub fix: Option<String>,
}

impl Lint {
    /// A stable short code, e.g. `raw-counter`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            LintKind::RawCounter { .. } => "raw-counter",
            LintKind::RateOnGauge { .. } => "rate-on-gauge",
            LintKind::RangeTooShort { .. } => "range-too-short",
            LintKind::RateOfAggregation { .. } => "rate-of-aggregation",
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match &self.kind {
            LintKind::RawCounter { metric, range_ms } => {
                let r = format_signed_duration(*range_ms);
                match lang {
                    Lang::Fr => format!(
                        "{metric} est un compteur : il ne fait que croître (et repart de 0 au redémarrage), sa valeur brute dit peu de chose. Affichez plutôt son augmentation par seconde : rate({metric}[{r}])."
                    ),
                    Lang::En => format!(
                        "{metric} is a counter: it only goes up (and restarts from 0), so its raw value says little. Graph its per-second increase instead: rate({metric}[{r}])."
                    ),
                }
            }
            LintKind::RateOnGauge { func, metric, instead } => match lang {
                Lang::Fr => format!(
                    "{func}() est fait pour les compteurs, or {metric} est une jauge (elle monte et descend) : une baisse serait prise pour une remise à zéro. Utilisez {instead}()."
                ),
                Lang::En => format!(
                    "{func}() is meant for counters, but {metric} is a gauge (it goes up and down): a drop would be taken for a counter reset. Use {instead}() instead."
                ),
            },
            LintKind::RangeTooShort { func, range_ms, interval_ms, suggested_ms } => {
                let (r, i, s) = (
                    format_signed_duration(*range_ms),
                    format_signed_duration(*interval_ms),
                    format_signed_duration(*suggested_ms),
                );
                match lang {
                    Lang::Fr => format!(
                        "La fenêtre [{r}] est plus courte que deux intervalles de collecte (2 × {i}) : elle peut contenir moins de deux échantillons et {func}() ne rien renvoyer. Prenez au moins 4 × l'intervalle : [{s}]."
                    ),
                    Lang::En => format!(
                        "The window [{r}] is shorter than two scrape intervals (2 × {i}): it may hold fewer than two samples and {func}() return nothing. Use at least 4 × the interval: [{s}]."
                    ),
                }
            }
            LintKind::RateOfAggregation { func, aggregation } => match lang {
                Lang::Fr => format!(
                    "{func}() d'un {aggregation}(...) : l'agrégation mélange les compteurs avant que {func}() ne voie leurs remises à zéro, qui deviennent de fausses chutes. Appliquez {func}() d'abord, puis {aggregation}."
                ),
                Lang::En => format!(
                    "{func}() of a {aggregation}(...): the aggregation mixes the counters before {func}() sees their resets, which turn into false drops. Apply {func}() first, then {aggregation}."
                ),
            },
        }
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
