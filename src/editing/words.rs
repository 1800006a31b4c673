//! The PromQL words the editor knows by heart, from the parser's own lists
//! ([`crate::promql::keywords`], and [`AggregateOp::ALL`] for aggregations).

use crate::promql::ast::AggregateOp;
use crate::promql::keywords::{self, GROUPING};

/// Whether `word` is an aggregation operator (case-insensitive, as in PromQL).
pub fn is_aggregation(word: &str) -> bool {
    AggregateOp::ALL
        .iter()
        .any(|a| a.as_str().eq_ignore_ascii_case(word))
}

/// Whether `word` is a keyword the editor highlights: one completion offers after an
/// expression (case-insensitive).
pub fn is_keyword(word: &str) -> bool {
    keywords::after_expression().any(|k| k.eq_ignore_ascii_case(word))
}

/// Whether `word` opens a list of label names.
pub fn is_grouping(word: &str) -> bool {
    keywords::is_one_of(&GROUPING, word)
}
