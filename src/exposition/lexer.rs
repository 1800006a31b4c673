//! The tokens of the text format, cut as Prometheus's `promlex` cuts them: a small state
//! machine (start of line, comment, HELP/TYPE metadata, labels, label value, value,
//! timestamp) over the bytes, so that what Prometheus accepts (spaces almost anywhere, a
//! raw newline inside a quoted label value, `#HELP` read as a plain comment) is accepted
//! here too, and what it refuses is refused at the same token.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// End of input (or a NUL byte where a line starts, as in Prometheus).
    Eof,
    /// A byte no rule accepts at this point.
    Invalid,
    /// `\n`.
    Linebreak,
    /// Spaces and tabs.
    Whitespace,
    /// `# HELP `.
    Help,
    /// `# TYPE `.
    Type,
    /// The rest of a HELP or TYPE line.
    Text,
    /// Any other comment line.
    Comment,
    /// A metric name.
    MetricName,
    /// `{`.
    BraceOpen,
    /// `}`.
    BraceClose,
    /// A label name.
    LabelName,
    /// A quoted label value, quotes included.
    LabelValue,
    /// `,`.
    Comma,
    /// `=`.
    Equal,
    /// A sample value (any run of bytes up to a space, tab, `{` or newline).
    Value,
    /// A run of digits after the value.
    Timestamp,
}

impl TokenKind {
    /// The token's name as Prometheus prints it in its errors.
    pub(crate) fn prom_name(self) -> &'static str {
        match self {
            TokenKind::Eof => "EOF",
            TokenKind::Invalid => "INVALID",
            TokenKind::Linebreak => "LINEBREAK",
            TokenKind::Whitespace => "WHITESPACE",
            TokenKind::Help => "HELP",
            TokenKind::Type => "TYPE",
            TokenKind::Text => "TEXT",
            TokenKind::Comment => "COMMENT",
            TokenKind::MetricName => "MNAME",
            TokenKind::BraceOpen => "BOPEN",
            TokenKind::BraceClose => "BCLOSE",
            TokenKind::LabelName => "LNAME",
            TokenKind::LabelValue => "LVALUE",
            TokenKind::Comma => "COMMA",
            TokenKind::Equal => "EQUAL",
            TokenKind::Value => "VALUE",
            TokenKind::Timestamp => "TIMESTAMP",
        }
    }
}

/// A token: its kind and byte range in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Where the lexer is in a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Init,
    Comment,
    Meta1,
    Meta2,
    Labels,
    LabelValue,
    Value,
    Timestamp,
}

/// The lexer over a text that ends with `\n`.
pub(crate) struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
    state: State,
}

/// Byte classes: may start a metric name, continue one, start a label name, continue one.
const NAME_START: u8 = 1;
const NAME_CHAR: u8 = 2;
const LABEL_START: u8 = 4;
const LABEL_CHAR: u8 = 8;
/// A blank (space or tab), a digit, and any byte of a value (all but `{`, blanks, newline).
const BLANK: u8 = 16;
const DIGIT: u8 = 32;
const VALUE_CHAR: u8 = 64;

/// Each byte's classes, looked up once per byte instead of testing ranges.
const CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let letter = b.is_ascii_alphabetic() || b == b'_';
        let digit = b.is_ascii_digit();
        let mut class = 0;
        if letter || b == b':' {
            class |= NAME_START | NAME_CHAR;
        }
        if digit {
            class |= NAME_CHAR | LABEL_CHAR;
        }
        if letter {
            class |= LABEL_START | LABEL_CHAR;
        }
        if b == b' ' || b == b'\t' {
            class |= BLANK;
        }
        if digit {
            class |= DIGIT;
        }
        if !matches!(b, b'{' | b' ' | b'\t' | b'\n') {
            class |= VALUE_CHAR;
        }
        t[c] = class;
        c += 1;
    }
    t
};

#[inline(always)]
fn is(c: u8, class: u8) -> bool {
    CLASSES[c as usize] & class != 0
}

#[inline(always)]
fn is_name_start(c: u8) -> bool {
    is(c, NAME_START)
}

#[inline(always)]
fn is_label_start(c: u8) -> bool {
    is(c, LABEL_START)
}

