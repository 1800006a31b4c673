//! The functions a rule template may call: Go's built-ins (`printf`, `eq`, `index`...)
//! and Prometheus's (`humanize`, `humanizeDuration`, `query`...), with Go's argument
//! checks and Prometheus's outputs.

use crate::go::quote::go_quote;

use super::printf::{format_float, sprintf};
use super::value::{go_time, QuerySample, Val};

/// How many arguments a function takes.
#[derive(Clone, Copy)]
enum Arity {
    Exactly(usize),
    AtLeast(usize),
}

/// Every function known to the parser, Go's first, then Prometheus's.
const FUNCTIONS: [(&str, Arity); 45] = [
    ("and", Arity::AtLeast(1)),
    ("call", Arity::AtLeast(1)),
    ("html", Arity::AtLeast(0)),
    ("index", Arity::AtLeast(1)),
    ("slice", Arity::AtLeast(1)),
    ("js", Arity::AtLeast(0)),
    ("len", Arity::Exactly(1)),
    ("not", Arity::Exactly(1)),
    ("or", Arity::AtLeast(1)),
    ("print", Arity::AtLeast(0)),
    ("printf", Arity::AtLeast(1)),
    ("println", Arity::AtLeast(0)),
    ("urlquery", Arity::AtLeast(0)),
    ("eq", Arity::AtLeast(1)),
    ("ge", Arity::Exactly(2)),
    ("gt", Arity::Exactly(2)),
    ("le", Arity::Exactly(2)),
    ("lt", Arity::Exactly(2)),
    ("ne", Arity::Exactly(2)),
    ("query", Arity::Exactly(1)),
    ("first", Arity::Exactly(1)),
    ("label", Arity::Exactly(2)),
    ("value", Arity::Exactly(1)),
    ("strvalue", Arity::Exactly(1)),
    ("args", Arity::AtLeast(0)),
    ("reReplaceAll", Arity::Exactly(3)),
    ("safeHtml", Arity::Exactly(1)),
    ("match", Arity::Exactly(2)),
    ("title", Arity::Exactly(1)),
    ("toUpper", Arity::Exactly(1)),
    ("toLower", Arity::Exactly(1)),
    ("graphLink", Arity::Exactly(1)),
    ("tableLink", Arity::Exactly(1)),
    ("sortByLabel", Arity::Exactly(2)),
    ("stripPort", Arity::Exactly(1)),
    ("stripDomain", Arity::Exactly(1)),
    ("humanize", Arity::Exactly(1)),
    ("humanize1024", Arity::Exactly(1)),
    ("humanizeDuration", Arity::Exactly(1)),
    ("humanizePercentage", Arity::Exactly(1)),
    ("humanizeTimestamp", Arity::Exactly(1)),
    ("toTime", Arity::Exactly(1)),
    ("pathPrefix", Arity::Exactly(0)),
    ("externalURL", Arity::Exactly(0)),
    ("parseDuration", Arity::Exactly(1)),
];

/// Whether `name` is a function a template may call.
pub(super) fn is_function(name: &str) -> bool {
    FUNCTIONS.iter().any(|(n, _)| *n == name)
}

/// Runs a PromQL query for the template's `query` function.
pub type QueryFn<'a> = dyn Fn(&str) -> Result<Vec<QuerySample>, String> + 'a;

/// What the functions may reach besides their arguments.
pub(super) struct Env<'a> {
    /// The value of `externalURL`.
    pub external_url: &'a str,
    /// Runs `query`; `None` makes it fail.
    pub query: Option<&'a QueryFn<'a>>,
}

/// Why a call failed, in Go's words.
#[derive(Debug, PartialEq)]
pub(super) enum CallError {
    /// `wrong number of args for NAME: want N got M` (or `want at least`).
    Arity(String),
    /// `wrong type for value; expected string; got float64`.
    Type(String),
    /// `error calling NAME: ...`.
    Failed(String),
}

