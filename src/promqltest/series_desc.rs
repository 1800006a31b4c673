//! Series descriptions of test scripts: `metric{label="value"} 0+10x5 _ stale`, the
//! expanding notation Prometheus's test scripts use for loaded and expected samples.

use std::fmt;

use crate::store::{Labels, METRIC_NAME, STALE_NAN};

/// One value of a sequence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SeqValue {
    /// A float (may be the stale marker).
    Float(f64),
    /// `_`: no sample at this step.
    Omitted,
    /// `{{...}}`: a native histogram, which Sonde does not model.
    Histogram,
}

/// Why a series description could not be read; `offset` is a byte offset in the line.
#[derive(Clone, Debug, PartialEq)]
pub struct DescError {
    /// Where in the line.
    pub offset: usize,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for DescError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.offset + 1, self.message)
    }
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, DescError> {
    Err(DescError {
        offset,
        message: message.into(),
    })
}

/// Reads `metric{labels} values...` into labels and the expanded values.
pub fn parse_series_desc(line: &str) -> Result<(Labels, Vec<SeqValue>), DescError> {
    let (labels, rest_at) = parse_labels(line)?;
    let values = parse_values(line.get(rest_at..).unwrap_or(""), rest_at)?;
    Ok((labels, values))
}

/// Reads the labels part; returns them and where the values begin.
pub fn parse_labels(line: &str) -> Result<(Labels, usize), DescError> {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut pairs: Vec<(String, String)> = Vec::new();
    while i < bytes.len() && is_name_char(bytes[i], i == 0) {
        i += 1;
    }
    if i > 0 {
        pairs.push((METRIC_NAME.to_string(), line[..i].to_string()));
    }
    let braces = bytes.get(i) == Some(&b'{');
    if braces {
        i += 1;
        loop {
            i = skip_ws(bytes, i);
            match bytes.get(i) {
                Some(b'}') => {
                    i += 1;
                    break;
                }
                Some(b',') => {
                    i += 1;
                    continue;
                }
                None => return err(i, "unterminated label set"),
                _ => {}
            }
            let name = if matches!(bytes.get(i), Some(b'"') | Some(b'\'')) {
                let (s, next) = parse_quoted(line, i)?;
                i = next;
                s
            } else {
                let start = i;
                while i < bytes.len() && is_name_char(bytes[i], i == start) {
                    i += 1;
                }
                if start == i {
                    return err(i, "expected a label name");
                }
                line[start..i].to_string()
            };
            i = skip_ws(bytes, i);
            if bytes.get(i) != Some(&b'=') {
                // A lone quoted string is the metric name.
                pairs.push((METRIC_NAME.to_string(), name));
                continue;
            }
            i = skip_ws(bytes, i + 1);
            let (value, next) = parse_quoted(line, i)?;
            i = next;
            pairs.push((name, value));
        }
    }
    if pairs.is_empty() && !braces {
        return err(0, "expected a metric name or a label set");
    }
    Ok((Labels::from_pairs(pairs), i))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

fn is_name_char(c: u8, first: bool) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b':' || (!first && c.is_ascii_digit())
}

/// Reads a double- or single-quoted string with Go escapes starting at `i`.
pub fn parse_quoted(line: &str, i: usize) -> Result<(String, usize), DescError> {
    let Some(quote) = line.as_bytes().get(i).copied() else {
        return err(i, "expected a quoted string");
    };
    if quote != b'"' && quote != b'\'' && quote != b'`' {
        return err(i, "expected a quoted string");
    }
    let mut out = String::new();
    let mut chars = line.get(i + 1..).unwrap_or("").char_indices();
    while let Some((k, c)) = chars.next() {
        if c as u32 == u32::from(quote) {
            return Ok((out, i + 1 + k + 1));
        }
        if c == '\\' && quote != b'`' {
            match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, '"')) => out.push('"'),
                Some((_, '\'')) => out.push('\''),
                Some((_, c)) => {
                    out.push('\\');
                    out.push(c);
                }
                None => break,
            }
        } else {
            out.push(c);
        }
    }
    err(i, "unterminated string")
}

/// Expands a space-separated value sequence.
fn parse_values(text: &str, base: usize) -> Result<Vec<SeqValue>, DescError> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut pos = base;
    loop {
        let trimmed = rest.trim_start();
        pos += rest.len() - trimmed.len();
        rest = trimmed;
        if rest.is_empty() {
            break;
        }
        if rest.starts_with("{{") {
            let Some(end) = rest.find("}}") else {
                return err(pos, "unterminated histogram");
            };
            let mut after = &rest[end + 2..];
            // `{{...}}+{{...}}xN`: an increment that is itself a histogram.
            if after.starts_with("+{{") || after.starts_with("-{{") {
                let Some(e2) = after.find("}}") else {
                    return err(pos, "unterminated histogram");
                };
                after = &after[e2 + 2..];
            }
            let mut count = 1;
            if let Some(x) = after.strip_prefix('x') {
                let n: String = x.chars().take_while(char::is_ascii_digit).collect();
                count = n.parse::<usize>().map_or(1, |n| n + 1);
                after = &x[n.len()..];
            }
            out.extend(std::iter::repeat_n(SeqValue::Histogram, count));
            pos += rest.len() - after.len();
            rest = after;
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let item = &rest[..end];
        expand_item(item, pos, &mut out)?;
        pos += end;
        rest = &rest[end..];
    }
    Ok(out)
}

