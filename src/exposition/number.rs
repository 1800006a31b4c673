//! Numbers of the text format read as Prometheus reads them: values with Go's
//! `strconv.ParseFloat` (minus hex floats and `_`, which Prometheus refuses), timestamps
//! with `strconv.ParseInt`.

use super::parse_error::ParseErrorKind;

/// Reads a sample value. NaN comes back as the ordinary NaN (never the staleness marker).
pub(crate) fn parse_value(text: &str) -> Result<f64, ParseErrorKind> {
    if text.bytes().any(|b| matches!(b, b'p' | b'P' | b'_')) {
        return Err(ParseErrorKind::UnsupportedFloatCharacter(text.to_string()));
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let special = unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity");
    // Go reads `inf`/`infinity` with a sign but `nan` only without; Rust would take more
    // (`+nan`), and nothing else that Go refuses.
    if unsigned.eq_ignore_ascii_case("nan") {
        return if unsigned.len() == text.len() {
            Ok(f64::NAN)
        } else {
            Err(ParseErrorKind::InvalidValue(text.to_string()))
        };
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_infinite() && !special => {
            Err(ParseErrorKind::ValueOutOfRange(text.to_string()))
        }
        Ok(v) => Ok(v),
        Err(_) => Err(ParseErrorKind::InvalidValue(text.to_string())),
    }
}

/// Reads a timestamp (the lexer guarantees digits only).
pub(crate) fn parse_timestamp(text: &str) -> Result<i64, ParseErrorKind> {
    text.parse::<i64>()
        .map_err(|_| ParseErrorKind::TimestampOutOfRange(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_go_reads() {
        for (text, v) in [
            ("3", 3.0),
            ("-1.5", -1.5),
            ("1e+06", 1e6),
            ("2.811904E+07", 2.811904e7),
            (".5", 0.5),
            ("5.", 5.0),
            ("+Inf", f64::INFINITY),
            ("-inf", f64::NEG_INFINITY),
            ("Infinity", f64::INFINITY),
            ("1e-400", 0.0),
        ] {
            assert_eq!(parse_value(text), Ok(v), "{text}");
        }
        assert!(parse_value("NaN").is_ok_and(f64::is_nan));
        assert!(parse_value("nan").is_ok_and(f64::is_nan));
    }

    #[test]
    fn refuses_what_prometheus_refuses() {
        use ParseErrorKind::*;
        for (text, kind) in [
            ("abc", InvalidValue("abc".into())),
            ("+NaN", InvalidValue("+NaN".into())),
            ("1,5", InvalidValue("1,5".into())),
            (".", InvalidValue(".".into())),
            ("1e", InvalidValue("1e".into())),
            ("0x10", InvalidValue("0x10".into())),
            ("3.0\r", InvalidValue("3.0\r".into())),
            ("0x1p3", UnsupportedFloatCharacter("0x1p3".into())),
            ("1_000", UnsupportedFloatCharacter("1_000".into())),
            ("1e400", ValueOutOfRange("1e400".into())),
            ("-1e400", ValueOutOfRange("-1e400".into())),
        ] {
            assert_eq!(parse_value(text), Err(kind), "{text}");
        }
        assert_eq!(parse_timestamp("1700000000000"), Ok(1_700_000_000_000));
        assert_eq!(
            parse_timestamp("99999999999999999999"),
            Err(TimestampOutOfRange("99999999999999999999".into()))
        );
    }
}
