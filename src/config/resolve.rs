//! What a YAML scalar means, decided as Go's yaml.v2 decides it (YAML 1.1 flavour:
//! `yes`/`on` are booleans, `0x1f` and `010` are integers, `2024-01-02` a timestamp).
//! Prometheus reads its configuration with yaml.v2, so its type errors depend on this.

/// The resolved kind of a scalar.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Resolved {
    /// `~`, `null`, empty.
    Null,
    /// `true`, `yes`, `off`...
    Bool(bool),
    /// An integer (within `i64` or `u64` range).
    Int(i128),
    /// A float, `.inf` and `.nan` included.
    Float(f64),
    /// A date or date-time.
    Timestamp,
    /// Anything else: a string.
    Str,
}

/// A resolved scalar: its tag as yaml.v2 prints it (`!!str`, `!!int`...) and its kind.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Scalar {
    /// The tag, as yaml.v2 prints it.
    pub tag: String,
    /// What the scalar is.
    pub kind: Resolved,
}

/// Resolution failed: an explicit tag that the text does not fit
/// (`!!int abc`: `cannot decode !!str `abc` as a !!int`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TagMismatch {
    /// The tag the text resolves to.
    pub found: String,
    /// The tag written.
    pub wanted: String,
}

const STR: &str = "!!str";

/// Resolves a scalar with its explicit tag (if any) and whether it was written plain.
pub(crate) fn resolve(value: &str, tag: Option<&str>, plain: bool) -> Result<Scalar, TagMismatch> {
    let tag = match tag {
        None if !plain => {
            return Ok(Scalar {
                tag: STR.into(),
                kind: Resolved::Str,
            })
        }
        None => "",
        Some(t) => t,
    };
    if !matches!(
        tag,
        "" | "!!str" | "!!bool" | "!!int" | "!!float" | "!!null" | "!!timestamp"
    ) {
        return Ok(Scalar {
            tag: tag.into(),
            kind: Resolved::Str,
        });
    }
    let (rtag, kind) = resolve_plain(value, tag);
    match tag {
        "" | "!!str" => Ok(Scalar { tag: rtag, kind }),
        t if t == rtag => Ok(Scalar { tag: rtag, kind }),
        "!!float" => match kind {
            Resolved::Int(i) => Ok(Scalar {
                tag: "!!float".into(),
                kind: Resolved::Float(i as f64),
            }),
            _ => Err(TagMismatch {
                found: rtag,
                wanted: tag.into(),
            }),
        },
        _ => Err(TagMismatch {
            found: rtag,
            wanted: tag.into(),
        }),
    }
}

/// yaml.v2's resolution of untagged plain text.
fn resolve_plain(value: &str, tag: &str) -> (String, Resolved) {
    let hint = match value.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint == 0 || tag == STR {
        return (STR.into(), Resolved::Str);
    }
    if let Some(kind) = well_known(value) {
        let t = match kind {
            Resolved::Null => "!!null",
            Resolved::Bool(_) => "!!bool",
            _ => "!!float",
        };
        return (t.into(), kind);
    }
    match hint {
        b'.' => {
            if let Some(f) = go_float(value) {
                return ("!!float".into(), Resolved::Float(f));
            }
        }
        b'D' | b'S' => {
            if (tag.is_empty() || tag == "!!timestamp") && is_timestamp(value) {
                return ("!!timestamp".into(), Resolved::Timestamp);
            }
            let plain: String = value.chars().filter(|c| *c != '_').collect();
            if let Some(i) = go_int(&plain) {
                return ("!!int".into(), Resolved::Int(i));
            }
            if yaml_style_float(&plain) {
                if let Some(f) = go_float(&plain) {
                    return ("!!float".into(), Resolved::Float(f));
                }
            }
        }
        _ => {}
    }
    (STR.into(), Resolved::Str)
}

