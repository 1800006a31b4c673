//! Number literals' values, read as Prometheus reads them.

use crate::promql::parse_error::ParseErrorKind;

/// A number literal's value, as Prometheus reads it: integers (hex, octal with a leading
/// `0`, `_` separators) first, then floats.
pub fn parse_number(text: &str) -> Result<f64, ParseErrorKind> {
    let lower = text.to_ascii_lowercase();
    if lower == "inf" {
        return Ok(f64::INFINITY);
    }
    if lower == "nan" {
        return Ok(f64::NAN);
    }
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    if let Some(hex) = clean
        .strip_prefix("0x")
        .or_else(|| clean.strip_prefix("0X"))
    {
        return u64::from_str_radix(hex, 16)
            .ok()
            .filter(|v| *v <= i64::MAX as u64)
            .map(|v| v as f64)
            .ok_or_else(|| ParseErrorKind::InvalidNumber(text.to_string()));
    }
    if clean.len() > 1 && clean.starts_with('0') && clean.bytes().all(|b| b.is_ascii_digit()) {
        if let Some(Ok(v)) = clean.get(1..).map(|o| i64::from_str_radix(o, 8)) {
            return Ok(v as f64);
        }
    }
    match clean.parse::<f64>() {
        Ok(v) if v.is_infinite() => Err(ParseErrorKind::NumberOutOfRange(text.to_string())),
        Ok(v) => Ok(v),
        Err(_) => Err(ParseErrorKind::InvalidNumber(text.to_string())),
    }
}
