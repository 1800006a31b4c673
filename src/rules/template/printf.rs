//! Go's `fmt` as templates use it: `%v` printing of floats, and `printf` with its verbs,
//! flags, width and precision (`%.2f`, `%5.1f%%`, `%q`, `%d`, `%x`...), including Go's
//! complaints (`%!d(float64=1.5)`, `%!s(MISSING)`).

use crate::go::quote::go_quote;

use super::value::Val;

/// Go's `strconv.FormatFloat(v, verb, prec, 64)` for `e`, `f` and `g` (`prec` `None`
/// is the shortest representation), sign kept (`+Inf`).
pub(super) fn format_float(v: f64, verb: char, prec: Option<usize>) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let out = match verb.to_ascii_lowercase() {
        'e' => match prec {
            Some(p) => {
                let s = format!("{:.*e}", p, v.abs());
                let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                with_exponent(v, m, e.parse().unwrap_or(0))
            }
            None => {
                let (d, exp) = digits(v, None);
                with_exponent(v, &dotted(&d), exp)
            }
        },
        'f' => match prec {
            Some(p) => format!("{v:.p$}"),
            None => format!("{v}"),
        },
        _ => general(v, prec),
    };
    if verb.is_ascii_uppercase() {
        out.to_uppercase()
    } else {
        out
    }
}

/// The significant digits of `|v|` (trailing zeros dropped) and its decimal exponent,
/// rounded to `prec` significant digits (shortest when `None`).
fn digits(v: f64, prec: Option<usize>) -> (String, i32) {
    let s = match prec {
        Some(p) => format!("{:.*e}", p.saturating_sub(1), v.abs()),
        None => format!("{:e}", v.abs()),
    };
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let all: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let trimmed = all.trim_end_matches('0');
    let d = if trimmed.is_empty() { "0" } else { trimmed };
    (d.to_string(), exp.parse().unwrap_or(0))
}

/// `d[0].d[1..]` (no point for a single digit).
fn dotted(d: &str) -> String {
    let (first, rest) = d.split_at(1.min(d.len()));
    if rest.is_empty() {
        first.to_string()
    } else {
        format!("{first}.{rest}")
    }
}

/// `mantissa` `e±XX` with the sign of `v`.
fn with_exponent(v: f64, mantissa: &str, exp: i32) -> String {
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let esign = if exp < 0 { '-' } else { '+' };
    format!("{sign}{mantissa}e{esign}{:02}", exp.abs())
}

/// `%g`: the exponent form when the exponent is below -4 or at least the precision
/// (6 for the shortest form), the plain form otherwise; no trailing zeros.
fn general(v: f64, prec: Option<usize>) -> String {
    let prec = prec.map(|p| p.max(1));
    let (d, exp) = digits(v, prec);
    let nd = d.len() as i32;
    let dp = exp + 1;
    let eprec = match prec {
        Some(p) if p as i32 > nd && nd >= dp => nd,
        Some(p) => p as i32,
        None => 6,
    };
    if exp < -4 || exp >= eprec {
        return with_exponent(v, &dotted(&d), exp);
    }
    let decimals = usize::try_from(nd - dp).unwrap_or(0);
    let sign = if v.is_sign_negative() { "-" } else { "" };
    format!("{sign}{:.decimals$}", v.abs())
}

/// Flags, width and precision of one verb.
#[derive(Default)]
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    zero: bool,
    sharp: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// Widest field `printf` pads to here (Go has no limit; a template should not need more).
const MAX_WIDTH: usize = 1000;

impl Spec {
    /// Pads `s` to the width; zeros go after the sign.
    fn pad(&self, s: &str, numeric: bool) -> String {
        let len = s.chars().count();
        let Some(width) = self.width.filter(|w| *w > len) else {
            return s.to_string();
        };
        let fill = width - len;
        if self.minus {
            return format!("{s}{}", " ".repeat(fill));
        }
        if self.zero && numeric && !s.contains(['I', 'N']) {
            let (sign, digits) = match s.strip_prefix(['-', '+', ' ']) {
                Some(rest) => (&s[..1], rest),
                None => ("", s),
            };
            return format!("{sign}{}{digits}", "0".repeat(fill));
        }
        format!("{}{s}", " ".repeat(fill))
    }

