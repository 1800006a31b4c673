//! Which series of the two sides of a binary operator pair up, and which find no partner:
//! the matching signatures of Prometheus's vector matching, shown to the learner.

use std::collections::BTreeMap;
use std::fmt;

use crate::lang::Lang;
use crate::promql::ast::{BinaryOp, Cardinality, VectorMatching};
use crate::store::{Labels, METRIC_NAME};

/// One left series paired with one right series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchPair {
    /// Index of the left series.
    pub left: usize,
    /// Index of the right series.
    pub right: usize,
}

/// A matching rule broken by the data (Prometheus fails the query with it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchProblem {
    /// Several left series share a signature where the left side must be unique
    /// (one-to-one, or `group_right`).
    DuplicateLeft {
        /// The shared signature.
        signature: Labels,
        /// The left series concerned.
        series: Vec<usize>,
    },
    /// Several right series share a signature where the right side must be unique
    /// (one-to-one, or `group_left`).
    DuplicateRight {
        /// The shared signature.
        signature: Labels,
        /// The right series concerned.
        series: Vec<usize>,
    },
}

impl MatchProblem {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let (side_fr, side_en, signature, n, hint_fr, hint_en) = match self {
            MatchProblem::DuplicateLeft { signature, series } => (
                "gauche",
                "left",
                signature,
                series.len(),
                "group_right",
                "group_right",
            ),
            MatchProblem::DuplicateRight { signature, series } => (
                "droite",
                "right",
                signature,
                series.len(),
                "group_left",
                "group_left",
            ),
        };
        match lang {
            Lang::Fr => format!(
                "{n} séries à {side_fr} ont la même signature {signature} : l'appariement serait plusieurs à plusieurs, Prometheus refuse la requête (ajoutez des labels à on(...) ou utilisez {hint_fr})."
            ),
            Lang::En => format!(
                "{n} {side_en} series share the signature {signature}: the matching would be many-to-many, Prometheus refuses the query (add labels to on(...) or use {hint_en})."
            ),
        }
    }
}

impl fmt::Display for MatchProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// How the two sides of a binary operator pair up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchReport {
    /// The signature of each left series (the labels compared), by index.
    pub left_signatures: Vec<Labels>,
    /// The signature of each right series, by index.
    pub right_signatures: Vec<Labels>,
    /// Every left/right pair with equal signatures.
    pub pairs: Vec<MatchPair>,
    /// Left series with no partner.
    pub unmatched_left: Vec<usize>,
    /// Right series with no partner.
    pub unmatched_right: Vec<usize>,
    /// Cardinality rules the data breaks.
    pub problems: Vec<MatchProblem>,
}

/// The labels compared for a series: only the `on(...)` labels, or all labels but the
/// metric name and the `ignoring(...)` ones.
pub fn signature(labels: &Labels, matching: Option<&VectorMatching>) -> Labels {
    match matching {
        Some(m) if m.on => labels.keep(&m.labels),
        Some(m) => {
            let mut drop = m.labels.clone();
            drop.push(METRIC_NAME.to_string());
            labels.drop_names(&drop)
        }
        None => labels.without_metric_name(),
    }
}

/// Pairs `left` and `right` series as the operator `op` with `matching` would (set
/// operators pair many-to-many; others one-to-one unless `group_left`/`group_right`).
///
/// ```
/// use sonde::explain::explain_matching;
/// use sonde::promql::ast::BinaryOp;
/// use sonde::store::Labels;
///
/// let left = [Labels::from_pairs([("__name__", "errors"), ("job", "a")])];
/// let right = [
///     Labels::from_pairs([("__name__", "requests"), ("job", "a")]),
///     Labels::from_pairs([("__name__", "requests"), ("job", "b")]),
/// ];
/// let report = explain_matching(&left, &right, BinaryOp::Div, None);
/// assert_eq!((report.pairs[0].left, report.pairs[0].right), (0, 0));
/// assert_eq!(report.unmatched_right, vec![1]);
/// ```
pub fn explain_matching(
    left: &[Labels],
    right: &[Labels],
    op: BinaryOp,
    matching: Option<&VectorMatching>,
) -> MatchReport {
    let left_signatures: Vec<Labels> = left.iter().map(|l| signature(l, matching)).collect();
    let right_signatures: Vec<Labels> = right.iter().map(|l| signature(l, matching)).collect();
    let card = if op.is_set() {
        Cardinality::ManyToMany
    } else {
        matching.map_or(Cardinality::OneToOne, |m| m.card)
    };
    let group = |sigs: &[Labels]| {
        let mut by: BTreeMap<Labels, Vec<usize>> = BTreeMap::new();
        for (i, s) in sigs.iter().enumerate() {
            by.entry(s.clone()).or_default().push(i);
        }
        by
    };
    let (left_by, right_by) = (group(&left_signatures), group(&right_signatures));
    let mut pairs = Vec::new();
    for (i, s) in left_signatures.iter().enumerate() {
        for &j in right_by.get(s).map(Vec::as_slice).unwrap_or(&[]) {
            pairs.push(MatchPair { left: i, right: j });
        }
    }
    let unmatched_left = (0..left.len())
        .filter(|&i| !pairs.iter().any(|p| p.left == i))
        .collect();
    let unmatched_right = (0..right.len())
        .filter(|&j| !pairs.iter().any(|p| p.right == j))
        .collect();
    // As in Prometheus: the "one" side (right, or left with group_right) must have unique
    // signatures, matched or not; in one-to-one matching a left duplicate is an error only
    // once both copies find the same partner.
    let one_side_is_left = card == Cardinality::OneToMany;
    let mut problems = Vec::new();
    for (sig, ids) in &left_by {
        let must_be_unique =
            one_side_is_left || (card == Cardinality::OneToOne && right_by.contains_key(sig));
        if must_be_unique && ids.len() > 1 {
            problems.push(MatchProblem::DuplicateLeft {
                signature: sig.clone(),
                series: ids.clone(),
            });
        }
    }
    let right_is_one_side = matches!(card, Cardinality::OneToOne | Cardinality::ManyToOne);
    for (sig, ids) in &right_by {
        if right_is_one_side && ids.len() > 1 {
            problems.push(MatchProblem::DuplicateRight {
                signature: sig.clone(),
                series: ids.clone(),
            });
        }
    }
    MatchReport {
        left_signatures,
        right_signatures,
        pairs,
        unmatched_left,
        unmatched_right,
        problems,
    }
}
