//! Relabel regexes: fully anchored as Prometheus anchors them (`^(?:regex)$`), compiled
//! with `regex-lite` (RE2 syntax, as Go's `regexp`), and refused in Go's own words
//! (`error parsing regexp: missing closing ): ...`) for the mistakes a learner makes.

use regex_lite::Regex;

/// A relabel `regex`: the text as written and its anchored, compiled form.
#[derive(Clone, Debug)]
pub struct Regexp {
    /// The regex as written (`(.*)` when not written).
    pub source: String,
    /// Whether the file writes it (Prometheus tells the default apart from an explicit
    /// `(.*)`: `keepequal` refuses any written regex, `replace` takes a fast path).
    pub written: bool,
    compiled: Regex,
}

impl PartialEq for Regexp {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source && self.written == other.written
    }
}

/// The default relabel regex.
pub const DEFAULT_REGEX: &str = "(.*)";

impl Regexp {
    /// Compiles `source` anchored; the error is Go's `regexp.Compile` message.
    pub fn new(source: &str, written: bool) -> Result<Self, String> {
        let anchored = format!("^(?:{source})$");
        let mut literal_braces = Vec::new();
        if let Some(problem) = go_syntax_error(&anchored, &mut literal_braces) {
            return Err(format!("error parsing regexp: {problem}"));
        }
        // Go reads a `{` that starts no repetition count as a literal; regex-lite wants
        // it escaped.
        let for_engine: String = anchored
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                let escape = literal_braces.contains(&i).then_some('\\');
                escape.into_iter().chain([c])
            })
            .collect();
        let compiled = Regex::new(&for_engine).map_err(|e| {
            let first = e.to_string();
            let first = first.lines().next().unwrap_or("").to_string();
            format!("error parsing regexp: {first}")
        })?;
        Ok(Regexp {
            source: source.to_string(),
            written,
            compiled,
        })
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled.is_match(text)
    }

    /// `template` with `$1`, `${1}`, `$name` replaced from the match of `text`, as Go's
    /// `Regexp.ExpandString`; `None` when `text` does not match.
    pub fn expand(&self, template: &str, text: &str) -> Option<String> {
        let captures = self.compiled.captures(text)?;
        let mut out = String::new();
        captures.expand(template, &mut out);
        Some(out)
    }

    /// Whether this is the default regex, not written in the file.
    pub fn is_default(&self) -> bool {
        !self.written && self.source == DEFAULT_REGEX
    }
}