/// Checks the argument count: `given` is how many were written, `piped` whether a
/// pipeline adds one.
pub(super) fn check_arity(name: &str, given: usize, piped: bool) -> Result<(), CallError> {
    let n = given + usize::from(piped);
    match FUNCTIONS.iter().find(|(f, _)| *f == name).map(|(_, a)| *a) {
        Some(Arity::Exactly(want)) if want != n => Err(CallError::Arity(format!(
            "wrong number of args for {name}: want {want} got {n}"
        ))),
        Some(Arity::AtLeast(want)) if n < want => Err(CallError::Arity(format!(
            "wrong number of args for {name}: want at least {want} got {given}"
        ))),
        _ => Ok(()),
    }
}

fn failed(e: impl std::fmt::Display) -> CallError {
    CallError::Failed(e.to_string())
}

/// A `string` parameter.
fn string_arg(v: &Val) -> Result<&str, CallError> {
    match v {
        Val::Str(s) => Ok(s),
        Val::Missing => Err(CallError::Type("invalid value; expected string".into())),
        other => Err(CallError::Type(format!(
            "wrong type for value; expected string; got {}",
            other.type_name()
        ))),
    }
}

/// A `*sample` parameter.
fn sample_arg(v: &Val) -> Result<&QuerySample, CallError> {
    match v {
        Val::Sample(s) => Ok(s),
        other => Err(CallError::Type(format!(
            "wrong type for value; expected *template.sample; got {}",
            other.type_name()
        ))),
    }
}

/// A `queryResult` parameter.
fn samples_arg(v: &Val) -> Result<&[QuerySample], CallError> {
    match v {
        Val::Samples(s) => Ok(s),
        other => Err(CallError::Type(format!(
            "wrong type for value; expected template.queryResult; got {}",
            other.type_name()
        ))),
    }
}

/// prometheus/common's `ConvertToFloat`.
fn to_float(v: &Val) -> Result<f64, CallError> {
    match v {
        Val::Float(f) => Ok(*f),
        Val::Int(i) => Ok(*i as f64),
        Val::Str(s) => parse_float(s).map_err(failed),
        other => Err(failed(format!(
            "can't convert {} to float",
            other.type_name()
        ))),
    }
}

/// Go's `strconv.ParseFloat(s, 64)`.
fn parse_float(s: &str) -> Result<f64, String> {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-'));
    match s.parse::<f64>() {
        Ok(f) if plain => Ok(f),
        _ => Err(format!(
            "strconv.ParseFloat: parsing {}: invalid syntax",
            go_quote(s)
        )),
    }
}

/// `%.4g` followed by a unit prefix, as `humanize` writes.
fn g4(v: f64) -> String {
    format_float(v, 'g', Some(4))
}

/// Prefixes for large numbers, by powers of 1000 (1024 with the `i` ones).
const BIG: [&str; 8] = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
const BIG_1024: [&str; 8] = ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];
/// Prefixes for small numbers, by powers of 1/1000.
const SMALL: [&str; 8] = ["m", "u", "n", "p", "f", "a", "z", "y"];

/// Divides `v` by `base` while it is at least `base` (up to the last prefix), or
/// multiplies it by 1000 while it is below 1 (`base` 0): the scaled value and its prefix.
fn scaled(mut v: f64, base: f64, prefixes: &[&'static str]) -> (f64, &'static str) {
    let mut prefix = "";
    for p in prefixes {
        let done = if base > 0.0 {
            v.abs() < base
        } else {
            v.abs() >= 1.0
        };
        if done {
            break;
        }
        prefix = p;
        v = if base > 0.0 { v / base } else { v * 1000.0 };
    }
    (v, prefix)
}

fn humanize(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return g4(v);
    }
    let (v, prefix) = if v.abs() >= 1.0 {
        scaled(v, 1000.0, &BIG)
    } else {
        scaled(v, 0.0, &SMALL)
    };
    format!("{}{prefix}", g4(v))
}

fn humanize_1024(v: f64) -> String {
    if v.abs() <= 1.0 || !v.is_finite() {
        return g4(v);
    }
    let (v, prefix) = scaled(v, 1024.0, &BIG_1024);
    format!("{}{prefix}", g4(v))
}

