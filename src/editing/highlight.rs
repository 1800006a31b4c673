//! A tolerant PromQL tokenizer for syntax highlighting: it never fails, colours partial
//! input as the user types it (an unclosed string or brace is fine), and records enough
//! state (inside braces, brackets or a `by (...)` list) for completion to know where the
//! caret stands.

use std::ops::Range;

use super::words::{is_aggregation, is_grouping, is_keyword};
use crate::promql::lookup_function;

/// What a piece of query text is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A metric name (`http_requests_total`).
    Metric,
    /// A label name, inside `{...}` or in a `by (...)` list.
    LabelName,
    /// A string literal (label values), quotes included.
    Str,
    /// A number literal.
    Number,
    /// A duration literal (`5m`).
    Duration,
    /// A function name followed by `(`.
    Function,
    /// An aggregation operator (`sum`).
    Aggregation,
    /// A keyword (`by`, `offset`, `and`...).
    Keyword,
    /// An operator or punctuation (`+`, `=~`, `,`).
    Operator,
    /// A bracket: `()`, `{}`, `[]`.
    Bracket,
    /// A `#` comment up to the end of its line.
    Comment,
    /// White space.
    Space,
    /// A character PromQL does not know.
    Other,
}

impl Class {
    /// The CSS class of the highlight layer for this kind of text.
    pub fn css(self) -> &'static str {
        match self {
            Class::Metric => "hl-metric",
            Class::LabelName => "hl-label",
            Class::Str => "hl-string",
            Class::Number => "hl-number",
            Class::Duration => "hl-duration",
            Class::Function => "hl-function",
            Class::Aggregation => "hl-aggregation",
            Class::Keyword => "hl-keyword",
            Class::Operator => "hl-operator",
            Class::Bracket => "hl-bracket",
            Class::Comment => "hl-comment",
            Class::Space => "hl-space",
            Class::Other => "hl-other",
        }
    }

    /// Whether this text is a word the user may be in the middle of typing.
    pub fn is_word(self) -> bool {
        matches!(
            self,
            Class::Metric
                | Class::LabelName
                | Class::Function
                | Class::Aggregation
                | Class::Keyword
        )
    }
}

/// One coloured piece of the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Its bytes in the query.
    pub span: Range<usize>,
    /// What it is.
    pub class: Class,
}

/// Where the tokenizer stands after the last token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// Inside `{...}` (label matchers).
    pub in_braces: bool,
    /// Inside `[...]` (a range or subquery).
    pub in_brackets: bool,
    /// Inside the parenthesised list of `by`, `without`, `on`, `ignoring`, `group_*`.
    pub in_grouping: bool,
    /// Just after a grouping keyword, before its `(`.
    grouping_next: bool,
}

/// Tokens covering every byte of `text`, and the state after the last one.
pub fn tokenize(text: &str) -> (Vec<Token>, State) {
    let mut tokens = Vec::new();
    let mut st = State::default();
    let mut pos = 0;
    while let Some(c) = text.get(pos..).and_then(|s| s.chars().next()) {
        let start = pos;
        let rest = text.get(pos..).unwrap_or("");
        let class = if c.is_whitespace() {
            pos += run_len(rest, char::is_whitespace);
            Class::Space
        } else if c == '#' {
            pos += rest.find('\n').unwrap_or(rest.len());
            Class::Comment
        } else if matches!(c, '"' | '\'' | '`') {
            pos += scan_string(rest, c).0;
            Class::Str
        } else if c.is_ascii_digit()
            || (c == '.' && rest[1..].starts_with(|d: char| d.is_ascii_digit()))
        {
            let len = number_len(rest);
            pos += len;
            if is_duration(&rest[..len]) {
                Class::Duration
            } else {
                Class::Number
            }
        } else if c == '_'
            || c.is_ascii_alphabetic()
            || (c == ':' && !st.in_braces && !st.in_brackets)
        {
            let len = run_len(rest, |c| c == '_' || c == ':' || c.is_ascii_alphanumeric());
            pos += len;
            word_class(&rest[..len], &rest[len..], &st)
        } else if let Some(len) = operator_len(rest) {
            pos += len;
            Class::Operator
        } else if matches!(c, '(' | ')' | '{' | '}' | '[' | ']') {
            pos += 1;
            Class::Bracket
        } else {
            pos += c.len_utf8();
            Class::Other
        };
        update_state(&mut st, class, &text[start..pos]);
        tokens.push(Token {
            span: start..pos,
            class,
        });
    }
    (tokens, st)
}

