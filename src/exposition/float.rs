//! Sample values written as prometheus_client 0.26 writes them (its `floatToGoString`):
//! Python's `repr` of the float (shortest round-trip digits), except that positive values
//! with seven or more integer digits switch to an exponent as Go would (`1e+06`), and the
//! special values read `+Inf`, `-Inf` and `NaN`.

use crate::go::float::non_finite_text;

/// Python's exponent threshold: `repr` uses scientific notation when the decimal exponent
/// is below -4 or at least 16.
const PY_MIN_FIXED_EXP: i32 = -4;
const PY_MAX_FIXED_EXP: i32 = 16;

/// Writes `v` exactly as prometheus_client 0.26 writes a sample value.
///
/// ```
/// use sonde::exposition::format_float;
/// assert_eq!(format_float(3.0), "3.0");
/// assert_eq!(format_float(28119040.0), "2.811904e+07");
/// assert_eq!(format_float(f64::INFINITY), "+Inf");
/// ```
pub fn format_float(v: f64) -> String {
    let mut out = String::new();
    push_float(&mut out, v);
    out
}

/// Appends `v` to `out` as [`format_float`] writes it.
pub(super) fn push_float(out: &mut String, v: f64) {
    if let Some(text) = non_finite_text(v) {
        out.push_str(text);
    } else if let Some(whole) = whole_number(v) {
        push_whole(out, v, whole);
    } else if v == 0.0 {
        out.push_str(if v.is_sign_negative() { "-0.0" } else { "0.0" });
    } else {
        RECENT.with_borrow_mut(|recent| {
            let slot = &mut recent[recent_slot(v)];
            // Empty slots hold the bits of +0.0, which never comes here.
            if slot.0 != v.to_bits() {
                let mut repr = Buf::default();
                python_repr(v, &mut repr);
                slot.1 = Buf::default();
                push_with_go_exponent(&mut slot.1, v, repr.as_str());
                slot.0 = v.to_bits();
            }
            out.push_str(slot.1.as_str());
        });
    }
}

std::thread_local! {
    /// The texts of recently written fractional values, by bits: a page repeats most of
    /// them at every scrape (the process's start time, `_created`, bucket bounds), and
    /// finding the shortest digits is the writer's costliest step.
    static RECENT: std::cell::RefCell<[(u64, Buf); 32]> =
        std::cell::RefCell::new(std::array::from_fn(|_| (0, Buf::default())));
}

/// Where `v`'s text is kept in [`RECENT`].
fn recent_slot(v: f64) -> usize {
    let bits = v.to_bits();
    ((bits ^ (bits >> 29) ^ (bits >> 47)) & 31) as usize
}

/// The value as an integer when it is one below Python's exponent threshold (1e16), the
/// common case of counters: its text needs no float formatting.
fn whole_number(v: f64) -> Option<i64> {
    const LIMIT: f64 = 1e16;
    (v.fract() == 0.0 && v.abs() < LIMIT && v != 0.0).then_some(v as i64)
}

/// A whole number's text: `repr` gives `375.0`; with seven or more digits, the library's
/// exponent as in [`push_with_go_exponent`].
fn push_whole(out: &mut String, v: f64, whole: i64) {
    let mut buf = [0u8; 20];
    let digits = decimal_digits(whole.unsigned_abs(), &mut buf);
    if v > 0.0 && whole >= 1_000_000 {
        let significant = digits.trim_end_matches('0');
        out.push_str(&significant[..1]);
        if significant.len() > 1 {
            out.push('.');
            out.push_str(&significant[1..]);
        }
        out.push_str("e+0");
        let mut exp = [0u8; 20];
        out.push_str(decimal_digits(digits.len() as u64 - 1, &mut exp));
    } else {
        if whole < 0 {
            out.push('-');
        }
        out.push_str(digits);
        out.push_str(".0");
    }
}

/// The decimal digits of `n`, written at the end of `buf`.
fn decimal_digits(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[start..]).unwrap_or("0")
}

/// Appends Python's `repr` of `v`, with the library's own tweak: Go switches to exponents
/// sooner than Python, so positive values with seven or more integer digits get one.
fn push_with_go_exponent(out: &mut Buf, v: f64, repr: &str) {
    match repr.find('.') {
        Some(dot) if v > 0.0 && dot > 6 => {
            let mut mantissa = Buf::default();
            for part in [&repr[..1], ".", &repr[1..dot], &repr[dot + 1..]] {
                mantissa.push(part);
            }
            out.push(mantissa.as_str().trim_end_matches(['0', '.']));
            // The library always writes `e+0` before the digit count, even past 9.
            out.push("e+0");
            let mut exp = [0u8; 20];
            out.push(decimal_digits(dot as u64 - 1, &mut exp));
        }
        _ => out.push(repr),
    }
}

/// A short text on the stack: a float's text never needs more (shortest digits are at
/// most 17, Python's fixed notation adds at most 5 zeros, a sign, a dot and `.0`).
struct Buf {
    bytes: [u8; 48],
    len: usize,
}

impl Default for Buf {
    fn default() -> Self {
        Buf {
            bytes: [0; 48],
            len: 0,
        }
    }
}

