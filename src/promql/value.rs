//! Query results: the four PromQL value types as the engine hands them to the UI, plus
//! the warnings and infos Prometheus attaches to a result.

use std::fmt;

use crate::go::float::{format_g, format_g_two_digits};
use crate::go::time::rfc3339;
use crate::lang::Lang;
use crate::store::{Labels, Sample};

use super::ast::Span;

/// One series of an instant vector: its labels and its single sample.
#[derive(Clone, Debug, PartialEq)]
pub struct InstantSample {
    /// The series' labels (the metric name is gone where PromQL drops it).
    pub labels: Labels,
    /// Evaluation timestamp in milliseconds.
    pub t: i64,
    /// The value.
    pub v: f64,
}

/// One series of a range vector (or of a range query's result).
#[derive(Clone, Debug, PartialEq)]
pub struct RangeSeries {
    /// The series' labels.
    pub labels: Labels,
    /// Points in increasing time order.
    pub samples: Vec<Sample>,
}

/// The result of evaluating an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A single number at a time.
    Scalar {
        /// Evaluation timestamp in milliseconds.
        t: i64,
        /// The number.
        v: f64,
    },
    /// A string literal.
    String {
        /// Evaluation timestamp in milliseconds.
        t: i64,
        /// The text.
        s: String,
    },
    /// An instant vector: one sample per series.
    Vector(Vec<InstantSample>),
    /// A range vector, or the series of a range query.
    Matrix(Vec<RangeSeries>),
}

impl Value {
    /// The PromQL type name (`scalar`, `string`, `vector`, `matrix`) as the HTTP API says it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Scalar { .. } => "scalar",
            Value::String { .. } => "string",
            Value::Vector(_) => "vector",
            Value::Matrix(_) => "matrix",
        }
    }
}

/// How serious an annotation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// Prometheus's "PromQL warning": the result may be wrong.
    Warning,
    /// Prometheus's "PromQL info": the result may not be what was meant.
    Info,
}

/// What an annotation says; each kind mirrors one Prometheus annotation.
#[derive(Clone, Debug, PartialEq)]
pub enum AnnotationKind {
    /// `rate`/`increase` on a metric whose name does not look like a counter.
    PossibleNonCounter {
        /// The metric name.
        metric: String,
    },
    /// A quantile parameter outside [0, 1].
    InvalidQuantile {
        /// The value given.
        q: f64,
    },
    /// A classic histogram bucket without a parsable `le` label.
    BadBucketLabel {
        /// The metric name (may be empty).
        metric: String,
        /// The `le` value found.
        le: String,
    },
    /// `histogram_quantile` had to make bucket counts monotonic (merged over steps).
    ForcedMonotonicity {
        /// The metric name (may be empty).
        metric: String,
        /// First evaluation time it happened at, ms.
        min_ts: i64,
        /// Last evaluation time it happened at, ms.
        max_ts: i64,
        /// Lowest upper bound whose count was raised.
        min_bucket: f64,
        /// Highest upper bound whose count was raised.
        max_bucket: f64,
        /// Largest decrease fixed.
        max_diff: f64,
        /// How many histograms needed it.
        samples: usize,
    },
    /// `sort*` in a range query, where it changes nothing.
    SortInRangeQuery,
}

/// A warning or info attached to a query result, with the span of the expression it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// What happened.
    pub kind: AnnotationKind,
    /// Where in the query.
    pub span: Span,
}

impl Annotation {
    /// Whether Prometheus classes it as a warning or an info.
    pub fn severity(&self) -> Severity {
        match self.kind {
            AnnotationKind::PossibleNonCounter { .. }
            | AnnotationKind::ForcedMonotonicity { .. } => Severity::Info,
            _ => Severity::Warning,
        }
    }