#[inline(always)]
fn is_blank(c: u8) -> bool {
    is(c, BLANK)
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Lexer {
            b: text.as_bytes(),
            pos: 0,
            state: State::Init,
        }
    }

    /// The next token that is not whitespace.
    pub(crate) fn next_token(&mut self) -> Token {
        loop {
            let t = self.lex();
            if t.kind != TokenKind::Whitespace {
                return t;
            }
        }
    }

    // The per-byte helpers are inlined even in the size-optimised WASM build, where a
    // call per byte would dominate a scrape.
    #[inline(always)]
    fn peek(&self, at: usize) -> Option<u8> {
        self.b.get(at).copied()
    }

    /// Advances past bytes of `class`, returning the new position.
    #[inline(always)]
    fn skip_while(&self, mut at: usize, class: u8) -> usize {
        while at < self.b.len() && is(self.b[at], class) {
            at += 1;
        }
        at
    }

    /// Where the line that `at` is in ends: its newline, or the end of the input.
    fn line_end(&self, mut at: usize) -> usize {
        // Eight bytes at a time while none is a newline (HELP texts are the longest runs).
        const ONES: u64 = u64::from_le_bytes([1; 8]);
        const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
        const NEWLINES: u64 = u64::from_le_bytes([b'\n'; 8]);
        while let Some(Ok(chunk)) = self.b.get(at..at + 8).map(<[u8; 8]>::try_from) {
            // Zero where a byte is a newline; the test below is exact for "any zero byte".
            let x = u64::from_le_bytes(chunk) ^ NEWLINES;
            if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
                break;
            }
            at += 8;
        }
        while at < self.b.len() && self.b[at] != b'\n' {
            at += 1;
        }
        at
    }

    #[inline(always)]
    fn token(&mut self, kind: TokenKind, start: usize, end: usize) -> Token {
        self.pos = end;
        Token { kind, start, end }
    }

    /// One invalid character (a whole UTF-8 sequence, so the text stays sliceable).
    fn invalid(&mut self, start: usize) -> Token {
        let len = match self.peek(start) {
            Some(c) if c >= 0xf0 => 4,
            Some(c) if c >= 0xe0 => 3,
            Some(c) if c >= 0xc0 => 2,
            Some(_) => 1,
            None => 0,
        };
        let end = (start + len).min(self.b.len());
        self.token(TokenKind::Invalid, start, end)
    }

    fn lex(&mut self) -> Token {
        let start = self.pos;
        let Some(c) = self.peek(start) else {
            return self.token(TokenKind::Eof, start, start);
        };
        if is_blank(c) && self.state != State::Meta2 {
            let end = self.skip_while(start, BLANK);
            return self.token(TokenKind::Whitespace, start, end);
        }
        match self.state {
            State::Init => self.lex_init(start, c),
            State::Comment => self.lex_comment(start),
            State::Meta1 if is_name_start(c) => {
                self.state = State::Meta2;
                let end = self.skip_while(start, NAME_CHAR);
                self.token(TokenKind::MetricName, start, end)
            }
            State::Meta1 => self.invalid(start),
            State::Meta2 => {
                // The rest of the line; a run of blanks alone is whitespace, as in promlex
                // where the whitespace rule wins a tie.
                let end = self.line_end(start);
                let blanks = self.skip_while(start, BLANK);
                if blanks > start && blanks == end {
                    return self.token(TokenKind::Whitespace, start, end);
                }
                self.state = State::Init;
                self.token(TokenKind::Text, start, end)
            }
            State::Labels => self.lex_labels(start, c),
            State::LabelValue => self.lex_label_value(start, c),
            State::Value if c == b'{' => {
                self.state = State::Labels;
                self.token(TokenKind::BraceOpen, start, start + 1)
            }
            State::Value if c == b'\n' => self.invalid(start),
            State::Value => {
                self.state = State::Timestamp;
                let end = self.skip_while(start, VALUE_CHAR);
                self.token(TokenKind::Value, start, end)
            }
            State::Timestamp if c.is_ascii_digit() => {
                let end = self.skip_while(start, DIGIT);
                self.token(TokenKind::Timestamp, start, end)
            }
            State::Timestamp if c == b'\n' => {
                self.state = State::Init;
                self.token(TokenKind::Linebreak, start, start + 1)
            }
            State::Timestamp => self.invalid(start),
        }
    }

    fn lex_init(&mut self, start: usize, c: u8) -> Token {
        match c {
            0 => self.token(TokenKind::Eof, start, start),
            b'\n' => self.token(TokenKind::Linebreak, start, start + 1),
            b'#' if self.peek(start + 1).is_some_and(is_blank) => {
                self.pos = self.skip_while(start + 1, BLANK);
                self.state = State::Comment;
                self.lex_comment(start)
            }
            b'#' => self.consume_comment(start),
            c if is_name_start(c) => {
                self.state = State::Value;
                let end = self.skip_while(start, NAME_CHAR);
                self.token(TokenKind::MetricName, start, end)
            }
            _ => self.invalid(start),
        }
    }

    /// After `# `: `HELP ` or `TYPE ` start metadata, anything else is a comment.
    fn lex_comment(&mut self, start: usize) -> Token {
        let here = self.pos;
        for (word, kind) in [(b"HELP", TokenKind::Help), (b"TYPE", TokenKind::Type)] {
            let after = here + word.len();
            if self.b.get(here..after) == Some(word.as_slice())
                && self.peek(after).is_some_and(is_blank)
            {
                self.state = State::Meta1;
                let end = self.skip_while(after, BLANK);
                return self.token(kind, here, end);
            }
        }
        self.consume_comment(start)
    }

    /// The rest of a comment line (a NUL byte in a `#comment` ends the input, as in
    /// Prometheus; after `# ` NUL bytes are part of the comment).
    fn consume_comment(&mut self, start: usize) -> Token {
        let in_comment = self.state == State::Comment;
        let mut at = self.pos;
        loop {
            match self.peek(at) {
                None => return self.token(TokenKind::Eof, at, at),
                Some(0) if !in_comment => return self.token(TokenKind::Eof, at, at),
                Some(b'\n') => {
                    self.state = State::Init;
                    return self.token(TokenKind::Comment, start, at);
                }
                Some(_) => at += 1,
            }
        }
    }

    fn lex_labels(&mut self, start: usize, c: u8) -> Token {
        match c {
            c if is_label_start(c) => {
                let end = self.skip_while(start, LABEL_CHAR);
                self.token(TokenKind::LabelName, start, end)
            }
            b'}' => {
                self.state = State::Value;
                self.token(TokenKind::BraceClose, start, start + 1)
            }
            b'=' => {
                self.state = State::LabelValue;
                self.token(TokenKind::Equal, start, start + 1)
            }
            b',' => self.token(TokenKind::Comma, start, start + 1),
            _ => self.invalid(start),
        }
    }

    /// `"(\\.|[^\\"])*"`: any byte but a quote or backslash, or a backslash and any byte
    /// but a newline. A raw newline inside the quotes is accepted, as in Prometheus.
    fn lex_label_value(&mut self, start: usize, c: u8) -> Token {
        if c != b'"' {
            return self.invalid(start);
        }
        let mut at = start + 1;
        loop {
            match self.peek(at) {
                Some(b'"') => {
                    self.state = State::Labels;
                    return self.token(TokenKind::LabelValue, start, at + 1);
                }
                Some(b'\\') if self.peek(at + 1).is_some_and(|n| n != b'\n') => at += 2,
                Some(b'\\') | None => return self.invalid(start),
                Some(_) => at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_end_finds_the_newline_at_any_place_of_a_word() {
        for len in 0..24 {
            for nl in 0..=len {
                // Bytes that differ from a newline by one bit only, and UTF-8.
                let mut text: Vec<u8> = (0..len).map(|i| [b'x', 0x8a, 0x0b, 0xc3][i % 4]).collect();
                if nl < len {
                    text[nl] = b'\n';
                }
                let text = String::from_utf8_lossy(&text).into_owned();
                let lexer = Lexer::new(&text);
                let want = text.bytes().position(|b| b == b'\n').unwrap_or(text.len());
                assert_eq!(lexer.line_end(0), want, "{len} {nl}");
            }
        }
    }

    fn kinds(text: &str) -> Vec<TokenKind> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token();
            out.push(t.kind);
            if matches!(t.kind, TokenKind::Eof | TokenKind::Invalid) {
                return out;
            }
        }
    }

    #[test]
    fn a_sample_line() {
        use TokenKind::*;
        assert_eq!(
            kinds("a{b=\"c\",} 1 2\n"),
            [
                MetricName, BraceOpen, LabelName, Equal, LabelValue, Comma, BraceClose, Value,
                Timestamp, Linebreak, Eof
            ]
        );
    }

    #[test]
    fn comments_and_metadata() {
        use TokenKind::*;
        assert_eq!(
            kinds("# HELP a b c\n"),
            [Help, MetricName, Text, Linebreak, Eof]
        );
        assert_eq!(kinds("#HELP a b\n"), [Comment, Linebreak, Eof]);
        assert_eq!(kinds("# HELPER a\n"), [Comment, Linebreak, Eof]);
        assert_eq!(
            kinds("# TYPE a   \n"),
            [Type, MetricName, Text, Linebreak, Eof]
        );
        assert_eq!(kinds("# HELP 1\n"), [Help, Invalid]);
    }

    #[test]
    fn label_values_may_hold_newlines_but_not_escaped_ones() {
        use TokenKind::*;
        assert_eq!(
            kinds("a{b=\"x\ny\"} 1\n"),
            [
                MetricName, BraceOpen, LabelName, Equal, LabelValue, BraceClose, Value, Linebreak,
                Eof
            ]
        );
        assert_eq!(
            kinds("a{b=\"x\\\ny\"} 1\n"),
            [MetricName, BraceOpen, LabelName, Equal, Invalid]
        );
        assert_eq!(
            kinds("a{b=\"open\n"),
            [MetricName, BraceOpen, LabelName, Equal, Invalid]
        );
    }

    #[test]
    fn invalid_multibyte_character_is_whole() {
        let mut lexer = Lexer::new("é\n");
        let t = lexer.next_token();
        assert_eq!((t.kind, t.start, t.end), (TokenKind::Invalid, 0, 2));
    }
}