impl Buf {
    /// Appends `s` (dropped if it does not fit, which no float's text reaches).
    fn push(&mut self, s: &str) {
        let end = self.len + s.len();
        if let Some(room) = self.bytes.get_mut(self.len..end) {
            room.copy_from_slice(s.as_bytes());
            self.len = end;
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl std::fmt::Write for Buf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push(s);
        Ok(())
    }
}

/// Python's `repr` of a finite float: shortest round-trip digits, fixed notation with at
/// least one fractional digit (`3.0`) for decimal exponents in -4..16, otherwise
/// scientific notation with a signed, at least two-digit exponent (`1e-07`, `1.5e+16`).
fn python_repr(v: f64, out: &mut Buf) {
    use std::fmt::Write;
    // Rust's `{:e}` gives the same shortest round-trip digits: `-1.2345e6`, `1e-7`.
    let mut sci = Buf::default();
    let _ = write!(sci, "{v:e}");
    let sci = sci.as_str();
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let mut digits = Buf::default();
    digits.push(mantissa.get(..1).unwrap_or("0"));
    digits.push(mantissa.get(2..).unwrap_or(""));
    let digits = digits.as_str();
    out.push(sign);
    if (PY_MIN_FIXED_EXP..PY_MAX_FIXED_EXP).contains(&exp) {
        if exp < 0 {
            out.push("0.");
            for _ in 1..exp.unsigned_abs() {
                out.push("0");
            }
            out.push(digits);
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push(digits);
                for _ in digits.len()..int_len {
                    out.push("0");
                }
                out.push(".0");
            } else {
                out.push(&digits[..int_len]);
                out.push(".");
                out.push(&digits[int_len..]);
            }
        }
    } else {
        out.push(&digits[..1]);
        if digits.len() > 1 {
            out.push(".");
            out.push(&digits[1..]);
        }
        let _ = write!(
            out,
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repr(v: f64) -> String {
        let mut out = Buf::default();
        python_repr(v, &mut out);
        out.as_str().to_string()
    }

    /// Reads `../shared/reference/float-format.tsv` and checks every row.
    #[test]
    fn matches_every_row_of_the_reference_table() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/reference/float-format.tsv"
        );
        let table = std::fs::read_to_string(path).expect("reference table readable");
        let mut rows = 0;
        for line in table.lines().skip(1).filter(|l| !l.is_empty()) {
            let (input, expected) = line.split_once('\t').expect("two columns");
            let v: f64 = input.parse().expect("input parses as f64");
            assert_eq!(format_float(v), expected, "input {input}");
            rows += 1;
        }
        assert!(rows >= 20, "only {rows} rows read");
    }

    #[test]
    fn python_repr_edges() {
        assert_eq!(repr(0.0001), "0.0001");
        assert_eq!(repr(0.00001), "1e-05");
        assert_eq!(repr(1e16), "1e+16");
        assert_eq!(repr(1.5e16), "1.5e+16");
        assert_eq!(repr(9999999999999998.0), "9999999999999998.0");
        assert_eq!(repr(-0.0), "-0.0");
        assert_eq!(repr(1e100), "1e+100");
        assert_eq!(repr(5e-324), "5e-324");
        assert_eq!(repr(-2.5e-5), "-2.5e-05");
    }

    #[test]
    fn whole_numbers_read_as_the_general_path_writes_them() {
        let mut values: Vec<f64> = vec![1.0, -1.0, 375.0, 999_999.0, 1e6, -1e6, 1e15, -1e15];
        values.extend((0..16).map(|e| 10f64.powi(e)));
        values.extend((0..16).map(|e| 7.0 * 10f64.powi(e) + 3.0));
        values.extend((0..16).map(|e| -(123.0 * 10f64.powi(e))));
        values.push(9_999_999_999_999_998.0);
        for v in values.into_iter().filter(|v| v.abs() < 1e16) {
            let mut general = Buf::default();
            push_with_go_exponent(&mut general, v, &repr(v));
            assert!(whole_number(v).is_some(), "{v}");
            assert_eq!(format_float(v), general.as_str(), "{v}");
        }
        assert_eq!(whole_number(0.5), None);
        assert_eq!(whole_number(-0.0), None);
        assert_eq!(format_float(-0.0), "-0.0");
        assert_eq!(format_float(0.0), "0.0");
    }

    #[test]
    fn recent_texts_are_kept_by_the_value_they_were_made_for() {
        // Values sharing a slot replace each other's text; each reads back its own.
        let slot = recent_slot(0.1);
        let mut same_slot = (1..100_000)
            .map(|i| i as f64 + 0.25)
            .filter(|v| recent_slot(*v) == slot);
        let (a, b) = (same_slot.next().unwrap(), same_slot.next().unwrap());
        for v in [0.1, a, b, 0.1, b, a, 1795545600.5172153, -2.5e-7] {
            let mut general = Buf::default();
            push_with_go_exponent(&mut general, v, &repr(v));
            assert_eq!(format_float(v), general.as_str(), "{v}");
            assert_eq!(format_float(v), general.as_str(), "{v} again");
        }
    }

    #[test]
    fn library_quirk_of_three_digit_exponents() {
        // floatToGoString writes `e+0` and then the digit count, so ten digits give `e+010`.
        assert_eq!(format_float(1e10), "1e+010");
        assert_eq!(format_float(12345678901.5), "1.23456789015e+010");
        assert_eq!(format_float(1e15), "1e+015");
        assert_eq!(format_float(1e16), "1e+16");
        assert_eq!(format_float(-1e10), "-10000000000.0");
    }
}