/// The first syntax error Go's `regexp/syntax` reports for `pattern`, in its words
/// (`missing closing ): `...``), for the common mistakes: unbalanced parentheses and
/// brackets, a repetition with nothing to repeat or repeated twice, an unknown escape.
/// The positions (in characters) of the `{` Go reads as literals go to `literal_braces`.
fn go_syntax_error(pattern: &str, literal_braces: &mut Vec<usize>) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    let mut depth = 0usize;
    // Whether something that can be repeated precedes, and where the last repetition
    // operator started (for `**`).
    let mut operand = false;
    let mut last_repeat: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut repeat_start = None;
        match c {
            '\\' => {
                let Some(&next) = chars.get(i + 1) else {
                    return Some("trailing backslash at end of expression: ``".into());
                };
                if next.is_ascii_alphanumeric() && !"afnrtvdDsSwWbBAzpPQEx01234567".contains(next) {
                    return Some(format!("invalid escape sequence: `\\{next}`"));
                }
                i += 2;
                operand = true;
                last_repeat = None;
                continue;
            }
            '[' => {
                let start = i;
                let mut j = i + 1;
                if chars.get(j) == Some(&'^') {
                    j += 1;
                }
                if chars.get(j) == Some(&']') {
                    j += 1;
                }
                while j < chars.len() && chars[j] != ']' {
                    if chars[j] == '\\' {
                        j += 1;
                    }
                    j += 1;
                }
                if j >= chars.len() {
                    return Some(format!("missing closing ]: `{}`", text(start, chars.len())));
                }
                i = j + 1;
                operand = true;
                last_repeat = None;
                continue;
            }
            '(' => {
                depth += 1;
                operand = false;
                last_repeat = None;
                if chars.get(i + 1) == Some(&'?') {
                    // `(?:`, `(?i)`, `(?P<name>`: skip to the group's start.
                    let mut j = i + 2;
                    while j < chars.len() && !matches!(chars[j], ':' | ')' | '>') {
                        j += 1;
                    }
                    if chars.get(j) == Some(&')') {
                        depth -= 1;
                    }
                    i = j + 1;
                    continue;
                }
            }
            ')' => {
                if depth == 0 {
                    return Some(format!("unexpected ): `{pattern}`"));
                }
                depth -= 1;
                operand = true;
                last_repeat = None;
            }
            '|' => {
                operand = false;
                last_repeat = None;
            }
            '*' | '+' | '?' => repeat_start = Some(i),
            '{' => {
                let close = chars[i..].iter().position(|&x| x == '}').map(|p| i + p);
                let body = close.map(|e| text(i + 1, e));
                let counted = body.as_deref().is_some_and(|b| {
                    let (min, max) = b.split_once(',').unwrap_or((b, b));
                    !min.is_empty()
                        && min.chars().all(|d| d.is_ascii_digit())
                        && max.chars().all(|d| d.is_ascii_digit())
                });
                match close {
                    Some(end) if counted => {
                        if !operand {
                            return Some(format!(
                                "missing argument to repetition operator: `{}`",
                                text(i, end + 1)
                            ));
                        }
                        if let Some(start) = last_repeat {
                            return Some(format!(
                                "invalid nested repetition operator: `{}`",
                                text(start, end + 1)
                            ));
                        }
                        last_repeat = Some(i);
                        i = end + 1;
                        if chars.get(i) == Some(&'?') {
                            i += 1;
                        }
                        continue;
                    }
                    _ => {
                        literal_braces.push(i);
                        operand = true;
                        last_repeat = None;
                    }
                }
            }
            '^' | '$' => {
                operand = true;
                last_repeat = None;
            }
            _ => {
                operand = true;
                last_repeat = None;
            }
        }
        if let Some(start) = repeat_start {
            if !operand {
                return Some(format!("missing argument to repetition operator: `{c}`"));
            }
            let mut end = start + 1;
            if c != '?' && chars.get(end) == Some(&'?') || c == '?' && chars.get(end) == Some(&'?')
            {
                end += 1;
            }
            if let Some(prev) = last_repeat {
                return Some(format!(
                    "invalid nested repetition operator: `{}`",
                    text(prev, end)
                ));
            }
            last_repeat = Some(start);
            i = end;
            continue;
        }
        i += 1;
    }
    (depth > 0).then(|| format!("missing closing ): `{pattern}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(source: &str) -> String {
        Regexp::new(source, true).unwrap_err()
    }

    #[test]
    fn anchored_and_expanded_as_go_expands() {
        let re = Regexp::new("(\\w+):(?P<port>\\d+)", true).unwrap();
        assert!(re.is_match("localhost:8000"));
        assert!(!re.is_match("http://localhost:8000/"));
        assert_eq!(
            re.expand("$1-${port}-$2x-$$", "localhost:8000").as_deref(),
            Some("localhost-8000--$")
        );
        assert_eq!(re.expand("$1", "nope"), None);
        let brace = Regexp::new("a{,2", true).unwrap();
        assert!(brace.is_match("a{,2") && !brace.is_match("aa"));
        assert!(Regexp::new(DEFAULT_REGEX, false).unwrap().is_default());
        assert!(!Regexp::new("(.*)", true).unwrap().is_default());
    }

    #[test]
    fn syntax_errors_in_gos_words() {
        assert_eq!(
            err("(abc"),
            "error parsing regexp: missing closing ): `^(?:(abc)$`"
        );
        assert_eq!(
            err("abc)"),
            "error parsing regexp: unexpected ): `^(?:abc))$`"
        );
        assert_eq!(
            err("[a-z"),
            "error parsing regexp: missing closing ]: `[a-z)$`"
        );
        assert_eq!(
            err("*x"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            err("a**"),
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
        assert_eq!(
            err("\\q"),
            "error parsing regexp: invalid escape sequence: `\\q`"
        );
        for fine in [
            "a*?",
            "[]a]",
            "x{2,3}",
            "a{,",
            "x{a}",
            "(?i)abc",
            "(?P<n>a)|b+",
            "\\.\\d",
        ] {
            assert!(Regexp::new(fine, true).is_ok(), "{fine}");
        }
    }
}
