//! YAML syntax errors as Go's yaml.v2 (libyaml inside) words them for Prometheus:
//! saphyr-parser's complaints turned into libyaml's problem texts, with the line yaml.v2
//! names, which follows its own rule (`yaml.v2`'s `parser.fail`): a scanner problem names
//! its own line, a parser problem the line before it, and a problem on the first line
//! names none. The position kept for the editor stays where the problem really is (the
//! opening quote of a string never closed, not the end of the file).

use super::error::{ConfigError, ConfigErrorKind, Position, SyntaxCause};

/// Which part of libyaml raises a problem: it decides the line yaml.v2 names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// The scanner (tokens): yaml.v2 names the 1-based line.
    Scanner,
    /// The parser (structure): yaml.v2 names the 0-based line, that is the line before.
    Parser,
}

/// The line yaml.v2 names for a problem on 1-based `line` (none on the first line).
fn named_line(stage: Stage, line: usize) -> Option<usize> {
    match stage {
        Stage::Scanner => (line > 1).then_some(line),
        Stage::Parser => (line > 1).then(|| line - 1),
    }
}

/// A syntax error raised by libyaml's scanner at `position`, in its words.
pub(crate) fn scanner_error(problem: &str, position: Position, cause: SyntaxCause) -> ConfigError {
    error(problem, Stage::Scanner, position.line, position, cause)
}

fn error(
    problem: &str,
    stage: Stage,
    problem_line: usize,
    position: Position,
    cause: SyntaxCause,
) -> ConfigError {
    ConfigError::at(
        ConfigErrorKind::Syntax {
            problem: problem.to_string(),
            line: named_line(stage, problem_line),
            cause,
        },
        position,
    )
}

/// saphyr-parser's complaints that libyaml words otherwise, each with libyaml's words,
/// the stage that raises it there, and its likely cause.
const SAME_PLACE: [(&str, &str, Stage, SyntaxCause); 9] = [
    (
        "did not find expected key",
        "did not find expected key",
        Stage::Parser,
        SyntaxCause::Indentation,
    ),
    (
        "did not find expected '-' indicator",
        "did not find expected '-' indicator",
        Stage::Parser,
        SyntaxCause::Dash,
    ),
    (
        "expected ',' or ']'",
        "did not find expected ',' or ']'",
        Stage::Parser,
        SyntaxCause::Unclosed(']'),
    ),
    (
        "expected ',' or '}'",
        "did not find expected ',' or '}'",
        Stage::Parser,
        SyntaxCause::Unclosed('}'),
    ),
    (
        "did not find expected node content",
        "did not find expected node content",
        Stage::Parser,
        SyntaxCause::MissingValue,
    ),
    (
        "mapping values are not allowed in this context",
        "mapping values are not allowed in this context",
        Stage::Scanner,
        SyntaxCause::Colon,
    ),
    (
        "block sequence entries are not allowed in this context",
        "block sequence entries are not allowed in this context",
        Stage::Scanner,
        SyntaxCause::Dash,
    ),
    (
        "simple key expect ':'",
        "could not find expected ':'",
        Stage::Scanner,
        SyntaxCause::MissingColon,
    ),
    (
        "unexpected character",
        "found character that cannot start any token",
        Stage::Scanner,
        // The character itself is read from the text.
        SyntaxCause::Character(' '),
    ),
];

/// saphyr-parser's complaint `info`, raised at character index `at` (`position`) of
/// `text`, as yaml.v2 would word it; complaints Sonde has no libyaml words for keep
/// saphyr-parser's.
pub(crate) fn from_saphyr(info: &str, text: &str, at: usize, position: Position) -> ConfigError {
    let chars: Vec<char> = text.chars().collect();
    let here = |problem: &str, stage: Stage, cause: SyntaxCause| {
        error(problem, stage, position.line, position, cause)
    };
    if let Some((_, words, stage, cause)) = SAME_PLACE.iter().find(|(s, ..)| info.contains(s)) {
        let cause = match cause {
            SyntaxCause::Character(_) => {
                SyntaxCause::Character(chars.get(at).copied().unwrap_or('?'))
            }
            other => *other,
        };
        return here(words, *stage, cause);
    }
    if info.contains("illegal placement of ':' indicator") {
        // Inside a flow collection left open: libyaml wants it closed first.
        let closer = match innermost_open_bracket(&chars, at) {
            Some('{') => '}',
            Some(_) => ']',
            None => return here(info, Stage::Scanner, SyntaxCause::Colon),
        };
        let problem = format!("did not find expected ',' or '{closer}'");
        return here(&problem, Stage::Parser, SyntaxCause::Unclosed(closer));
    }
    if info.contains("misplaced bracket") {
        let problem = if after_indicator(&chars, at) {
            "did not find expected node content"
        } else {
            "did not find expected key"
        };
        return here(problem, Stage::Parser, SyntaxCause::StrayBracket);
    }
    if info.contains("found unexpected end of stream")
        || info.contains("invalid indentation in quoted scalar")
    {
        return unclosed_quote(&chars, at, position);
    }
    here(info, Stage::Scanner, SyntaxCause::Other)
}

