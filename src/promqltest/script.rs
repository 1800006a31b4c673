//! Reads Prometheus's PromQL test-script format into commands: `load`, `clear`, and
//! `eval` with its expectations (`expect fail|ordered|warn|info|no_warn|no_info|string|
//! range vector`, the older `eval_fail`/`eval_ordered`/`eval_warn`/`eval_info` forms).

use std::fmt;

use crate::go;
use crate::store::Labels;

use super::series_desc::{parse_number, parse_quoted, parse_series_desc, SeqValue};

/// One series of a `load` block.
#[derive(Clone, Debug)]
pub struct LoadSeries {
    /// Its labels.
    pub labels: Labels,
    /// Its values, one per load interval from time 0.
    pub values: Vec<SeqValue>,
    /// Whether an `@st` line gave start timestamps (an experimental feature).
    pub start_timestamps: bool,
}

/// A `load <interval>` block.
#[derive(Clone, Debug)]
pub struct Load {
    /// Interval between values, ms.
    pub interval_ms: i64,
    /// `load_with_nhcb`: classic histograms are also converted to native ones.
    pub with_nhcb: bool,
    /// The series.
    pub series: Vec<LoadSeries>,
}

/// How an annotation or error expectation matches text.
#[derive(Clone, Debug)]
pub enum TextMatch {
    /// Anything.
    Any,
    /// Exactly this text (`msg:`).
    Exact(String),
    /// This regex, unanchored (`regex:`).
    Regex(regex_lite::Regex),
}

impl TextMatch {
    /// Whether `s` matches.
    pub fn matches(&self, s: &str) -> bool {
        match self {
            TextMatch::Any => true,
            TextMatch::Exact(m) => m == s,
            TextMatch::Regex(r) => r.is_match(s),
        }
    }
}

impl fmt::Display for TextMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextMatch::Any => f.write_str("anything"),
            TextMatch::Exact(s) => write!(f, "{s:?}"),
            TextMatch::Regex(r) => write!(f, "/{}/", r.as_str()),
        }
    }
}

/// What an eval expects back.
#[derive(Clone, Debug, Default)]
pub struct Expected {
    /// A scalar value.
    pub scalar: Option<f64>,
    /// A string value.
    pub string: Option<String>,
    /// Series with values (one for an instant vector, one per step otherwise).
    pub series: Vec<(Labels, Vec<SeqValue>)>,
    /// `expect range vector from .. to .. step ..` (start, end, step in ms).
    pub range_vector: Option<(i64, i64, i64)>,
}

/// An `eval` command.
#[derive(Clone, Debug)]
pub struct Eval {
    /// 1-based line of the command.
    pub line: usize,
    /// The PromQL text.
    pub expr: String,
    /// `Some((start, end, step))` for a range query, else an instant query at `start`.
    pub range: Option<(i64, i64, i64)>,
    /// Evaluation time of an instant query, ms.
    pub at_ms: i64,
    /// The query must fail (with a matching message when given).
    pub fail: Option<TextMatch>,
    /// The result order matters.
    pub ordered: bool,
    /// Warnings expected (each must match one warning, each warning one of these).
    pub warn: Vec<TextMatch>,
    /// Infos expected.
    pub info: Vec<TextMatch>,
    /// No warning allowed.
    pub no_warn: bool,
    /// No info allowed.
    pub no_info: bool,
    /// The expected result.
    pub expected: Expected,
}

/// A script command.
#[derive(Clone, Debug)]
pub enum Command {
    /// Load series into the store.
    Load(Load),
    /// Empty the store.
    Clear,
    /// Evaluate and check.
    Eval(Box<Eval>),
}

/// A script line that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptError {
    /// 1-based line.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

fn fail<T>(line: usize, message: impl Into<String>) -> Result<T, ScriptError> {
    Err(ScriptError {
        line,
        message: message.into(),
    })
}

/// Parses a script's time or interval in milliseconds: a Prometheus duration (`1h30m`,
/// `5m`, `100ms`) or a number of seconds (`10`), either one signed (`-1m`).
pub fn parse_duration(s: &str) -> Option<i64> {
    let (negative, unsigned) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let ms = if !unsigned.is_empty() && unsigned.bytes().all(|c| c.is_ascii_digit()) {
        unsigned.parse::<i64>().ok()?.checked_mul(1000)?
    } else {
        i64::try_from(go::duration::parse_duration(unsigned).ok()?).ok()?
    };
    Some(if negative { -ms } else { ms })
}

