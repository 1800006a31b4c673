//! Tabs where Go's yaml.v2 (libyaml's scanner) refuses them but saphyr-parser does not,
//! and the reverse.
//!
//! yaml.v2 skips a tab as white space only inside flow collections or right after a
//! mapping key's `:`. At the start of a line, and after a block `-` or `?` indicator, a
//! tab is `found character that cannot start any token`. saphyr-parser, following YAML
//! 1.2, accepts some of those (`-\tx`) and refuses `key:\tvalue`, which yaml.v2
//! accepts; this module makes Sonde agree with Prometheus on both.

use super::error::{ConfigError, Position, SyntaxCause};
use super::syntax::scanner_error;

/// saphyr-parser's complaint about `key:\tvalue`.
pub(crate) const COLON_TAB: &str = "':' must be followed by a valid YAML whitespace";

/// yaml.v2's words for a tab where no token may start.
pub(crate) const TAB_PROBLEM: &str = "found character that cannot start any token";

/// If a `:` followed by a tab sits just before character index `at`, the text with that
/// tab turned into a space (same length, so positions do not move).
pub(crate) fn untab_colon(text: &str, at: usize) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let from = at.saturating_sub(3);
    let colon = (from..=at.min(chars.len().saturating_sub(2)))
        .find(|&i| chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&'\t'))?;
    let mut out = chars;
    if let Some(c) = out.get_mut(colon + 1) {
        *c = ' ';
    }
    Some(out.into_iter().collect())
}

/// yaml.v2's words for a tab indenting the line after a plain scalar.
const TAB_INDENT_PROBLEM: &str = "found a tab character that violates indentation";

/// Refuses tabs yaml.v2 would refuse: in the indentation of a line or after block `-`
/// and `?` indicators, except inside `allowed` (character ranges of scalars and flow
/// collections, where tabs are content or plain separators). `plain_ends` (where plain
/// scalars end) picks yaml.v2's message: a tab indenting the line after a plain scalar
/// is met while that scalar is being read.
pub(crate) fn check_tabs(
    text: &str,
    allowed: &[(usize, usize)],
    plain_ends: &[usize],
) -> Result<(), ConfigError> {
    let mut ranges = allowed.to_vec();
    crate::order::sort(&mut ranges);
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let is_allowed = |index: usize| {
        let i = merged.partition_point(|(start, _)| *start <= index);
        i > 0 && merged.get(i - 1).is_some_and(|(_, end)| index < *end)
    };
    let mut line_start = 0;
    let mut after_last_content = 0;
    for (line_no, line) in text.split('\n').enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut leading = true;
        loop {
            while let Some(&c) = chars.get(i) {
                if c == '\t' && !is_allowed(line_start + i) {
                    let problem = if leading && plain_ends.contains(&after_last_content) {
                        TAB_INDENT_PROBLEM
                    } else {
                        TAB_PROBLEM
                    };
                    return Err(scanner_error(
                        problem,
                        Position {
                            line: line_no + 1,
                            column: i + 1,
                        },
                        SyntaxCause::Tab,
                    ));
                }
                if c != ' ' && c != '\t' {
                    break;
                }
                i += 1;
            }
            let indicator = matches!(chars.get(i), Some('-' | '?'))
                && matches!(chars.get(i + 1), None | Some(' ' | '\t' | '\r'));
            if !indicator {
                break;
            }
            leading = false;
            i += 1;
        }
        if let Some(last) = chars.iter().rposition(|c| !c.is_whitespace()) {
            after_last_content = line_start + last + 1;
        }
        line_start += chars.len() + 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_after_a_colon_becomes_a_space() {
        let text = "a:\tb";
        assert_eq!(untab_colon(text, 3).as_deref(), Some("a: b"));
        assert_eq!(untab_colon("a: b", 3), None);
    }

    #[test]
    fn tabs_in_indentation_or_after_dash_are_refused() {
        let err = check_tabs("a:\n  -\tb\n", &[], &[]).unwrap_err();
        assert_eq!(err.position, Some(Position { line: 2, column: 4 }));
        let err = check_tabs("a: [1]\n\t# note\n", &[], &[]).unwrap_err();
        assert_eq!(err.position, Some(Position { line: 2, column: 1 }));
        assert_eq!(err.to_string(), format!("yaml: line 2: {TAB_PROBLEM}"));
        let err = check_tabs("a: 1\n\t# note\n", &[], &[4]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("yaml: line 2: {TAB_INDENT_PROBLEM}")
        );
        assert!(check_tabs("a: 1\t# note\n", &[], &[]).is_ok());
        assert!(check_tabs("a: |\n  x\n\ty\n", &[(3, 13)], &[]).is_ok());
    }
}