/// The class of a word from what it is and what follows it.
fn word_class(word: &str, after: &str, st: &State) -> Class {
    if st.in_braces || st.in_grouping {
        return Class::LabelName;
    }
    let lower = word.to_ascii_lowercase();
    if lower == "inf" || lower == "nan" {
        Class::Number
    } else if is_aggregation(&lower) {
        Class::Aggregation
    } else if is_keyword(&lower) {
        Class::Keyword
    } else if lookup_function(word).is_some() && after.trim_start().starts_with('(') {
        Class::Function
    } else {
        Class::Metric
    }
}

fn update_state(st: &mut State, class: Class, text: &str) {
    match (class, text) {
        (Class::Space | Class::Comment, _) => return,
        (Class::Bracket, "{") => st.in_braces = true,
        (Class::Bracket, "}") => st.in_braces = false,
        (Class::Bracket, "[") => st.in_brackets = true,
        (Class::Bracket, "]") => st.in_brackets = false,
        (Class::Bracket, "(") if st.grouping_next => st.in_grouping = true,
        (Class::Bracket, ")") => st.in_grouping = false,
        _ => {}
    }
    st.grouping_next = class == Class::Keyword && is_grouping(text);
}

/// Bytes of the leading run of `rest` whose characters satisfy `f`.
fn run_len(rest: &str, f: impl Fn(char) -> bool) -> usize {
    rest.find(|c: char| !f(c)).unwrap_or(rest.len())
}

/// Bytes of the string literal at the start of `rest` (opened by `quote`), up to its
/// closing quote or, when unclosed, the end of the line (backquoted: of the text); and
/// whether it is closed.
fn scan_string(rest: &str, quote: char) -> (usize, bool) {
    let mut escaped = false;
    for (i, c) in rest.char_indices().skip(1) {
        if escaped {
            escaped = false;
        } else if c == '\\' && quote != '`' {
            escaped = true;
        } else if c == quote {
            return (i + c.len_utf8(), true);
        } else if c == '\n' && quote != '`' {
            return (i, false);
        }
    }
    (rest.len(), false)
}

/// Whether `text` is a string literal that lacks its closing quote.
pub fn is_unclosed_string(text: &str) -> bool {
    match text.chars().next() {
        Some(q @ ('"' | '\'' | '`')) => !scan_string(text, q).1,
        _ => false,
    }
}

/// Bytes of the number or duration at the start of `rest`: digits, letters, dots, and
/// the sign of an exponent.
fn number_len(rest: &str) -> usize {
    let mut len = 0;
    let mut prev = ' ';
    for c in rest.chars() {
        let sign_of_exponent =
            matches!(c, '+' | '-') && matches!(prev, 'e' | 'E') && !rest.starts_with("0x");
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' || sign_of_exponent {
            len += c.len_utf8();
            prev = c;
        } else {
            break;
        }
    }
    len
}

/// Whether `text` is a duration such as `5m` or `1h30m`.
fn is_duration(text: &str) -> bool {
    let mut rest = text;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = run_len(rest, |c| c.is_ascii_digit());
        let unit = ["ms", "s", "m", "h", "d", "w", "y"]
            .into_iter()
            .find(|u| rest[digits..].starts_with(u));
        match unit {
            Some(u) if digits > 0 => rest = &rest[digits + u.len()..],
            _ => return false,
        }
    }
    true
}

/// Bytes of the operator at the start of `rest`, if it starts with one.
fn operator_len(rest: &str) -> Option<usize> {
    const OPS: [&str; 19] = [
        "==", "!=", "<=", ">=", "=~", "!~", "+", "-", "*", "/", "%", "^", "<", ">", "=", ",", ":",
        "@", "!",
    ];
    OPS.iter()
        .find(|op| rest.starts_with(*op))
        .map(|op| op.len())
}

/// A piece of the highlight layer: text, its CSS class, and whether the error marker
/// underlines it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The text shown.
    pub text: String,
    /// The CSS class (see [`Class::css`]).
    pub css: &'static str,
    /// Whether it lies in the error's span.
    pub error: bool,
}

/// The highlight layer of `text`: its tokens, cut where the error span starts and ends.
/// An empty error span (such as "unexpected end of input") underlines the character at
/// its position, or a trailing space when it is at the very end.
pub fn segments(text: &str, error: Option<Range<usize>>) -> Vec<Segment> {
    let error = error.map(|e| widen(text, e));
    let (tokens, _) = tokenize(text);
    let mut out = Vec::new();
    for tok in tokens {
        let mut cuts = vec![tok.span.start, tok.span.end];
        if let Some(e) = &error {
            for b in [e.start, e.end] {
                if tok.span.start < b && b < tok.span.end && text.is_char_boundary(b) {
                    cuts.push(b);
                }
            }
        }
        crate::order::sort(&mut cuts);
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            out.push(Segment {
                text: text[a..b].to_string(),
                css: tok.class.css(),
                error: error.as_ref().is_some_and(|e| a >= e.start && b <= e.end),
            });
        }
    }
    if error.as_ref().is_some_and(|e| e.end > text.len()) {
        out.push(Segment {
            text: " ".to_string(),
            css: Class::Space.css(),
            error: true,
        });
    }
    out
}

