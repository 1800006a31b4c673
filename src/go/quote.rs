//! Strings and runes quoted the way Go's `%q` (`strconv.Quote`, `strconv.QuoteRune`)
//! and `%#U` write them, so messages and printed queries read as Prometheus's do.

/// `s` between double quotes with Go's escapes (`\"`, `\\`, `\n`, `\t`, `\x01`, `\u00a0`).
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"');
    }
    out.push('"');
    out
}

/// `c` between single quotes with Go's escapes (`'.'`, `'\''`, `'\n'`).
pub fn go_quote_rune(c: char) -> String {
    let mut out = String::from("'");
    push_escaped(&mut out, c, '\'');
    out.push('\'');
    out
}

/// Go's `%#U` for a rune: `U+0063 'c'`, the code point alone for a control character.
pub fn go_unicode(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}

/// Appends `c` as Go writes it between quotes `quote`.
fn push_escaped(out: &mut String, c: char, quote: char) {
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        '\\' => out.push_str("\\\\"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 0x20 || c == '\u{7f}' => {
            out.push_str(&format!("\\x{:02x}", c as u32));
        }
        c if !printable(c) => {
            let n = c as u32;
            if n < 0x10000 {
                out.push_str(&format!("\\u{n:04x}"));
            } else {
                out.push_str(&format!("\\U{n:08x}"));
            }
        }
        c => out.push(c),
    }
}

/// Close to Go's `unicode.IsPrint`: no controls, no spaces but U+0020, no format marks.
fn printable(c: char) -> bool {
    const FORMAT_MARKS: [(char, char); 6] = [
        ('\u{ad}', '\u{ad}'),
        ('\u{200b}', '\u{200f}'),
        ('\u{202a}', '\u{202e}'),
        ('\u{2060}', '\u{2064}'),
        ('\u{feff}', '\u{feff}'),
        ('\u{fff9}', '\u{fffb}'),
    ];
    if c == ' ' {
        return true;
    }
    let format_mark = FORMAT_MARKS.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c));
    !(c.is_control() || c.is_whitespace() || format_mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_strings_like_go() {
        assert_eq!(go_quote("abc"), r#""abc""#);
        assert_eq!(go_quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(go_quote("it's"), r#""it's""#);
        assert_eq!(go_quote("15s "), r#""15s ""#);
        assert_eq!(go_quote("a\tb\n\u{1}\u{7f}"), r#""a\tb\n\x01\x7f""#);
        assert_eq!(go_quote("é日\u{a0}\u{feff}"), r#""é日\u00a0\ufeff""#);
        assert_eq!(go_quote("\u{85}\u{2028}"), r#""\u0085\u2028""#);
    }

    #[test]
    fn quotes_runes_like_go() {
        assert_eq!(go_quote_rune('\''), r"'\''");
        assert_eq!(go_quote_rune('"'), r#"'"'"#);
        assert_eq!(go_quote_rune('.'), "'.'");
        assert_eq!(go_quote_rune('\u{0}'), r"'\x00'");
    }

    #[test]
    fn unicode_names_like_go() {
        assert_eq!(go_unicode('c'), "U+0063 'c'");
        assert_eq!(go_unicode('\u{1b}'), "U+001B");
        assert_eq!(go_unicode('é'), "U+00E9 'é'");
    }
}