    /// A sign for a non-negative number, as the flags ask.
    fn sign(&self, negative: bool) -> &'static str {
        match (negative, self.plus, self.space) {
            (true, _, _) => "-",
            (false, true, _) => "+",
            (false, false, true) => " ",
            _ => "",
        }
    }
}

/// `%!v(type=value)`: Go's complaint about a verb that does not fit the value.
fn bad_verb(verb: char, arg: &Val) -> String {
    match arg {
        Val::Missing | Val::Nil => format!("%!{verb}(<nil>)"),
        _ => format!("%!{verb}({}={})", arg.type_name(), arg.print()),
    }
}

/// One argument formatted with one verb.
fn format_arg(spec: &Spec, verb: char, arg: &Val) -> String {
    match (verb, arg) {
        ('v', Val::Float(f)) | ('g' | 'G' | 'e' | 'E' | 'f' | 'F', Val::Float(f)) => {
            let verb = if verb == 'v' { 'g' } else { verb };
            let prec = match verb {
                'e' | 'E' | 'f' | 'F' => Some(spec.prec.unwrap_or(6)),
                _ => spec.prec,
            };
            let text = format_float(*f, verb, prec);
            let text = match text.strip_prefix(['-', '+']) {
                Some(rest) if !f.is_nan() => format!("{}{rest}", spec.sign(*f < 0.0)),
                _ if f.is_nan() && (spec.plus || spec.space) => format!("{}NaN", spec.sign(false)),
                _ => text,
            };
            spec.pad(&text, true)
        }
        ('d' | 'v', Val::Int(i)) => {
            let digits = i.unsigned_abs().to_string();
            let digits = match spec.prec {
                Some(p) if p > digits.len() => format!("{}{digits}", "0".repeat(p - digits.len())),
                _ => digits,
            };
            spec.pad(&format!("{}{digits}", spec.sign(*i < 0)), true)
        }
        ('x' | 'X' | 'o' | 'b', Val::Int(i)) => {
            let n = i.unsigned_abs();
            let body = match verb {
                'x' => format!("{n:x}"),
                'X' => format!("{n:X}"),
                'o' => format!("{n:o}"),
                _ => format!("{n:b}"),
            };
            let prefix = match (spec.sharp, verb) {
                (true, 'x') => "0x",
                (true, 'X') => "0X",
                (true, 'o') => "0",
                _ => "",
            };
            spec.pad(&format!("{}{prefix}{body}", spec.sign(*i < 0)), true)
        }
        ('c', Val::Int(i)) => {
            let c = u32::try_from(*i)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            spec.pad(&c.to_string(), false)
        }
        ('q', Val::Int(i)) => {
            let c = u32::try_from(*i)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            spec.pad(&format!("'{c}'"), false)
        }
        ('s' | 'v', Val::Str(s)) => {
            let s = match spec.prec {
                Some(p) => s.chars().take(p).collect(),
                None => s.clone(),
            };
            spec.pad(&s, false)
        }
        ('q', Val::Str(s)) => spec.pad(&go_quote(s), false),
        ('x' | 'X', Val::Str(s)) => {
            let hex: String = s.bytes().map(|b| format!("{b:02x}")).collect();
            let hex = if verb == 'X' { hex.to_uppercase() } else { hex };
            spec.pad(&hex, false)
        }
        ('t' | 'v', Val::Bool(b)) => spec.pad(&b.to_string(), false),
        ('v', Val::Missing | Val::Nil) => spec.pad("<nil>", false),
        ('v', other) => spec.pad(&other.print(), false),
        ('s', Val::Time(_)) => spec.pad(&arg.print(), false),
        _ => bad_verb(verb, arg),
    }
}

/// Reads digits at `chars[*i..]` as a number.
fn read_number(chars: &[char], i: &mut usize) -> Option<usize> {
    let start = *i;
    while chars.get(*i).is_some_and(char::is_ascii_digit) {
        *i += 1;
    }
    if *i == start {
        return None;
    }
    let n: String = chars.get(start..*i).unwrap_or(&[]).iter().collect();
    Some(n.parse::<usize>().unwrap_or(MAX_WIDTH).min(MAX_WIDTH))
}