    /// The text in `lang`, without position.
    pub fn message(&self, lang: Lang) -> String {
        let with_name = |base: String, fr: &str, metric: &str| {
            if metric.is_empty() {
                base
            } else {
                match lang {
                    Lang::Fr => format!("{base} {fr} \"{metric}\""),
                    Lang::En => format!("{base} for metric name \"{metric}\""),
                }
            }
        };
        match &self.kind {
            AnnotationKind::PossibleNonCounter { metric } => match lang {
                Lang::Fr => format!(
                    "la métrique n'est peut-être pas un compteur, son nom ne finit pas par _total/_sum/_count/_bucket : \"{metric}\""
                ),
                Lang::En => format!(
                    "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"{metric}\""
                ),
            },
            AnnotationKind::InvalidQuantile { q } => match lang {
                Lang::Fr => format!("le quantile doit être entre 0 et 1, reçu {}", format_g(*q)),
                Lang::En => {
                    format!("quantile value should be between 0 and 1, got {}", format_g(*q))
                }
            },
            AnnotationKind::BadBucketLabel { metric, le } => with_name(
                match lang {
                    Lang::Fr => {
                        format!("l'étiquette de seau \"le\" manque ou est mal formée : \"{le}\"")
                    }
                    Lang::En => format!(
                        "bucket label \"le\" is missing or has a malformed value of \"{le}\""
                    ),
                },
                "pour la métrique",
                metric,
            ),
            AnnotationKind::ForcedMonotonicity {
                metric,
                min_ts,
                max_ts,
                min_bucket,
                max_bucket,
                max_diff,
                samples,
            } => {
                let base = with_name(
                    lang.pick(
                        "l'entrée de histogram_quantile a dû être corrigée pour être monotone (voir https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)",
                        "input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)",
                    )
                    .to_string(),
                    "pour la métrique",
                    metric,
                );
                let (from, to) = (rfc3339(*min_ts), rfc3339(*max_ts));
                let (lo, hi, diff) = (
                    format_g(*min_bucket),
                    format_g(*max_bucket),
                    format_g_two_digits(*max_diff),
                );
                match lang {
                    Lang::Fr => format!(
                        "{base}, seaux {lo} à {hi}, écart maximal {diff}, sur {samples} échantillons de {from} à {to}"
                    ),
                    Lang::En => format!(
                        "{base}, from buckets {lo} to {hi}, with a max diff of {diff}, over {samples} samples from {from} to {to}"
                    ),
                }
            }
            AnnotationKind::SortInRangeQuery => lang
                .pick(
                    "sort est sans effet dans une requête sur une plage : les résultats y sont toujours triés par étiquettes",
                    "sort is ineffective for range queries since results are always ordered by labels",
                )
                .to_string(),
        }
    }

    /// The full text as Prometheus prints it: `PromQL warning: ... (line:col)`.
    pub fn render(&self, query: &str, lang: Lang) -> String {
        let (line, col) = crate::lang::line_col(query, self.span.start);
        let prefix = match (self.severity(), lang) {
            (Severity::Warning, Lang::En) => "PromQL warning",
            (Severity::Info, Lang::En) => "PromQL info",
            (Severity::Warning, Lang::Fr) => "Avertissement PromQL",
            (Severity::Info, Lang::Fr) => "Info PromQL",
        };
        // French typography puts a (narrow) space before the colon.
        let colon = lang.pick("\u{202f}:", ":");
        format!("{prefix}{colon} {} ({line}:{col})", self.message(lang))
    }
}

impl fmt::Display for Annotation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// A value with the annotations collected while computing it.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult {
    /// The result.
    pub value: Value,
    /// Warnings ("the result may be wrong").
    pub warnings: Vec<Annotation>,
    /// Infos ("the result may not be what you meant").
    pub infos: Vec<Annotation>,
}

/// Adds `a` to `list` unless an equal one is there; monotonicity fixes of one metric at
/// one place merge into one, as Prometheus merges them.
pub(crate) fn add_annotation(list: &mut Vec<Annotation>, a: Annotation) {
    if let AnnotationKind::ForcedMonotonicity {
        metric,
        min_ts,
        max_ts,
        min_bucket,
        max_bucket,
        max_diff,
        samples,
    } = &a.kind
    {
        for prev in list.iter_mut() {
            if let AnnotationKind::ForcedMonotonicity {
                metric: m,
                min_ts: a0,
                max_ts: a1,
                min_bucket: b0,
                max_bucket: b1,
                max_diff: d,
                samples: n,
            } = &mut prev.kind
            {
                if m == metric && prev.span == a.span {
                    *a0 = (*a0).min(*min_ts);
                    *a1 = (*a1).max(*max_ts);
                    *b0 = b0.min(*min_bucket);
                    *b1 = b1.max(*max_bucket);
                    *d = d.max(*max_diff);
                    *n += samples;
                    return;
                }
            }
        }
    }
    if !list.contains(&a) {
        list.push(a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monotonicity_fixes_merge() {
        let fix = |ts: i64, lo: f64| Annotation {
            kind: AnnotationKind::ForcedMonotonicity {
                metric: "b".into(),
                min_ts: ts,
                max_ts: ts,
                min_bucket: lo,
                max_bucket: lo,
                max_diff: 1.0,
                samples: 1,
            },
            span: 0..1,
        };
        let mut list = Vec::new();
        add_annotation(&mut list, fix(60_000, 2.0));
        add_annotation(&mut list, fix(0, 5.0));
        assert_eq!(list.len(), 1);
        assert_eq!(
            list[0].render("b", Lang::En),
            "PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \"b\", from buckets 2 to 5, with a max diff of 1, over 2 samples from 1970-01-01T00:00:00Z to 1970-01-01T00:01:00Z (1:1)"
        );
    }

    #[test]
    fn annotation_renders_with_position() {
        let a = Annotation {
            kind: AnnotationKind::SortInRangeQuery,
            span: 0..4,
        };
        assert_eq!(
            a.render("sort(x)", Lang::En),
            "PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:1)"
        );
        assert!(a
            .render("sort(x)", Lang::Fr)
            .starts_with("Avertissement PromQL"));
    }
}