/// The words yaml.v2 knows: booleans, nulls, infinities and NaN.
fn well_known(value: &str) -> Option<Resolved> {
    Some(match value {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Resolved::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Resolved::Float(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)`: optional sign, `0x`,
/// `0o`, `0b` or leading-`0` octal prefixes.
fn go_int(s: &str) -> Option<i128> {
    let (negative, signed, body) = match s.as_bytes().first() {
        Some(b'-') => (true, true, s.get(1..)?),
        Some(b'+') => (false, true, s.get(1..)?),
        _ => (false, false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower.get(1..)?)
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    let value = if negative {
        -(i128::try_from(magnitude).ok()?)
    } else {
        i128::try_from(magnitude).ok()?
    };
    let fits_signed = value >= i128::from(i64::MIN) && value <= i128::from(i64::MAX);
    let fits_unsigned = !signed && value >= 0 && value <= i128::from(u64::MAX);
    (fits_signed || fits_unsigned).then_some(value)
}

/// yaml.v2's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// A finite decimal float (Go's `ParseFloat` refuses out-of-range values).
fn go_float(s: &str) -> Option<f64> {
    if s.bytes()
        .any(|c| !(c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')))
    {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// yaml.v2's timestamps: `YYYY-M-D`, optionally followed by `T`, `t` or a space and
/// `h:m:s` with optional fraction and zone.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let number = |i: &mut usize, min: usize, max: usize| {
        let start = *i;
        while *i - start < max && b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        let n = *i - start;
        (n >= min).then(|| s.get(start..*i).and_then(|d| d.parse::<u32>().ok()))
    };
    let expect = |i: &mut usize, c: u8| {
        let ok = b.get(*i) == Some(&c);
        if ok {
            *i += 1;
        }
        ok
    };
    let (Some(Some(_)), true) = (number(&mut i, 4, 4), expect(&mut i, b'-')) else {
        return false;
    };
    let month = number(&mut i, 1, 2).flatten();
    if !expect(&mut i, b'-') {
        return false;
    }
    let day = number(&mut i, 1, 2).flatten();
    if !matches!(month, Some(1..=12)) || !matches!(day, Some(1..=31)) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    if !matches!(b.get(i), Some(b'T' | b't' | b' ')) {
        return false;
    }
    i += 1;
    let hour = number(&mut i, 1, 2).flatten();
    let min_ok = expect(&mut i, b':') && matches!(number(&mut i, 1, 2).flatten(), Some(0..=59));
    let sec_ok = expect(&mut i, b':') && matches!(number(&mut i, 1, 2).flatten(), Some(0..=59));
    if !matches!(hour, Some(0..=23)) || !min_ok || !sec_ok {
        return false;
    }
    if expect(&mut i, b'.') && number(&mut i, 1, 9).is_none() {
        return false;
    }
    let zone = s.get(i..).unwrap_or("");
    zone.is_empty()
        || zone == "Z"
        || (zone.len() == 6
            && matches!(zone.as_bytes().first(), Some(b'+' | b'-'))
            && zone.as_bytes().get(3) == Some(&b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(v: &str) -> Resolved {
        resolve(v, None, true).unwrap().kind
    }

    #[test]
    fn plain_scalars_resolve_like_yaml_v2() {
        assert_eq!(kind("true"), Resolved::Bool(true));
        assert_eq!(kind("yes"), Resolved::Bool(true));
        assert_eq!(kind("Off"), Resolved::Bool(false));
        assert_eq!(kind("maybe"), Resolved::Str);
        assert_eq!(kind(""), Resolved::Null);
        assert_eq!(kind("~"), Resolved::Null);
        assert_eq!(kind("15"), Resolved::Int(15));
        assert_eq!(kind("-1"), Resolved::Int(-1));
        assert_eq!(kind("0x1f"), Resolved::Int(31));
        assert_eq!(kind("010"), Resolved::Int(8));
        assert_eq!(kind("1_000"), Resolved::Int(1000));
        assert_eq!(
            kind("18446744073709551615"),
            Resolved::Int(i128::from(u64::MAX))
        );
        assert_eq!(
            kind("18446744073709551616"),
            Resolved::Float(18446744073709551616.0)
        );
        assert_eq!(kind("1.5"), Resolved::Float(1.5));
        assert_eq!(kind(".5"), Resolved::Float(0.5));
        assert_eq!(kind("1e400"), Resolved::Str);
        assert_eq!(kind("15s"), Resolved::Str);
        assert_eq!(kind("localhost:8000"), Resolved::Str);
        assert_eq!(kind("2024-01-02"), Resolved::Timestamp);
        assert_eq!(kind("2024-1-2T10:00:00Z"), Resolved::Timestamp);
        assert_eq!(kind("2024-13-02"), Resolved::Str);
        assert!(matches!(kind(".nan"), Resolved::Float(f) if f.is_nan()));
    }

    #[test]
    fn quoted_and_tagged_scalars() {
        assert_eq!(resolve("true", None, false).unwrap().kind, Resolved::Str);
        let s = resolve("12", Some("!!int"), false).unwrap();
        assert_eq!((s.tag.as_str(), s.kind), ("!!int", Resolved::Int(12)));
        let s = resolve("12", Some("!!float"), true).unwrap();
        assert_eq!(s.kind, Resolved::Float(12.0));
        let s = resolve("x", Some("!foo"), true).unwrap();
        assert_eq!((s.tag.as_str(), s.kind), ("!foo", Resolved::Str));
        assert_eq!(
            resolve("abc", Some("!!int"), true),
            Err(TagMismatch {
                found: "!!str".into(),
                wanted: "!!int".into()
            })
        );
        assert_eq!(
            resolve("true", Some("!!str"), true).unwrap().kind,
            Resolved::Str
        );
    }
}
