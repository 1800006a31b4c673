//! The PromQL lexer: turns query text into tokens on demand, one at a time, without
//! regexes. Like Prometheus's lexer it has modes: inside `{...}` only label names,
//! strings, matcher operators and commas exist; right after `[` a duration is expected.
//! Words (metric names, keywords, function names) are all `Word` tokens: the parser decides
//! what a word means from where it stands, case-insensitively for keywords.

use super::ast::Span;
use super::keywords;
use super::parse_error::{ParseError, ParseErrorKind};

/// Token kinds.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    /// End of the query.
    Eof,
    /// A word outside braces: metric name (may contain `:`), keyword, function name.
    Word,
    /// A label name inside braces.
    LabelName,
    /// A number literal (text is in the span).
    Number,
    /// A duration literal such as `5m` (text is in the span).
    Duration,
    /// A string literal, already unescaped.
    Str(String),
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `,`
    Comma,
    /// `:`
    Colon,
    /// `@`
    At,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^`
    Pow,
    /// `==`
    EqlC,
    /// `!=`
    Neq,
    /// `<`
    Lss,
    /// `<=`
    Lte,
    /// `>`
    Gtr,
    /// `>=`
    Gte,
    /// `=`
    Eql,
    /// `=~`
    EqlRegex,
    /// `!~`
    NeqRegex,
    /// `</` (native histogram trimming)
    TrimUpper,
    /// `>/` (native histogram trimming)
    TrimLower,
}

/// A token and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its bytes in the query.
    pub span: Span,
}

/// The lexer state.
pub struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    brace_open: bool,
    bracket_open: bool,
    /// Right after `[`, before the first number: Prometheus's duration-expression mode.
    duration_mode: bool,
    got_colon: bool,
    /// Positions of the `(` not yet closed.
    open_parens: Vec<usize>,
    bracket_pos: usize,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_alpha(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_alnum(c: char) -> bool {
    is_alpha(c) || c.is_ascii_digit()
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `input`.
    pub fn new(input: &'a str) -> Self {
        Lexer {
            input,
            pos: 0,
            brace_open: false,
            bracket_open: false,
            duration_mode: false,
            got_colon: false,
            open_parens: Vec::new(),
            bracket_pos: 0,
        }
    }

    /// The query text.
    pub fn input(&self) -> &'a str {
        self.input
    }

    fn peek(&self) -> Option<char> {
        self.input.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn peek_at(&self, pos: usize) -> Option<char> {
        self.input.get(pos..).and_then(|s| s.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn accept(&mut self, valid: impl Fn(char) -> bool) -> bool {
        match self.peek() {
            Some(c) if valid(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn skip_spaces_and_comments(&mut self, comments: bool) {
        loop {
            match self.peek() {
                Some(c) if is_space(c) => self.pos += 1,
                Some('#') if comments => {
                    while let Some(c) = self.peek() {
                        if c == '\n' || c == '\r' {
                            break;
                        }
                        self.pos += c.len_utf8();
                    }
                }
                _ => return,
            }
        }
    }

    fn err(&self, start: usize, kind: ParseErrorKind) -> ParseError {
        let end = self.pos.max(start);
        ParseError::new(start..end, kind)
    }

    fn tok(&self, kind: TokenKind, start: usize) -> Token {
        Token {
            kind,
            span: start..self.pos,
        }
    }

    /// Whether the next non-space character from `pos` is `(`.
    pub fn followed_by_lparen(&self, pos: usize) -> bool {
        self.input
            .get(pos..)
            .and_then(|s| s.chars().find(|c| !is_space(*c)))
            == Some('(')
    }

    /// The next token.
    pub fn next_token(&mut self) -> Result<Token, ParseError> {
        if self.brace_open {
            return self.lex_inside_braces();
        }
        if self.duration_mode {
            return self.lex_duration_start();
        }
        self.skip_spaces_and_comments(true);
        let start = self.pos;
        let Some(c) = self.bump() else {
            if let Some(p) = self.open_parens.last() {
                return Err(ParseError::new(
                    *p..*p + 1,
                    ParseErrorKind::UnclosedLeftParen,
                ));
            }
            if self.bracket_open {
                let p = self.bracket_pos;
                return Err(ParseError::new(
                    p..p + 1,
                    ParseErrorKind::UnclosedLeftBracket,
                ));
            }
            return Ok(self.tok(TokenKind::Eof, start));
        };
        let kind = match c {
            ',' => TokenKind::Comma,
            '*' => TokenKind::Mul,
            '/' => TokenKind::Div,
            '%' => TokenKind::Mod,
            '+' => TokenKind::Add,
            '-' => TokenKind::Sub,
            '^' => TokenKind::Pow,
            '@' => TokenKind::At,
            '=' => match self.peek() {
                Some('=') => {
                    self.pos += 1;
                    TokenKind::EqlC
                }
                Some('~') => {
                    self.pos += 1;
                    return Err(self.err(start, ParseErrorKind::UnexpectedCharAfter('=', '~')));
                }
                _ => TokenKind::Eql,
            },
            '!' => match self.bump() {
                Some('=') => TokenKind::Neq,
                other => {
                    let found = other.unwrap_or('\u{fffd}');
                    return Err(self.err(start, ParseErrorKind::UnexpectedCharAfter('!', found)));
                }
            },
            '<' => {
                if self.accept(|c| c == '=') {
                    TokenKind::Lte
                } else if self.accept(|c| c == '/') {
                    TokenKind::TrimUpper
                } else {
                    TokenKind::Lss
                }
            }
            '>' => {
                if self.accept(|c| c == '=') {
                    TokenKind::Gte
                } else if self.accept(|c| c == '/') {
                    TokenKind::TrimLower
                } else {
                    TokenKind::Gtr
                }
            }
            '"' | '\'' => return self.lex_string(start, c),
            '`' => return self.lex_raw_string(start),
            '(' => {
                self.open_parens.push(start);
                TokenKind::LParen
            }
            ')' => {
                if self.open_parens.pop().is_none() {
                    return Err(self.err(start, ParseErrorKind::UnexpectedRightParen));
                }
                TokenKind::RParen
            }
            '{' => {
                self.brace_open = true;
                TokenKind::LBrace
            }
            '[' => {
                if self.bracket_open {
                    return Err(self.err(start, ParseErrorKind::UnexpectedLeftBracket));
                }
                self.bracket_open = true;
                self.bracket_pos = start;
                self.duration_mode = true;
                self.got_colon = false;
                TokenKind::LBracket
            }
            ']' => {
                if !self.bracket_open {
                    return Err(self.err(start, ParseErrorKind::UnexpectedRightBracket));
                }
                self.bracket_open = false;
                TokenKind::RBracket
            }
            c if c.is_ascii_digit()
                || (c == '.' && self.peek().is_some_and(|d| d.is_ascii_digit())) =>
            {
                self.pos = start;
                return self.lex_number_or_duration(start);
            }
            ':' if self.bracket_open => {
                if self.got_colon {
                    return Err(self.err(start, ParseErrorKind::UnexpectedColon));
                }
                self.got_colon = true;
                TokenKind::Colon
            }
            c if self.bracket_open && is_alpha(c) => {
                while self.accept(is_alpha) {}
                let word = self.input.get(start..self.pos).unwrap_or_default();
                if keywords::is_one_of(&keywords::DURATION_FUNCTIONS, word) {
                    TokenKind::Word
                } else {
                    self.pos = start + c.len_utf8();
                    return Err(self.err(start, ParseErrorKind::UnexpectedCharExpectedColon(c)));
                }
            }
            c if is_alpha(c) || c == ':' => {
                while self.accept(|c| is_alnum(c) || c == ':') {}
                TokenKind::Word
            }
            c => return Err(self.err(start, ParseErrorKind::UnexpectedChar(c))),
        };
        Ok(self.tok(kind, start))
    }

    /// Right after `[`: only a (possibly signed or parenthesised) duration may come.
    fn lex_duration_start(&mut self) -> Result<Token, ParseError> {
        self.skip_spaces_and_comments(false);
        let start = self.pos;
        let Some(c) = self.bump() else {
            return Err(self.err(start, ParseErrorKind::EndInDuration));
        };
        let kind = match c {
            ']' => {
                self.bracket_open = false;
                self.duration_mode = false;
                TokenKind::RBracket
            }
            ':' => return Err(self.err(start, ParseErrorKind::ColonBeforeDuration)),
            '(' => {
                self.open_parens.push(start);
                TokenKind::LParen
            }
            ')' => {
                if self.open_parens.pop().is_none() {
                    return Err(self.err(start, ParseErrorKind::UnexpectedRightParen));
                }
                TokenKind::RParen
            }
            '+' => TokenKind::Add,
            '-' => TokenKind::Sub,
            '*' => TokenKind::Mul,
            '/' => TokenKind::Div,
            '%' => TokenKind::Mod,
            '^' => TokenKind::Pow,
            ',' => TokenKind::Comma,
            c if c.is_ascii_digit()
                || (c == '.' && self.peek().is_some_and(|d| d.is_ascii_digit())) =>
            {
                self.pos = start;
                self.duration_mode = false;
                return self.lex_number_or_duration(start);
            }
            c if is_alpha(c) => {
                while self.accept(is_alpha) {}
                let word = self.input.get(start..self.pos).unwrap_or_default();
                if !keywords::is_one_of(&keywords::DURATION_FUNCTIONS, word) {
                    self.pos = start + c.len_utf8();
                    return Err(self.err(start, ParseErrorKind::UnexpectedCharInDuration(c)));
                }
                TokenKind::Word
            }
            c => return Err(self.err(start, ParseErrorKind::UnexpectedCharInDuration(c))),
        };
        Ok(self.tok(kind, start))
    }

    fn lex_inside_braces(&mut self) -> Result<Token, ParseError> {
        self.skip_spaces_and_comments(true);
        let start = self.pos;
        let Some(c) = self.bump() else {
            return Err(self.err(start, ParseErrorKind::EndInsideBraces));
        };
        let kind = match c {
            c if is_alpha(c) => {
                while self.accept(is_alnum) {}
                TokenKind::LabelName
            }
            ',' => TokenKind::Comma,
            '"' | '\'' => return self.lex_string(start, c),
            '`' => return self.lex_raw_string(start),
            '=' => {
                if self.accept(|c| c == '~') {
                    TokenKind::EqlRegex
                } else {
                    TokenKind::Eql
                }
            }
            '!' => match self.bump() {
                Some('~') => TokenKind::NeqRegex,
                Some('=') => TokenKind::Neq,
                other => {
                    let found = other.unwrap_or('\u{fffd}');
                    return Err(self.err(
                        start,
                        ParseErrorKind::UnexpectedCharAfterBangInBraces(found),
                    ));
                }
            },
            '{' => return Err(self.err(start, ParseErrorKind::UnexpectedLeftBrace)),
            '}' => {
                self.brace_open = false;
                TokenKind::RBrace
            }
            c => return Err(self.err(start, ParseErrorKind::UnexpectedCharInBraces(c))),
        };
        Ok(self.tok(kind, start))
    }

    fn lex_number_or_duration(&mut self, start: usize) -> Result<Token, ParseError> {
        if self.scan_number() {
            return Ok(self.tok(TokenKind::Number, start));
        }
        if self.accept_remaining_duration() {
            return Ok(self.tok(TokenKind::Duration, start));
        }
        let text = self.input.get(start..self.pos).unwrap_or_default();
        Err(self.err(start, ParseErrorKind::BadNumber(text.to_string())))
    }

    /// Prometheus's number scanner: decimal or hex digits, one dot, one exponent, `_`
    /// between digits; the number must not run into a letter or digit.
    fn scan_number(&mut self) -> bool {
        let initial = self.pos;
        let mut hex = false;
        if self.accept(|c| c == '0') && self.accept(|c| c == 'x' || c == 'X') {
            self.accept(|c| c == '_');
            hex = true;
        }
        let is_digit = |c: char| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        };
        let is_exp = |c: char| c == 'e' || c == 'E';
        let is_anti = |c: char| matches!(c, '.' | '_' | 'e' | 'E');
        self.accept(|c| c == '.');
        self.accept(is_digit);
        let mut dot = false;
        let mut exp = false;
        while let Some(c) = self.peek() {
            if !(is_digit(c) || c == '.' || c == '_' || is_exp(c)) {
                break;
            }
            if (c == '.' && dot) || (is_exp(c) && exp) {
                self.pos += 1;
                return false;
            }
            if self.accept(|c| c == '.') {
                dot = true;
                if self.accept(|c| c == '_' || c == '.') || hex {
                    return false;
                }
                continue;
            }
            if self.accept(is_exp) {
                exp = true;
                self.accept(|c| c == '+' || c == '-');
                if self.accept(is_anti) || self.peek().is_none() {
                    return false;
                }
                continue;
            }
            if self.accept(|c| c == '_') {
                if self.accept(is_anti) || self.peek().is_none() {
                    return false;
                }
                continue;
            }
            while self.accept(is_digit) {}
        }
        if self.pos == initial {
            return false;
        }
        !self.peek().is_some_and(is_alnum)
    }

    /// After digits: a unit, then more digit+unit groups (`1h30m`, `500ms`).
    fn accept_remaining_duration(&mut self) -> bool {
        let unit = |c: char| matches!(c, 's' | 'm' | 'h' | 'd' | 'w' | 'y');
        if !self.accept(unit) {
            return false;
        }
        self.accept(|c| c == 's');
        while self.accept(|c| c.is_ascii_digit()) {
            while self.accept(|c| c.is_ascii_digit()) {}
            if !self.accept(|c| matches!(c, 's' | 'm' | 'h' | 'd' | 'w')) {
                return false;
            }
            self.accept(|c| c == 's');
        }
        match self.peek() {
            Some(c) if is_alnum(c) => {
                self.pos += c.len_utf8();
                false
            }
            _ => true,
        }
    }

    /// A `"` or `'` string with Go escapes; `quote` has been consumed.
    fn lex_string(&mut self, start: usize, quote: char) -> Result<Token, ParseError> {
        let mut value: Vec<u8> = Vec::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.err(start, ParseErrorKind::UnterminatedString));
            };
            match c {
                '\n' => return Err(self.err(start, ParseErrorKind::UnterminatedString)),
                '\\' => self.lex_escape(start, quote, &mut value)?,
                c if c == quote => break,
                c => {
                    let mut buf = [0u8; 4];
                    value.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
        let value = String::from_utf8(value)
            .map_err(|_| self.err(start, ParseErrorKind::InvalidUtf8String))?;
        Ok(self.tok(TokenKind::Str(value), start))
    }

    fn lex_escape(
        &mut self,
        start: usize,
        quote: char,
        out: &mut Vec<u8>,
    ) -> Result<(), ParseError> {
        let Some(c) = self.bump() else {
            return Err(self.err(start, ParseErrorKind::EscapeNotTerminated));
        };
        let simple = match c {
            'a' => Some(0x07),
            'b' => Some(0x08),
            'f' => Some(0x0c),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(0x0b),
            '\\' => Some(b'\\'),
            c if c == quote => u8::try_from(c).ok(),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            return Ok(());
        }
        let (digits, base, is_byte) = match c {
            '0'..='7' => {
                self.pos -= 1;
                (3, 8, true)
            }
            'x' => (2, 16, true),
            'u' => (4, 16, false),
            'U' => (8, 16, false),
            c => return Err(self.err(start, ParseErrorKind::UnknownEscape(c))),
        };
        let mut value: u32 = 0;
        for _ in 0..digits {
            let Some(d) = self.bump() else {
                return Err(self.err(start, ParseErrorKind::EscapeNotTerminated));
            };
            match d.to_digit(base) {
                Some(v) => value = value * base + v,
                None => return Err(self.err(start, ParseErrorKind::IllegalEscapeChar(d))),
            }
        }
        if is_byte {
            let b = u8::try_from(value)
                .map_err(|_| self.err(start, ParseErrorKind::InvalidCodePoint))?;
            out.push(b);
        } else {
            let ch = char::from_u32(value)
                .ok_or_else(|| self.err(start, ParseErrorKind::InvalidCodePoint))?;
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
        Ok(())
    }

    /// A backtick string: no escapes, may span lines; the backtick has been consumed.
    fn lex_raw_string(&mut self, start: usize) -> Result<Token, ParseError> {
        let body_start = self.pos;
        loop {
            match self.bump() {
                None => return Err(self.err(start, ParseErrorKind::UnterminatedRawString)),
                Some('`') => break,
                Some(_) => {}
            }
        }
        let value = self
            .input
            .get(body_start..self.pos - 1)
            .unwrap_or_default()
            .to_string();
        Ok(self.tok(TokenKind::Str(value), start))
    }

    /// The character at byte `pos`, if any (for callers that look around a token).
    pub fn char_at(&self, pos: usize) -> Option<char> {
        self.peek_at(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Result<Vec<TokenKind>, ParseError> {
        let mut lx = Lexer::new(input);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token()?;
            if t.kind == TokenKind::Eof {
                return Ok(out);
            }
            out.push(t.kind);
        }
    }

    fn err(input: &str) -> (String, Span) {
        let e = kinds(input).unwrap_err();
        (e.to_string(), e.span)
    }

    #[test]
    fn numbers_and_durations() {
        for n in [
            "1", "1.5", ".5", "2.", "1e3", "1E-3", "0x1f", "1_000", "12.34e+6",
        ] {
            assert_eq!(kinds(n), Ok(vec![TokenKind::Number]), "{n}");
        }
        for d in ["5m", "1h30m", "500ms", "1y", "1w2d"] {
            assert_eq!(kinds(d), Ok(vec![TokenKind::Duration]), "{d}");
        }
        assert_eq!(
            err("2.5."),
            ("bad number or duration syntax: \"2.5.\"".into(), 0..4)
        );
        assert_eq!(
            err("100..4"),
            ("bad number or duration syntax: \"100..\"".into(), 0..5)
        );
        assert_eq!(
            err("0deadbeef"),
            ("bad number or duration syntax: \"0de\"".into(), 0..3)
        );
        assert_eq!(err("5mm").0, "bad number or duration syntax: \"5mm\"");
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(kinds(r#""a\"b""#), Ok(vec![TokenKind::Str("a\"b".into())]));
        assert_eq!(kinds(r"'a\'b'"), Ok(vec![TokenKind::Str("a'b".into())]));
        assert_eq!(
            kinds(r#""\u00e9\x41\101\n""#),
            Ok(vec![TokenKind::Str("éAA\n".into())])
        );
        assert_eq!(
            kinds("`a\\n\nb`"),
            Ok(vec![TokenKind::Str("a\\n\nb".into())])
        );
        assert_eq!(err("\"abc").0, "unterminated quoted string");
        assert_eq!(err("\"a\nb\"").0, "unterminated quoted string");
        assert_eq!(err("`abc").0, "unterminated raw string");
        assert_eq!(err("\"\\").0, "escape sequence not terminated");
        assert_eq!(err(r#""\c""#).0, "unknown escape sequence U+0063 'c'");
        assert_eq!(
            err(r#""\x.""#).0,
            "illegal character U+002E '.' in escape sequence"
        );
        assert_eq!(
            err(r#""\ud800""#).0,
            "escape sequence is an invalid Unicode code point"
        );
        assert_eq!(
            err(r#""\xff""#).0,
            "string is not valid UTF-8 after unescaping"
        );
        assert_eq!(err(r#""\'""#).0, "unknown escape sequence U+0027 '''");
    }

    #[test]
    fn modes() {
        assert_eq!(
            kinds("foo{a=~\"x\",b!=\"y\"}[5m:1m]"),
            Ok(vec![
                TokenKind::Word,
                TokenKind::LBrace,
                TokenKind::LabelName,
                TokenKind::EqlRegex,
                TokenKind::Str("x".into()),
                TokenKind::Comma,
                TokenKind::LabelName,
                TokenKind::Neq,
                TokenKind::Str("y".into()),
                TokenKind::RBrace,
                TokenKind::LBracket,
                TokenKind::Duration,
                TokenKind::Colon,
                TokenKind::Duration,
                TokenKind::RBracket,
            ])
        );
        assert_eq!(
            kinds("a # comment\n+ b"),
            Ok(vec![TokenKind::Word, TokenKind::Add, TokenKind::Word])
        );
        assert_eq!(
            err("foo{a:b=\"b\"}").0,
            "unexpected character inside braces: ':'"
        );
        assert_eq!(err("{").0, "unexpected end of input inside braces");
        assert_eq!(err("}").0, "unexpected character: '}'");
        assert_eq!(err("1 =~ 1").0, "unexpected character after '=': '~'");
        assert_eq!(err("1 !~ 1").0, "unexpected character after '!': '~'");
        assert_eq!(
            err("(1))"),
            ("unexpected right parenthesis ')'".into(), 3..4)
        );
        assert_eq!(err("((1)"), ("unclosed left parenthesis".into(), 0..1));
        assert_eq!(
            err("foo[").0,
            "unexpected end of input in duration expression"
        );
        assert_eq!(err("foo[5m"), ("unclosed left bracket".into(), 3..4));
        assert_eq!(
            err("foo[\"5m\"]").0,
            "unexpected character in duration expression: '\"'"
        );
        assert_eq!(
            err("foo[5s x 5s]").0,
            "unexpected character: 'x', expected ':'"
        );
        assert_eq!(err("foo[5m:1m:]").0, "unexpected colon ':'");
        assert_eq!(err("é").0, "unexpected character: 'é'");
        assert_eq!(err("foo]").0, "unexpected right bracket ']'");
    }
}