/// Splits a script into commands.
pub fn parse_script(text: &str) -> Result<Vec<Command>, ScriptError> {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| {
            let t = l.trim();
            if t.starts_with('#') {
                ""
            } else {
                t
            }
        })
        .collect();
    let mut cmds = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l.is_empty() {
            i += 1;
            continue;
        }
        let word = l
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if word == "clear" {
            cmds.push(Command::Clear);
            i += 1;
        } else if word.starts_with("load") {
            let (next, load) = parse_load(&lines, i)?;
            cmds.push(Command::Load(load));
            i = next;
        } else if word.starts_with("eval") {
            let (next, ev) = parse_eval(&lines, i)?;
            cmds.push(Command::Eval(Box::new(ev)));
            i = next;
        } else {
            return fail(i + 1, format!("invalid command {l:?}"));
        }
    }
    Ok(cmds)
}

fn parse_load(lines: &[&str], i: usize) -> Result<(usize, Load), ScriptError> {
    let head = lines[i];
    let mut parts = head.split_whitespace();
    let kind = parts.next().unwrap_or("");
    let with_nhcb = match kind {
        "load" => false,
        "load_with_nhcb" => true,
        _ => return fail(i + 1, "invalid load command"),
    };
    let Some(interval_ms) = parts.next().and_then(parse_duration) else {
        return fail(i + 1, "invalid load interval");
    };
    let mut series = Vec::new();
    let mut j = i + 1;
    let mut pending_st = false;
    while let Some(l) = lines.get(j).filter(|l| !l.is_empty()) {
        // Start-timestamp lines (`metric@st ...`) describe an experimental feature.
        if l.split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .contains("@st")
        {
            pending_st = true;
        } else {
            let (labels, values) = parse_series_desc(l).or_else(|e| fail(j + 1, e.to_string()))?;
            series.push(LoadSeries {
                labels,
                values,
                start_timestamps: pending_st,
            });
            pending_st = false;
        }
        j += 1;
    }
    Ok((
        j,
        Load {
            interval_ms,
            with_nhcb,
            series,
        },
    ))
}

fn parse_expect_match(rest: &str, line: usize) -> Result<TextMatch, ScriptError> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Ok(TextMatch::Any);
    }
    if let Some(m) = rest.strip_prefix("msg:") {
        return Ok(TextMatch::Exact(m.trim().to_string()));
    }
    if let Some(r) = rest.strip_prefix("regex:") {
        return regex_lite::Regex::new(r.trim())
            .map(TextMatch::Regex)
            .or_else(|e| fail(line, format!("bad regex: {e}")));
    }
    fail(line, format!("invalid expect clause {rest:?}"))
}