/// An error span made visible: at least one character wide, within the text or just past.
fn widen(text: &str, e: Range<usize>) -> Range<usize> {
    let start = e.start.min(text.len());
    let end = e.end.min(text.len());
    if end > start {
        return start..end;
    }
    match text.get(start..).and_then(|s| s.chars().next()) {
        Some(c) if c != '\n' => start..start + c.len_utf8(),
        _ => start..start + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(text: &str) -> Vec<(&str, Class)> {
        tokenize(text)
            .0
            .into_iter()
            .filter(|t| t.class != Class::Space)
            .map(|t| (&text[t.span], t.class))
            .collect()
    }

    #[test]
    fn colours_a_full_query() {
        use Class::*;
        assert_eq!(
            classes("sum by (job) (rate(http_requests_total{job=~\"my.*\"}[5m])) > 0.5 # hi"),
            vec![
                ("sum", Aggregation),
                ("by", Keyword),
                ("(", Bracket),
                ("job", LabelName),
                (")", Bracket),
                ("(", Bracket),
                ("rate", Function),
                ("(", Bracket),
                ("http_requests_total", Metric),
                ("{", Bracket),
                ("job", LabelName),
                ("=~", Operator),
                ("\"my.*\"", Str),
                ("}", Bracket),
                ("[", Bracket),
                ("5m", Duration),
                ("]", Bracket),
                (")", Bracket),
                (")", Bracket),
                (">", Operator),
                ("0.5", Number),
                ("# hi", Comment),
            ]
        );
    }

    #[test]
    fn a_function_name_without_parenthesis_is_a_metric() {
        assert_eq!(classes("rate"), vec![("rate", Class::Metric)]);
        assert_eq!(
            classes("rate ("),
            vec![("rate", Class::Function), ("(", Class::Bracket)]
        );
    }

    #[test]
    fn numbers_and_durations() {
        assert_eq!(
            classes("1e-3 0x1F 1h30m .5 Inf x offset 5m"),
            vec![
                ("1e-3", Class::Number),
                ("0x1F", Class::Number),
                ("1h30m", Class::Duration),
                (".5", Class::Number),
                ("Inf", Class::Number),
                ("x", Class::Metric),
                ("offset", Class::Keyword),
                ("5m", Class::Duration),
            ]
        );
    }

    #[test]
    fn partial_input_never_fails_and_covers_every_byte() {
        for text in [
            "rate(x{job=\"un",
            "{",
            "\"",
            "sum by (",
            "[5",
            "é€ 'a\\'",
            "a !",
            "\u{0}",
        ] {
            let (tokens, _) = tokenize(text);
            let mut at = 0;
            for t in &tokens {
                assert_eq!(t.span.start, at, "{text:?}");
                at = t.span.end;
            }
            assert_eq!(at, text.len(), "{text:?}");
        }
    }

    #[test]
    fn state_after_partial_input() {
        assert!(tokenize("x{job=").1.in_braces);
        assert!(!tokenize("x{job=\"a\"}").1.in_braces);
        assert!(tokenize("rate(x[").1.in_brackets);
        assert!(tokenize("sum without (").1.in_grouping);
        assert!(!tokenize("sum(").1.in_grouping);
    }

    #[test]
    fn unclosed_strings() {
        assert!(is_unclosed_string("\"abc"));
        assert!(is_unclosed_string("\""));
        assert!(is_unclosed_string("\"a\\\""));
        assert!(!is_unclosed_string("\"abc\""));
        assert!(!is_unclosed_string("x"));
    }

    #[test]
    fn error_span_cuts_tokens() {
        let segs = segments("rate(xyz", Some(5..7));
        let marked: String = segs
            .iter()
            .filter(|s| s.error)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, "xy");
        let all: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(all, "rate(xyz");
    }

    #[test]
    fn an_empty_error_span_at_the_end_marks_a_trailing_space() {
        let segs = segments("rate(x", Some(6..6));
        let last = segs.last().cloned();
        assert_eq!(
            last,
            Some(Segment {
                text: " ".into(),
                css: "hl-space",
                error: true
            })
        );
        let segs = segments("a )", Some(2..2));
        assert!(segs.iter().any(|s| s.error && s.text == ")"));
        assert!(segments("up", None).iter().all(|s| !s.error));
    }
}
