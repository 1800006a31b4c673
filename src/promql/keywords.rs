//! PromQL's reserved words, listed once: the binary operators written as words, the
//! clauses that take label lists, the modifiers, the experimental keywords and the
//! functions allowed inside `[...]` and after `@`. The parser, the lexer and the editor
//! (highlighting, completion) all read them from here. PromQL reads keywords without
//! regard to case.

/// Set operators (`a and b`).
pub const SET_OPERATORS: [&str; 3] = ["and", "or", "unless"];

/// The one arithmetic operator written as a word.
pub const ATAN2: &str = "atan2";

/// Clauses whose parenthesised list holds label names (`by (job)`, `on (instance)`).
pub const GROUPING: [&str; 6] = [
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
];

/// Modifiers written as words: `offset` and the comparisons' `bool`.
pub const MODIFIERS: [&str; 2] = ["offset", "bool"];

/// Keywords of experimental features (`fill`, `smoothed`, `anchored`...).
pub const EXPERIMENTAL: [&str; 5] = ["fill", "fill_left", "fill_right", "smoothed", "anchored"];

/// Functions of a duration that may stand inside `[...]` (experimental).
pub const DURATION_FUNCTIONS: [&str; 4] = ["step", "range", "max_of", "min_of"];

/// Functions that may follow `@` (`@ start()`, `@ end()`).
pub const AT_FUNCTIONS: [&str; 2] = ["start", "end"];

/// Whether `word` is one of `list`, case-insensitively.
pub fn is_one_of(list: &[&str], word: &str) -> bool {
    list.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// Whether `word` is a binary operator written as a word (`and`, `or`, `unless`,
/// `atan2`).
pub fn is_word_operator(word: &str) -> bool {
    is_one_of(&SET_OPERATORS, word) || ATAN2.eq_ignore_ascii_case(word)
}

/// Whether `word` is a keyword that is neither an operator nor an aggregation: a
/// grouping clause, a modifier or an experimental keyword.
pub fn is_clause_keyword(word: &str) -> bool {
    is_one_of(&GROUPING, word) || is_one_of(&MODIFIERS, word) || is_one_of(&EXPERIMENTAL, word)
}

/// The keywords that may follow a complete expression, in the order the editor offers
/// them: operators, then grouping clauses, then modifiers.
pub fn after_expression() -> impl Iterator<Item = &'static str> {
    SET_OPERATORS
        .into_iter()
        .chain([ATAN2])
        .chain(GROUPING)
        .chain(MODIFIERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_read_without_case() {
        assert!(is_word_operator("AND"));
        assert!(is_word_operator("Atan2"));
        assert!(!is_word_operator("sum"));
        assert!(is_clause_keyword("Offset"));
        assert!(is_clause_keyword("group_left"));
        assert!(is_clause_keyword("fill_left"));
        assert!(!is_clause_keyword("or"));
        assert!(!is_clause_keyword("offsets"));
    }

    #[test]
    fn the_editor_offers_operators_before_clauses() {
        let offered: Vec<&str> = after_expression().collect();
        assert_eq!(offered.len(), 12);
        assert_eq!(offered.first(), Some(&"and"));
        assert_eq!(offered.last(), Some(&"bool"));
        assert!(offered
            .iter()
            .all(|k| is_word_operator(k) || is_clause_keyword(k)));
        assert!(
            !offered.contains(&"fill"),
            "experimental keywords are not offered"
        );
    }
}