/// prometheus/common's `HumanizeDuration` (seconds in, `1d 2h 3m 4s` out).
pub(super) fn humanize_duration(v: f64) -> String {
    if !v.is_finite() {
        return g4(v);
    }
    if v == 0.0 {
        return format!("{}s", g4(v));
    }
    if v.abs() >= 1.0 {
        let sign = if v < 0.0 { "-" } else { "" };
        let v = v.abs();
        let d = v as i64;
        let (days, hours, minutes, seconds) = (d / 86_400, d / 3600 % 24, d / 60 % 60, d % 60);
        return if days != 0 {
            format!("{sign}{days}d {hours}h {minutes}m {seconds}s")
        } else if hours != 0 {
            format!("{sign}{hours}h {minutes}m {seconds}s")
        } else if minutes != 0 {
            format!("{sign}{minutes}m {seconds}s")
        } else {
            format!("{sign}{}s", g4(v))
        };
    }
    let (v, prefix) = scaled(v, 0.0, &SMALL);
    format!("{}{prefix}s", g4(v))
}

/// Go's `url.QueryEscape`.
fn query_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Go's `fmt.Sprint`: spaces between operands when neither is a string.
fn sprint(args: &[Val]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_str = |v: &Val| matches!(v, Val::Str(_));
        if i > 0 && !is_str(a) && args.get(i - 1).is_some_and(|p| !is_str(p)) {
            out.push(' ');
        }
        out.push_str(&printed(a));
    }
    out
}

/// An argument as `fmt` prints it (a nil interface is `<nil>`).
fn printed(v: &Val) -> String {
    match v {
        Val::Missing => "<nil>".into(),
        other => other.print(),
    }
}

fn html_escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '&' => "&amp;".into(),
            '\'' => "&#39;".into(),
            '"' => "&#34;".into(),
            '\0' => "\u{fffd}".into(),
            c => c.to_string(),
        })
        .collect()
}

fn js_escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\\' => "\\\\".into(),
            '\'' => "\\'".into(),
            '"' => "\\\"".into(),
            '<' | '>' | '&' | '=' => format!("\\u{:04X}", c as u32),
            c if (c as u32) < 0x20 => format!("\\u{:04X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Go's `strings.Title`: the first letter of each word in upper case.
fn title(s: &str) -> String {
    let mut out = String::new();
    let mut prev_sep = true;
    for c in s.chars() {
        if prev_sep {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_sep = if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            c.is_whitespace()
        };
    }
    out
}

/// Go's `net.SplitHostPort`, or `None` when the text has no port.
fn split_host_port(s: &str) -> Option<(String, String)> {
    if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return Some((host.to_string(), after.strip_prefix(':')?.to_string()));
    }
    let (host, port) = s.rsplit_once(':')?;
    if host.contains(':') {
        return None;
    }
    Some((host.to_string(), port.to_string()))
}

fn strip_domain(s: &str) -> String {
    let (host, port) = split_host_port(s).unwrap_or_else(|| (s.to_string(), String::new()));
    if host.parse::<std::net::IpAddr>().is_ok() {
        return s.to_string();
    }
    let short = host.split('.').next().unwrap_or("").to_string();
    match (port.is_empty(), short.contains(':')) {
        (true, _) => short,
        (false, true) => format!("[{short}]:{port}"),
        (false, false) => format!("{short}:{port}"),
    }
}

/// The kind of a value for Go's comparisons.
#[derive(PartialEq, Clone, Copy)]
enum Kind {
    Bool,
    Int,
    Float,
    Str,
}

fn kind(v: &Val) -> Option<Kind> {
    match v {
        Val::Bool(_) => Some(Kind::Bool),
        Val::Int(_) => Some(Kind::Int),
        Val::Float(_) => Some(Kind::Float),
        Val::Str(_) => Some(Kind::Str),
        _ => None,
    }
}

const BAD_COMPARISON: &str = "incompatible types for comparison";
const BAD_COMPARISON_TYPE: &str = "invalid type for comparison";

/// `a == b` for two basic values of the same kind.
fn equal(a: &Val, b: &Val) -> Result<bool, CallError> {
    match (kind(a), kind(b)) {
        (Some(x), Some(y)) if x != y => Err(failed(BAD_COMPARISON)),
        (Some(_), Some(_)) => Ok(a == b),
        (None, _) | (_, None) if matches!(a, Val::Missing) || matches!(b, Val::Missing) => {
            Ok(false)
        }
        _ => Err(failed(BAD_COMPARISON_TYPE)),
    }
}

