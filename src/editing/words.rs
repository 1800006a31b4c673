//! The PromQL words the editor knows by heart: keywords (aggregations come from the
//! AST's [`AggregateOp::ALL`]).

use crate::promql::ast::AggregateOp;

/// Keywords that follow an expression: set operators, modifiers and matching clauses.
pub const KEYWORDS: [&str; 12] = [
    "and",
    "or",
    "unless",
    "atan2",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "offset",
    "bool",
];

/// Keywords whose parenthesised list holds label names.
pub const GROUPING: [&str; 6] = [
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
];

/// Whether `word` is an aggregation operator (case-insensitive, as in PromQL).
pub fn is_aggregation(word: &str) -> bool {
    AggregateOp::ALL
        .iter()
        .any(|a| a.as_str().eq_ignore_ascii_case(word))
}

/// Whether `word` is a keyword (case-insensitive).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// Whether `word` opens a list of label names.
pub fn is_grouping(word: &str) -> bool {
    GROUPING.iter().any(|k| k.eq_ignore_ascii_case(word))
}