/// Go's `fmt.Sprintf(format, args...)`.
pub(super) fn sprintf(format: &str, args: &[Val]) -> String {
    let chars: Vec<char> = format.chars().collect();
    let mut out = String::new();
    let mut next_arg = 0;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&f) = chars.get(i) {
            match f {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '0' => spec.zero = true,
                '#' => spec.sharp = true,
                _ => break,
            }
            i += 1;
        }
        if chars.get(i) == Some(&'*') {
            i += 1;
            if let Some(Val::Int(w)) = args.get(next_arg) {
                spec.width = Some(w.unsigned_abs().min(MAX_WIDTH as u64) as usize);
                spec.minus |= *w < 0;
            } else {
                out.push_str("%!(BADWIDTH)");
            }
            next_arg += 1;
        } else {
            spec.width = read_number(&chars, &mut i);
        }
        if chars.get(i) == Some(&'.') {
            i += 1;
            if chars.get(i) == Some(&'*') {
                i += 1;
                match args.get(next_arg) {
                    Some(Val::Int(p)) if *p >= 0 => spec.prec = Some((*p as usize).min(MAX_WIDTH)),
                    _ => out.push_str("%!(BADPREC)"),
                }
                next_arg += 1;
            } else {
                spec.prec = Some(read_number(&chars, &mut i).unwrap_or(0));
            }
        }
        let Some(&verb) = chars.get(i) else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += 1;
        if verb == '%' {
            out.push('%');
            continue;
        }
        match args.get(next_arg) {
            Some(arg) => out.push_str(&format_arg(&spec, verb, arg)),
            None => out.push_str(&format!("%!{verb}(MISSING)")),
        }
        next_arg += 1;
    }
    if next_arg < args.len() {
        let extra: Vec<String> = args
            .iter()
            .skip(next_arg)
            .map(|a| match a {
                Val::Missing | Val::Nil => "<nil>".to_string(),
                _ => format!("{}={}", a.type_name(), a.print()),
            })
            .collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_as_go_prints_them() {
        let g4 = |v: f64| format_float(v, 'g', Some(4));
        assert_eq!(g4(1.234567), "1.235");
        assert_eq!(g4(1000.0), "1000");
        assert_eq!(g4(12345.0), "1.234e+04");
        assert_eq!(g4(120.0), "120");
        assert_eq!(g4(0.0), "0");
        assert_eq!(g4(-22.222), "-22.22");
        assert_eq!(g4(0.00001234), "1.234e-05");
        let v = |x: f64| format_float(x, 'g', None);
        assert_eq!(v(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(v(1234567.0), "1.234567e+06");
        assert_eq!(v(100000.0), "100000");
        assert_eq!(v(0.0001), "0.0001");
        assert_eq!(v(0.00001), "1e-05");
        assert_eq!(v(-0.0), "-0");
    }

    #[test]
    fn printf_verbs_flags_and_complaints() {
        let f = Val::Float(0.73333);
        assert_eq!(sprintf("%.2f", std::slice::from_ref(&f)), "0.73");
        assert_eq!(sprintf("%6.1f%%", &[Val::Float(73.333)]), "  73.3%");
        assert_eq!(sprintf("%-5s|", &[Val::Str("ab".into())]), "ab   |");
        assert_eq!(sprintf("%05d", &[Val::Int(-42)]), "-0042");
        assert_eq!(
            sprintf(
                "%+d %x %q",
                &[Val::Int(5), Val::Int(255), Val::Str("a\"b".into())]
            ),
            "+5 ff \"a\\\"b\""
        );
        assert_eq!(
            sprintf("%v %v", &[Val::Bool(true), f.clone()]),
            "true 0.73333"
        );
        assert_eq!(sprintf("%e", &[Val::Float(1234.5)]), "1.234500e+03");
        assert_eq!(
            sprintf("%d", std::slice::from_ref(&f)),
            "%!d(float64=0.73333)"
        );
        assert_eq!(sprintf("%s %s", &[Val::Str("x".into())]), "x %!s(MISSING)");
        assert_eq!(
            sprintf("%s", &[Val::Str("x".into()), Val::Int(1)]),
            "x%!(EXTRA int=1)"
        );
        assert_eq!(sprintf("100%", &[]), "100%!(NOVERB)");
    }
}
