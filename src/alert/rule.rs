//! An alert rule attached to a dashboard panel: the panel's query, a comparison with a
//! threshold, and how long the condition must hold (`for`) or keeps firing after it
//! stops (`keep_firing_for`), as in a Prometheus alerting rule.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// The comparison of an alert condition `query op threshold`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompareOp {
    /// `>`
    Gt,
    /// `<`
    Lt,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl CompareOp {
    /// Every operator, in the order a menu shows them.
    pub const ALL: [CompareOp; 6] = [
        CompareOp::Gt,
        CompareOp::Lt,
        CompareOp::Ge,
        CompareOp::Le,
        CompareOp::Eq,
        CompareOp::Ne,
    ];

    /// The operator as written in PromQL.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Gt => ">",
            CompareOp::Lt => "<",
            CompareOp::Ge => ">=",
            CompareOp::Le => "<=",
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
        }
    }

    /// The operator written as in PromQL (`>`, `<=`, ...), if it is one.
    pub fn from_symbol(s: &str) -> Option<CompareOp> {
        CompareOp::ALL.into_iter().find(|op| op.as_str() == s)
    }

    /// Whether `value op threshold` holds, with IEEE comparisons as PromQL uses them (a
    /// NaN value satisfies only `!=`).
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            CompareOp::Gt => value > threshold,
            CompareOp::Lt => value < threshold,
            CompareOp::Ge => value >= threshold,
            CompareOp::Le => value <= threshold,
            CompareOp::Eq => value == threshold,
            CompareOp::Ne => value != threshold,
        }
    }
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An alerting rule on a panel: fires for each series whose value satisfies
/// `query op threshold` for at least `for_ms`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertRule {
    /// The panel's PromQL query.
    pub query: String,
    /// The comparison.
    pub op: CompareOp,
    /// The threshold the query's value is compared with.
    pub threshold: f64,
    /// How long the condition must hold before the alert fires (`for:`), in milliseconds.
    pub for_ms: i64,
    /// How long the alert keeps firing once the condition stops holding
    /// (`keep_firing_for:`), in milliseconds; 0 resolves at once.
    pub keep_firing_for_ms: i64,
}

impl AlertRule {
    /// The PromQL condition a Prometheus rule file would hold, e.g.
    /// `(rate(x[1m])) > 5`. The query is parenthesised so that any query keeps its
    /// meaning next to the comparison.
    pub fn condition(&self) -> String {
        format!(
            "({}) {} {}",
            self.query.trim(),
            self.op,
            promql_number(self.threshold)
        )
    }

    /// Checks the durations and the query text.
    pub fn validate(&self) -> Result<(), AlertError> {
        if self.query.trim().is_empty() {
            return Err(AlertError::EmptyQuery);
        }
        if self.for_ms < 0 {
            return Err(AlertError::NegativeFor(self.for_ms));
        }
        if self.keep_firing_for_ms < 0 {
            return Err(AlertError::NegativeKeepFiringFor(self.keep_firing_for_ms));
        }
        Ok(())
    }
}

/// A number as PromQL spells it (`Inf`, `-Inf`, `NaN`, `0.5`).
fn promql_number(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v == f64::INFINITY {
        "Inf".to_string()
    } else if v == f64::NEG_INFINITY {
        "-Inf".to_string()
    } else {
        v.to_string()
    }
}

/// Why an alert rule or its evaluation grid cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub enum AlertError {
    /// The query is empty.
    EmptyQuery,
    /// `for` is negative (milliseconds given).
    NegativeFor(i64),
    /// `keep_firing_for` is negative (milliseconds given).
    NegativeKeepFiringFor(i64),
    /// The evaluation step is zero or negative.
    BadStep,
    /// The evaluation end is before its start.
    EndBeforeStart,
    /// More evaluation steps than a range query may have (the limit is given).
    TooManySteps(i64),
}

impl AlertError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AlertError::EmptyQuery => lang
                .pick(
                    "la règle d'alerte n'a pas de requête",
                    "the alert rule has no query",
                )
                .to_string(),
            AlertError::NegativeFor(ms) => match lang {
                Lang::Fr => format!("la durée « for » ne peut pas être négative ({ms} ms)"),
                Lang::En => format!("the \"for\" duration cannot be negative ({ms} ms)"),
            },
            AlertError::NegativeKeepFiringFor(ms) => match lang {
                Lang::Fr => {
                    format!("la durée « keep_firing_for » ne peut pas être négative ({ms} ms)")
                }
                Lang::En => {
                    format!("the \"keep_firing_for\" duration cannot be negative ({ms} ms)")
                }
            },
            AlertError::BadStep => lang
                .pick(
                    "le pas d'évaluation doit être positif",
                    "the evaluation step must be positive",
                )
                .to_string(),
            AlertError::EndBeforeStart => lang
                .pick(
                    "la fin de la plage d'évaluation précède son début",
                    "the evaluation range ends before it starts",
                )
                .to_string(),
            AlertError::TooManySteps(max) => match lang {
                Lang::Fr => format!("trop d'évaluations (au plus {max}) : augmentez le pas"),
                Lang::En => format!("too many evaluations (at most {max}): increase the step"),
            },
        }
    }
}

impl fmt::Display for AlertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for AlertError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(query: &str, op: CompareOp, threshold: f64) -> AlertRule {
        AlertRule {
            query: query.to_string(),
            op,
            threshold,
            for_ms: 60_000,
            keep_firing_for_ms: 0,
        }
    }

    #[test]
    fn comparisons_follow_ieee() {
        assert!(CompareOp::Gt.holds(2.0, 1.0));
        assert!(!CompareOp::Gt.holds(1.0, 1.0));
        assert!(CompareOp::Ge.holds(1.0, 1.0));
        assert!(CompareOp::Le.holds(1.0, 1.0));
        assert!(CompareOp::Lt.holds(0.5, 1.0));
        assert!(CompareOp::Eq.holds(1.0, 1.0));
        for op in CompareOp::ALL {
            assert_eq!(op.holds(f64::NAN, 1.0), op == CompareOp::Ne, "{op}");
        }
    }

    #[test]
    fn symbols_round_trip() {
        for op in CompareOp::ALL {
            assert_eq!(CompareOp::from_symbol(op.as_str()), Some(op));
        }
        assert_eq!(CompareOp::from_symbol("=>"), None);
        assert_eq!(CompareOp::from_symbol(""), None);
    }

    #[test]
    fn condition_text() {
        let r = rule(" rate(x[1m]) ", CompareOp::Ge, 0.5);
        assert_eq!(r.condition(), "(rate(x[1m])) >= 0.5");
        let r = rule("up", CompareOp::Lt, f64::NEG_INFINITY);
        assert_eq!(r.condition(), "(up) < -Inf");
    }

    #[test]
    fn validation() {
        assert_eq!(rule("up", CompareOp::Gt, 1.0).validate(), Ok(()));
        assert_eq!(
            rule("  ", CompareOp::Gt, 1.0).validate(),
            Err(AlertError::EmptyQuery)
        );
        let mut r = rule("up", CompareOp::Gt, 1.0);
        r.for_ms = -1;
        assert_eq!(r.validate(), Err(AlertError::NegativeFor(-1)));
        r.for_ms = 0;
        r.keep_firing_for_ms = -5;
        assert_eq!(r.validate(), Err(AlertError::NegativeKeepFiringFor(-5)));
        let fr = AlertError::NegativeKeepFiringFor(-5).message(Lang::Fr);
        assert!(fr.contains("keep_firing_for") && fr.contains("négative"));
        assert!(AlertError::BadStep.to_string().contains("step"));
    }
}