fn parse_eval(lines: &[&str], i: usize) -> Result<(usize, Eval), ScriptError> {
    let head = lines[i];
    let line = i + 1;
    let (kind, rest) = head.split_once(char::is_whitespace).unwrap_or((head, ""));
    let modifier = kind
        .strip_prefix("eval")
        .unwrap_or("")
        .trim_start_matches('_');
    let rest = rest.trim_start();
    let mut ev = Eval {
        line,
        expr: String::new(),
        range: None,
        at_ms: 0,
        fail: None,
        ordered: false,
        warn: Vec::new(),
        info: Vec::new(),
        no_warn: false,
        no_info: false,
        expected: Expected::default(),
    };
    if let Some(r) = rest.strip_prefix("instant") {
        let r = r.trim_start();
        let r = match r.strip_prefix("at ") {
            Some(after) => {
                let (t, e) = after
                    .trim_start()
                    .split_once(char::is_whitespace)
                    .unwrap_or((after, ""));
                let Some(t) = parse_duration(t) else {
                    return fail(line, format!("invalid time {t:?}"));
                };
                ev.at_ms = t;
                e
            }
            None => r,
        };
        ev.expr = r.trim().to_string();
    } else if let Some(r) = rest.strip_prefix("range") {
        let words: Vec<&str> = r.split_whitespace().collect();
        let (Some(&"from"), Some(from), Some(&"to"), Some(to), Some(&"step"), Some(step)) = (
            words.first(),
            words.get(1),
            words.get(2),
            words.get(3),
            words.get(4),
            words.get(5),
        ) else {
            return fail(line, "invalid range eval");
        };
        let (Some(s), Some(e), Some(st)) = (
            parse_duration(from),
            parse_duration(to),
            parse_duration(step),
        ) else {
            return fail(line, "invalid range times");
        };
        ev.range = Some((s, e, st));
        let step_at = r.find(" step ").map_or(0, |k| k + 6);
        let after = r.get(step_at..).unwrap_or("").trim_start();
        ev.expr = after
            .split_once(char::is_whitespace)
            .map_or("", |(_, e)| e)
            .trim()
            .to_string();
    } else {
        return fail(line, "eval must be `instant` or `range`");
    }
    if ev.expr.is_empty() {
        return fail(line, "eval without an expression");
    }
    match modifier {
        "" => {}
        "fail" => ev.fail = Some(TextMatch::Any),
        "ordered" => ev.ordered = true,
        "warn" => ev.warn.push(TextMatch::Any),
        "info" => ev.info.push(TextMatch::Any),
        other => return fail(line, format!("unknown eval modifier {other:?}")),
    }
    let mut j = i + 1;
    while let Some(l) = lines.get(j).filter(|l| !l.is_empty()) {
        let n = j + 1;
        j += 1;
        if let Some(m) = l.strip_prefix("expected_fail_message") {
            ev.fail = Some(TextMatch::Exact(m.trim().to_string()));
            break;
        }
        if let Some(r) = l.strip_prefix("expected_fail_regexp") {
            ev.fail = Some(parse_expect_match(&format!("regex:{r}"), n)?);
            break;
        }
        if let Some(r) = l.strip_prefix("expect range vector") {
            let w: Vec<&str> = r.split_whitespace().collect();
            let times = match w.as_slice() {
                ["from", a, "to", b, "step", c] => {
                    (parse_duration(a), parse_duration(b), parse_duration(c))
                }
                _ => (None, None, None),
            };
            let (Some(a), Some(b), Some(c)) = times else {
                return fail(n, "invalid range vector expectation");
            };
            ev.expected.range_vector = Some((a, b, c));
            continue;
        }
        if let Some(r) = l.strip_prefix("expect string") {
            let r = r.trim();
            let (s, _) = parse_quoted(r, 0).or_else(|e| fail(n, e.to_string()))?;
            ev.expected.string = Some(s);
            continue;
        }
        if l.split(' ').next() == Some("expect") {
            let body = l["expect".len()..].trim_start();
            let (what, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
            let m = parse_expect_match(rest, n)?;
            match what {
                "fail" => ev.fail = Some(m),
                "ordered" => ev.ordered = true,
                "warn" => ev.warn.push(m),
                "info" => ev.info.push(m),
                "no_warn" => ev.no_warn = true,
                "no_info" => ev.no_info = true,
                other => return fail(n, format!("invalid expect type {other:?}")),
            }
            continue;
        }
        if let Some(v) = parse_number(l) {
            ev.expected.scalar = Some(v);
            break;
        }
        let (labels, values) = parse_series_desc(l).or_else(|e| fail(n, e.to_string()))?;
        ev.expected.series.push((labels, values));
    }
    Ok((j, ev))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h30m"), Some(5_400_000));
        assert_eq!(parse_duration("100ms"), Some(100));
        assert_eq!(parse_duration("-1m"), Some(-60_000));
        assert_eq!(parse_duration("10"), Some(10_000));
        assert_eq!(parse_duration("0"), Some(0));
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("-"), None);
    }

    #[test]
    fn reads_a_script() {
        let text = "# comment\nload 5m\n  x{a=\"1\"} 0+1x2\n\neval instant at 10m x\n  x{a=\"1\"} 2\n\neval range from 0 to 10m step 5m rate(x[5m])\n  expect no_warn\n  {a=\"1\"} _ 1 1\n\neval_fail instant at 0 foo(\n\nclear\neval instant at 0 1\n  1\n";
        let cmds = parse_script(text).unwrap();
        assert_eq!(cmds.len(), 6);
        let Command::Load(l) = &cmds[0] else {
            panic!("load")
        };
        assert_eq!((l.interval_ms, l.series.len()), (300_000, 1));
        let Command::Eval(e) = &cmds[1] else {
            panic!("eval")
        };
        assert_eq!((e.at_ms, e.expr.as_str(), e.line), (600_000, "x", 5));
        let Command::Eval(e) = &cmds[2] else {
            panic!("eval")
        };
        assert_eq!(e.range, Some((0, 600_000, 300_000)));
        assert_eq!(e.expr, "rate(x[5m])");
        assert!(e.no_warn);
        let Command::Eval(e) = &cmds[3] else {
            panic!("eval")
        };
        assert!(e.fail.is_some());
        assert!(matches!(cmds[4], Command::Clear));
    }

    #[test]
    fn bad_scripts_are_errors() {
        assert!(parse_script("frobnicate\n").is_err());
        assert!(parse_script("load zz\n").is_err());
        assert!(parse_script("eval sometime x\n").is_err());
        assert!(parse_script("eval instant at 0 x\n  expect maybe\n").is_err());
    }
}