fn expand_item(item: &str, pos: usize, out: &mut Vec<SeqValue>) -> Result<(), DescError> {
    let (head, times) = match item.rfind('x') {
        Some(k)
            if k > 0 && item[k + 1..].chars().all(|c| c.is_ascii_digit()) && k + 1 < item.len() =>
        {
            let n = item[k + 1..]
                .parse::<u64>()
                .or_else(|_| err(pos, "bad repetition count"))?;
            (&item[..k], Some(n))
        }
        _ => (item, None),
    };
    if head == "_" {
        match times {
            Some(n) => out.extend(std::iter::repeat_n(SeqValue::Omitted, n as usize)),
            None => out.push(SeqValue::Omitted),
        }
        return Ok(());
    }
    let Some(n) = times else {
        out.push(SeqValue::Float(parse_number(head).ok_or_else(|| {
            DescError {
                offset: pos,
                message: format!("bad value {head:?}"),
            }
        })?));
        return Ok(());
    };
    // `a+bxn`, `a-bxn` or `axn`: split at a sign that is not an exponent's or leading.
    let split = head
        .char_indices()
        .skip(1)
        .find(|&(k, c)| {
            (c == '+' || c == '-') && !matches!(head.as_bytes().get(k - 1), Some(b'e') | Some(b'E'))
        })
        .map(|(k, _)| k);
    let (start, step) = match split {
        Some(k) => (&head[..k], Some(&head[k..])),
        None => (head, None),
    };
    let mut v = parse_number(start).ok_or_else(|| DescError {
        offset: pos,
        message: format!("bad value {start:?}"),
    })?;
    match step {
        None => out.extend(std::iter::repeat_n(SeqValue::Float(v), n as usize + 1)),
        Some(s) => {
            let d = parse_number(s).ok_or_else(|| DescError {
                offset: pos,
                message: format!("bad increment {s:?}"),
            })?;
            out.push(SeqValue::Float(v));
            for _ in 0..n {
                v += d;
                out.push(SeqValue::Float(v));
            }
        }
    }
    Ok(())
}

/// A number as test scripts write it: decimal, exponent, hex, `Inf`, `NaN`, `stale`.
pub fn parse_number(s: &str) -> Option<f64> {
    if s == "stale" {
        return Some(STALE_NAN);
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let v = if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        u64::from_str_radix(hex, 16).ok()? as f64
    } else {
        match body.to_ascii_lowercase().as_str() {
            "inf" | "infinity" => f64::INFINITY,
            "nan" => f64::NAN,
            _ if body
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')) =>
            {
                body.parse::<f64>().ok()?
            }
            _ => return None,
        }
    };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::is_stale;

    fn floats(v: &[SeqValue]) -> Vec<f64> {
        v.iter()
            .map(|x| match x {
                SeqValue::Float(f) => *f,
                _ => -999.0,
            })
            .collect()
    }

    #[test]
    fn expanding_notation() {
        let (l, v) =
            parse_series_desc("http_requests{job=\"api\", i=\"0\"} 0+10x3 1-1x2 _x2 5x1").unwrap();
        assert_eq!(l.get("__name__"), "http_requests");
        assert_eq!(l.get("job"), "api");
        assert_eq!(
            floats(&v),
            vec![0.0, 10.0, 20.0, 30.0, 1.0, 0.0, -1.0, -999.0, -999.0, 5.0, 5.0]
        );
        assert_eq!(v[7], SeqValue::Omitted);
    }

    #[test]
    fn specials_and_exponents() {
        let (_, v) = parse_series_desc("x 1e3 -Inf NaN stale 0x1 -2e-1+1e-1x1").unwrap();
        let f = floats(&v);
        assert_eq!(f[0], 1000.0);
        assert_eq!(f[1], f64::NEG_INFINITY);
        assert!(f[2].is_nan() && !is_stale(f[2]));
        assert!(is_stale(f[3]));
        assert_eq!((f[4], f[5]), (0.0, 0.0));
        assert!((f[6] + 0.2).abs() < 1e-12 && (f[7] + 0.1).abs() < 1e-12);
    }

    #[test]
    fn quoted_names_and_histograms() {
        let (l, v) = parse_series_desc(
            "{\"my.metric\", a=\"x\\\"y\"} {{schema:0 sum:1}}x2 3 {{a:1}}+{{b:2 c:3}}x1",
        )
        .unwrap();
        assert_eq!(l.get("__name__"), "my.metric");
        assert_eq!(l.get("a"), "x\"y");
        assert_eq!(v.len(), 6);
        assert_eq!(v[0], SeqValue::Histogram);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(parse_series_desc("x{a=\"b\" 1").is_err());
        assert!(parse_series_desc("x 1+zx3").is_err());
        assert!(parse_series_desc(" 1").is_err());
        assert!(parse_series_desc("{} 1").is_ok());
        assert!(parse_series_desc("x abc").is_err());
    }
}