/// `a < b` for two ordered basic values of the same kind.
fn less(a: &Val, b: &Val) -> Result<bool, CallError> {
    match (a, b) {
        (Val::Int(x), Val::Int(y)) => Ok(x < y),
        (Val::Float(x), Val::Float(y)) => Ok(x < y),
        (Val::Str(x), Val::Str(y)) => Ok(x < y),
        _ => match (kind(a), kind(b)) {
            (Some(Kind::Bool), _) | (_, Some(Kind::Bool)) | (None, _) | (_, None) => {
                Err(failed(BAD_COMPARISON_TYPE))
            }
            _ => Err(failed(BAD_COMPARISON)),
        },
    }
}

fn index(item: &Val, keys: &[Val]) -> Result<Val, CallError> {
    let mut item = item.clone();
    for key in keys {
        item = match (&item, key) {
            (Val::Labels(m), Val::Str(k)) => Val::Str(
                m.iter()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
            ),
            (Val::Dict(m), Val::Str(k)) => m
                .iter()
                .find(|(n, _)| n == k)
                .map_or(Val::Nil, |(_, v)| v.clone()),
            (Val::Samples(s), Val::Int(i)) => match usize::try_from(*i).ok().and_then(|i| s.get(i))
            {
                Some(s) => Val::Sample(s.clone()),
                None => return Err(failed(format!("index out of range: {i}"))),
            },
            (Val::Labels(_) | Val::Dict(_), other) => {
                return Err(failed(format!(
                    "value has type {}; should be string",
                    other.type_name()
                )))
            }
            (other, _) => {
                return Err(failed(format!(
                    "can't index item of type {}",
                    other.type_name()
                )))
            }
        };
    }
    Ok(item)
}

