//! The lints: what each one found, its stable code, and its message in both languages.

use std::fmt;

use crate::go::duration::format_signed_duration;
use crate::go::quote::go_quote;
use crate::lang::Lang;
use crate::promql::ast::Span;

/// What a lint found, with the names and durations its message quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LintKind {
    /// A metric name the store holds no series for (a typo, most often).
    UnknownMetric {
        /// The name written.
        metric: String,
        /// The store's nearest names, best first (at most 3), one fix each.
        suggestions: Vec<String>,
    },
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
    /// A parse error: a function that reads a range given a selector without one
    /// (`rate(x)`).
    MissingRange {
        /// The function.
        func: &'static str,
        /// The window the fix adds.
        range_ms: i64,
        /// The scrape interval it is 4 × of.
        interval_ms: i64,
    },
    /// A parse error: a label value written without quotes (`{job=my_app}`).
    UnquotedValue {
        /// The label name.
        label: String,
        /// The value as written.
        value: String,
    },
}

/// One finding on a query.
#[derive(Clone, Debug, PartialEq)]
pub struct Lint {
    /// What was found.
    pub kind: LintKind,
    /// The part of the query concerned.
    pub span: Span,
    /// The whole corrected queries, each a one-click fix, best first; every one parses.
    pub fixes: Vec<String>,
}

impl Lint {
    /// A stable short code, e.g. `raw-counter`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            LintKind::UnknownMetric { .. } => "unknown-metric",
            LintKind::RawCounter { .. } => "raw-counter",
            LintKind::RateOnGauge { .. } => "rate-on-gauge",
            LintKind::RangeTooShort { .. } => "range-too-short",
            LintKind::RateOfAggregation { .. } => "rate-of-aggregation",
            LintKind::MissingRange { .. } => "missing-range",
            LintKind::UnquotedValue { .. } => "unquoted-value",
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match &self.kind {
            LintKind::UnknownMetric {
                metric,
                suggestions,
            } => {
                let names = suggestions.join(lang.pick(" ou ", " or "));
                let head = match lang {
                    Lang::Fr => format!("Aucune série ne s'appelle {metric} : ce nom de métrique n'existe pas dans la base (ou n'a pas encore été collecté), la requête ne renverra rien."),
                    Lang::En => format!("No series is named {metric}: this metric name is not in the store (or not scraped yet), so the query returns nothing."),
                };
                let tail = match (lang, names.is_empty()) {
                    (Lang::Fr, true) => "Vérifiez le nom dans /metrics ou choisissez-le dans les suggestions (Ctrl+Espace).".to_string(),
                    (Lang::En, true) => "Check the name in /metrics or pick it from the suggestions (Ctrl+Space).".to_string(),
                    (Lang::Fr, false) => format!("Vouliez-vous dire {names} ?"),
                    (Lang::En, false) => format!("Did you mean {names}?"),
                };
                format!("{head} {tail}")
            }
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
            LintKind::MissingRange { func, range_ms, interval_ms } => {
                let (r, i) = (format_signed_duration(*range_ms), format_signed_duration(*interval_ms));
                match lang {
                    Lang::Fr => format!("{func}() lit une fenêtre d'échantillons, pas une seule valeur : ajoutez une durée entre crochets après le sélecteur, par exemple [{r}] (4 × l'intervalle de collecte de {i})."),
                    Lang::En => format!("{func}() reads a window of samples, not a single value: add a duration in brackets after the selector, e.g. [{r}] (4 × the {i} scrape interval)."),
                }
            }
            LintKind::UnquotedValue { label, value } => {
                let quoted = go_quote(value);
                match lang {
                    Lang::Fr => format!("Une valeur d'étiquette est une chaîne : écrivez-la entre guillemets doubles, {label}={quoted}."),
                    Lang::En => format!("A label value is a string: write it between double quotes, {label}={quoted}."),
                }
            }
        }
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