/// A quoted string not closed on its line: libyaml reads on, over lines, to the next
/// quote of its kind, and stumbles on what follows it; with none, at the end of the text.
fn unclosed_quote(chars: &[char], at: usize, position: Position) -> ConfigError {
    let quote = chars.get(at).copied().filter(|c| matches!(c, '"' | '\''));
    let cause = SyntaxCause::UnclosedQuote(quote.unwrap_or('"'));
    let closing = quote.and_then(|q| chars.iter().skip(at + 1).position(|c| *c == q));
    let line_of = |end: usize| chars.iter().take(end).filter(|c| **c == '\n').count() + 1;
    match closing {
        Some(i) => error(
            "did not find expected key",
            Stage::Parser,
            line_of(at + 1 + i),
            position,
            cause,
        ),
        None => error(
            "found unexpected end of stream",
            Stage::Scanner,
            line_of(chars.len()),
            position,
            cause,
        ),
    }
}

/// The innermost `[` or `{` still open before character index `at` (quotes and comments
/// skipped roughly: enough to tell a list from a mapping).
fn innermost_open_bracket(chars: &[char], at: usize) -> Option<char> {
    let mut open = Vec::new();
    let mut quote: Option<char> = None;
    let mut comment = false;
    for (i, &c) in chars.iter().enumerate().take(at) {
        match (quote, c) {
            _ if comment => comment = c != '\n',
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if i == 0 || chars.get(i - 1).is_some_and(|p| p.is_whitespace()) => {
                comment = true
            }
            (None, '[' | '{') => open.push(c),
            (None, ']' | '}') => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

/// Whether only a `:` or `-` indicator and blanks precede character index `at` on its
/// line after some content (the bracket stands where a value goes).
fn after_indicator(chars: &[char], at: usize) -> bool {
    let before: String = chars
        .get(..at)
        .unwrap_or(chars)
        .iter()
        .rev()
        .take_while(|c| **c != '\n')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let trimmed = before.trim_end();
    trimmed.ends_with(':') || trimmed.trim_start() == "-"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_v2_names_the_line_by_stage() {
        assert_eq!(named_line(Stage::Scanner, 1), None);
        assert_eq!(named_line(Stage::Scanner, 3), Some(3));
        assert_eq!(named_line(Stage::Parser, 1), None);
        assert_eq!(named_line(Stage::Parser, 2), Some(1));
        assert_eq!(named_line(Stage::Parser, 5), Some(4));
    }

    #[test]
    fn brackets_are_told_apart() {
        let chars: Vec<char> = "a: [b, {c: '[', d".chars().collect();
        assert_eq!(innermost_open_bracket(&chars, chars.len()), Some('{'));
        let chars: Vec<char> = "a: [b, {c: d}, e".chars().collect();
        assert_eq!(innermost_open_bracket(&chars, chars.len()), Some('['));
        let chars: Vec<char> = "a: b # [\nc: d".chars().collect();
        assert_eq!(innermost_open_bracket(&chars, chars.len()), None);
        let chars: Vec<char> = "x:\n  y: ]".chars().collect();
        assert!(after_indicator(&chars, 8));
        let chars: Vec<char> = "x:\n  - [a]]".chars().collect();
        assert!(!after_indicator(&chars, 10));
    }

    #[test]
    fn an_unclosed_quote_names_the_end_of_the_text() {
        let text = "global:\n  scrape_interval: \"15s\n";
        let err = from_saphyr(
            "while scanning a quoted scalar, found unexpected end of stream",
            text,
            27,
            Position {
                line: 2,
                column: 20,
            },
        );
        assert_eq!(
            err.to_string(),
            "yaml: line 3: found unexpected end of stream"
        );
        assert_eq!(
            err.position,
            Some(Position {
                line: 2,
                column: 20
            })
        );
    }
}