/// Calls `name` with its evaluated arguments (the piped value last).
pub(super) fn call(name: &str, args: &[Val], env: &Env) -> Result<Val, CallError> {
    let arg = |i: usize| args.get(i).unwrap_or(&Val::Missing);
    let float = |i: usize| to_float(arg(i));
    Ok(match name {
        "and" => args
            .iter()
            .find(|a| !a.is_true())
            .or(args.last())
            .cloned()
            .unwrap_or(Val::Missing),
        "or" => args
            .iter()
            .find(|a| a.is_true())
            .or(args.last())
            .cloned()
            .unwrap_or(Val::Missing),
        "not" => Val::Bool(!arg(0).is_true()),
        "len" => match arg(0) {
            Val::Str(s) => Val::Int(s.len() as i64),
            Val::Labels(m) => Val::Int(m.len() as i64),
            Val::Dict(m) => Val::Int(m.len() as i64),
            Val::Samples(s) => Val::Int(s.len() as i64),
            other => return Err(failed(format!("len of type {}", other.type_name()))),
        },
        "index" => index(arg(0), args.get(1..).unwrap_or(&[]))?,
        "print" => Val::Str(sprint(args)),
        "println" => {
            let parts: Vec<String> = args.iter().map(printed).collect();
            Val::Str(format!("{}\n", parts.join(" ")))
        }
        "printf" => Val::Str(sprintf(string_arg(arg(0))?, args.get(1..).unwrap_or(&[]))),
        "html" => Val::Str(html_escape(&sprint(args))),
        "js" => Val::Str(js_escape(&sprint(args))),
        "urlquery" => Val::Str(query_escape(&sprint(args))),
        "eq" => {
            if args.len() < 2 {
                return Err(failed("missing argument for comparison"));
            }
            let mut any = false;
            for b in args.iter().skip(1) {
                any |= equal(arg(0), b)?;
            }
            Val::Bool(any)
        }
        "ne" => Val::Bool(!equal(arg(0), arg(1))?),
        "lt" => Val::Bool(less(arg(0), arg(1))?),
        "le" => Val::Bool(less(arg(0), arg(1))? || equal(arg(0), arg(1))?),
        "gt" => Val::Bool(!(less(arg(0), arg(1))? || equal(arg(0), arg(1))?)),
        "ge" => Val::Bool(!less(arg(0), arg(1))?),
        "humanize" => Val::Str(humanize(float(0)?)),
        "humanize1024" => Val::Str(humanize_1024(float(0)?)),
        "humanizeDuration" => Val::Str(humanize_duration(float(0)?)),
        "humanizePercentage" => Val::Str(format!("{}%", g4(float(0)? * 100.0))),
        "humanizeTimestamp" => {
            let v = float(0)?;
            Val::Str(if v.is_finite() { go_time(v) } else { g4(v) })
        }
        "toTime" => {
            let v = float(0)?;
            if !v.is_finite() {
                return Err(failed("value is NaN or Inf"));
            }
            Val::Time(v)
        }
        "title" => Val::Str(title(string_arg(arg(0))?)),
        "toUpper" => Val::Str(string_arg(arg(0))?.to_uppercase()),
        "toLower" => Val::Str(string_arg(arg(0))?.to_lowercase()),
        "safeHtml" => Val::Str(string_arg(arg(0))?.to_string()),
        "stripPort" => {
            let s = string_arg(arg(0))?;
            Val::Str(split_host_port(s).map_or_else(|| s.to_string(), |(h, _)| h))
        }
        "stripDomain" => Val::Str(strip_domain(string_arg(arg(0))?)),
        "graphLink" | "tableLink" => Val::Str(format!(
            "/graph?g0.expr={}&g0.tab={}",
            query_escape(string_arg(arg(0))?),
            u8::from(name == "tableLink")
        )),
        "pathPrefix" => Val::Str(String::new()),
        "externalURL" => Val::Str(env.external_url.to_string()),
        "parseDuration" => {
            let ms = crate::go::duration::parse_duration(string_arg(arg(0))?)
                .map_err(|e| failed(e.message(crate::lang::Lang::En)))?;
            Val::Float(ms as f64 / 1000.0)
        }
        "reReplaceAll" => {
            let re = regex_lite::Regex::new(string_arg(arg(0))?).map_err(failed)?;
            let repl = string_arg(arg(1))?;
            Val::Str(re.replace_all(string_arg(arg(2))?, repl).into_owned())
        }
        "match" => {
            let re = regex_lite::Regex::new(string_arg(arg(0))?)
                .map_err(|e| failed(format!("error parsing regexp: {e}")))?;
            Val::Bool(re.is_match(string_arg(arg(1))?))
        }
        "args" => Val::Dict(
            args.iter()
                .enumerate()
                .map(|(i, v)| (format!("arg{i}"), v.clone()))
                .collect(),
        ),
        "query" => {
            let q = string_arg(arg(0))?;
            let run = env.query.ok_or_else(|| failed("no query engine"))?;
            Val::Samples(run(q).map_err(failed)?)
        }
        "first" => match samples_arg(arg(0))?.first() {
            Some(s) => Val::Sample(s.clone()),
            None => return Err(failed("first() called on vector with no elements")),
        },
        "label" => {
            let name = string_arg(arg(0))?;
            let s = sample_arg(arg(1))?;
            Val::Str(
                s.labels
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
            )
        }
        "value" => Val::Float(sample_arg(arg(0))?.value),
        "strvalue" => Val::Str(
            sample_arg(arg(0))?
                .labels
                .iter()
                .find(|(n, _)| n == "__value__")
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
        ),
        "sortByLabel" => {
            let name = string_arg(arg(0))?;
            let mut v = samples_arg(arg(1))?.to_vec();
            let key = |s: &QuerySample| {
                s.labels
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            crate::order::sort_by_key(&mut v, key);
            Val::Samples(v)
        }
        other => {
            return Err(failed(format!(
                "{other} is not available in Sonde's templates"
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Env<'static> {
        Env {
            external_url: "http://localhost:9090",
            query: None,
        }
    }

    fn run(name: &str, args: &[Val]) -> String {
        match call(name, args, &env()) {
            Ok(v) => v.print(),
            Err(e) => format!("{e:?}"),
        }
    }

    #[test]
    fn humanize_family_as_prometheus_tests_it() {
        let each = |f: &str, inputs: &[f64]| {
            inputs
                .iter()
                .map(|v| run(f, &[Val::Float(*v)]))
                .collect::<Vec<_>>()
                .join(":")
        };
        assert_eq!(
            each("humanize", &[0.0, 1.0, 1234567.0, 0.12]),
            "0:1:1.235M:120m"
        );
        assert_eq!(
            each("humanize1024", &[0.0, 1.0, 1048576.0, 0.12]),
            "0:1:1Mi:0.12"
        );
        assert_eq!(
            each(
                "humanizeDuration",
                &[0.0, 1.0, 60.0, 3600.0, 86400.0, 90000.0, -183845.0, 899.99]
            ),
            "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s"
        );
        assert_eq!(
            each(
                "humanizeDuration",
                &[0.1, 0.0001, 0.12345, 60.1, 1.2345, 12.345]
            ),
            "100ms:100us:123.5ms:1m 0s:1.234s:12.35s"
        );
        assert_eq!(
            each("humanizePercentage", &[-0.22222, 0.0, 0.1234567, 1.23456]),
            "-22.22%:0%:12.35%:123.5%"
        );
        assert_eq!(
            each("humanize", &[f64::INFINITY, f64::NEG_INFINITY, f64::NAN]),
            "+Inf:-Inf:NaN"
        );
        assert_eq!(run("humanize", &[Val::Str("1234567.0".into())]), "1.235M");
        assert_eq!(run("humanize", &[Val::Int(-1)]), "-1");
        assert_eq!(
            run("humanize", &[Val::Str("one".into())]),
            "Failed(\"strconv.ParseFloat: parsing \\\"one\\\": invalid syntax\")"
        );
    }

    #[test]
    fn go_builtins() {
        assert_eq!(run("gt", &[Val::Float(2.0), Val::Float(1.0)]), "true");
        assert_eq!(
            run("gt", &[Val::Float(2.0), Val::Int(1)]),
            "Failed(\"incompatible types for comparison\")"
        );
        assert_eq!(
            run(
                "eq",
                &[
                    Val::Str("a".into()),
                    Val::Str("b".into()),
                    Val::Str("a".into())
                ]
            ),
            "true"
        );
        assert_eq!(run("and", &[Val::Int(1), Val::Str(String::new())]), "");
        assert_eq!(run("or", &[Val::Str(String::new()), Val::Int(2)]), "2");
        assert_eq!(run("len", &[Val::Str("abc".into())]), "3");
        let labels = Val::Labels(vec![("job".into(), "app".into())]);
        assert_eq!(
            run("index", &[labels.clone(), Val::Str("job".into())]),
            "app"
        );
        assert_eq!(run("index", &[labels, Val::Str("x".into())]), "");
        assert_eq!(
            run("print", &[Val::Int(1), Val::Int(2), Val::Str("a".into())]),
            "1 2a"
        );
        assert_eq!(run("urlquery", &[Val::Str("a b&c".into())]), "a+b%26c");
        assert_eq!(run("html", &[Val::Str("<a>".into())]), "&lt;a&gt;");
    }

    #[test]
    fn prometheus_string_helpers() {
        let s = |v: &str| Val::Str(v.into());
        assert_eq!(run("title", &[s("hello world")]), "Hello World");
        assert_eq!(run("stripPort", &[s("localhost:8000")]), "localhost");
        assert_eq!(run("stripPort", &[s("localhost")]), "localhost");
        assert_eq!(run("stripDomain", &[s("web.example.com:80")]), "web:80");
        assert_eq!(run("stripDomain", &[s("10.0.0.1:80")]), "10.0.0.1:80");
        assert_eq!(
            run("reReplaceAll", &[s("(.*):.*"), s("$1"), s("host:80")]),
            "host"
        );
        assert_eq!(run("match", &[s("^a"), s("abc")]), "true");
        assert_eq!(run("parseDuration", &[s("1m30s")]), "90");
        assert_eq!(
            run("graphLink", &[s("up == 0")]),
            "/graph?g0.expr=up+%3D%3D+0&g0.tab=0"
        );
        assert_eq!(run("externalURL", &[]), "http://localhost:9090");
        assert_eq!(
            run("toUpper", &[Val::Float(1.0)]),
            "Type(\"wrong type for value; expected string; got float64\")"
        );
        assert_eq!(
            check_arity("humanize", 0, false),
            Err(CallError::Arity(
                "wrong number of args for humanize: want 1 got 0".into()
            ))
        );
        assert!(check_arity("humanize", 0, true).is_ok());
    }
}
