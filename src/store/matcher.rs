//! Label matchers (`=`, `!=`, `=~`, `!~`), with regexes anchored as Prometheus anchors them.
//!
//! Regexes use `regex-lite`, the rust-lang regex project's small engine: the full `regex`
//! crate's Unicode tables would add hundreds of kilobytes to the WASM download, and
//! Prometheus's RE2 syntax is covered by regex-lite except for Unicode classes (`\p{..}`).

use std::fmt;

use regex_lite::Regex;

use super::labels::escape_label_value;

/// The four matcher operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchOp {
    /// `=`
    Equal,
    /// `!=`
    NotEqual,
    /// `=~`
    Regex,
    /// `!~`
    NotRegex,
}

impl fmt::Display for MatchOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Regex => "=~",
            MatchOp::NotRegex => "!~",
        })
    }
}

/// One label matcher, e.g. `handler=~"/api.*"`.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// The label name.
    pub name: String,
    /// The operator.
    pub op: MatchOp,
    /// The value or the regex source, as written.
    pub value: String,
    regex: Option<Regex>,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.op == other.op && self.value == other.value
    }
}

/// A regex that does not compile; `message` is the regex engine's explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct RegexError {
    /// What is wrong with the pattern.
    pub message: String,
}

impl Matcher {
    /// Builds a matcher; regexes are anchored (`^(?s:...)$`, so `.` also matches a newline
    /// as in Prometheus 3) and compiled once here.
    pub fn new(op: MatchOp, name: &str, value: &str) -> Result<Self, RegexError> {
        let regex = match op {
            MatchOp::Regex | MatchOp::NotRegex => Some(
                Regex::new(&format!("^(?s:{value})$")).map_err(|e| RegexError {
                    message: e.to_string(),
                })?,
            ),
            _ => None,
        };
        Ok(Matcher {
            name: name.to_string(),
            op,
            value: value.to_string(),
            regex,
        })
    }

    /// An `=` matcher, which cannot fail.
    pub fn equal(name: &str, value: &str) -> Self {
        Matcher {
            name: name.to_string(),
            op: MatchOp::Equal,
            value: value.to_string(),
            regex: None,
        }
    }

    /// Whether label value `v` (`""` for an absent label) satisfies the matcher.
    pub fn matches(&self, v: &str) -> bool {
        match (self.op, &self.regex) {
            (MatchOp::Equal, _) => v == self.value,
            (MatchOp::NotEqual, _) => v != self.value,
            (MatchOp::Regex, Some(r)) => r.is_match(v),
            (MatchOp::NotRegex, Some(r)) => !r.is_match(v),
            (_, None) => false,
        }
    }

    /// Whether the matcher accepts the empty string (and so series without the label).
    pub fn matches_empty(&self) -> bool {
        self.matches("")
    }
}

impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}\"{}\"",
            self.name,
            self.op,
            escape_label_value(&self.value)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_is_anchored_and_dot_matches_newline() {
        let m = Matcher::new(MatchOp::Regex, "handler", "/api.*").unwrap();
        assert!(m.matches("/api/users"));
        assert!(!m.matches("x/api"));
        assert!(Matcher::new(MatchOp::Regex, "a", "a.b")
            .unwrap()
            .matches("a\nb"));
        let n = Matcher::new(MatchOp::NotRegex, "a", "").unwrap();
        assert!(!n.matches(""));
        assert!(n.matches("x"));
    }

    #[test]
    fn bad_regex_is_an_error() {
        assert!(Matcher::new(MatchOp::Regex, "a", "(").is_err());
    }
}
