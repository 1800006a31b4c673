//! The scanner of Go's `text/template`: plain text, `{{ }}` actions with their trim
//! markers (`{{- `, ` -}}`) and comments, and the tokens inside an action. A scanning
//! error becomes the last token, so the parser reports it only when it gets there, as
//! Go's does.

use super::error::ParseProblem;

/// A keyword of the template language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keyword {
    Block,
    Break,
    Continue,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl Keyword {
    fn from_word(word: &str) -> Option<Keyword> {
        Some(match word {
            "block" => Keyword::Block,
            "break" => Keyword::Break,
            "continue" => Keyword::Continue,
            "define" => Keyword::Define,
            "else" => Keyword::Else,
            "end" => Keyword::End,
            "if" => Keyword::If,
            "nil" => Keyword::Nil,
            "range" => Keyword::Range,
            "template" => Keyword::Template,
            "with" => Keyword::With,
            _ => return None,
        })
    }
}

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    /// Text outside actions (already trimmed by trim markers).
    Text,
    /// `{{`.
    LeftDelim,
    /// `}}`.
    RightDelim,
    /// A run of spaces inside an action.
    Space,
    /// `:=`.
    Declare,
    /// `=`.
    Assign,
    /// `|`.
    Pipe,
    /// `"..."`, quotes included.
    String,
    /// `` `...` ``, quotes included.
    RawString,
    /// `'x'`, quotes included.
    CharConstant,
    /// A number as written.
    Number,
    /// `true` or `false`.
    Bool,
    /// `.Name`.
    Field,
    /// A name not starting with `.` (a function).
    Identifier,
    /// `$` or `$name`.
    Variable,
    /// `.` alone.
    Dot,
    /// `(`.
    LeftParen,
    /// `)`.
    RightParen,
    /// Any other printable ASCII character (`,` among them).
    Char,
    /// A keyword.
    Keyword(Keyword),
    /// The end of the text.
    Eof,
    /// A scanning error; nothing follows it.
    Error(ParseProblem),
}

/// A token, its text and where it starts (byte offset).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Item {
    pub tok: Tok,
    pub val: String,
    pub pos: usize,
}

impl Item {
    /// The token as Go's parser names it in "unexpected ..." messages.
    pub fn describe(&self) -> String {
        match &self.tok {
            Tok::Eof => "EOF".into(),
            Tok::Error(p) => p.message(crate::lang::Lang::En),
            Tok::Keyword(_) | Tok::Dot => format!("<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                format!("{}...", crate::go::quote::go_quote(&head))
            }
            _ => crate::go::quote::go_quote(&self.val),
        }
    }
}

const LEFT: &str = "{{";
const RIGHT: &str = "}}";

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// `- ` right after `{{`.
fn left_trim_marker(s: &str) -> bool {
    let mut it = s.chars();
    it.next() == Some('-') && it.next().is_some_and(is_space)
}

/// ` -` right before `}}`.
fn right_trim_marker(s: &str) -> bool {
    let mut it = s.chars();
    it.next().is_some_and(is_space) && it.next() == Some('-')
}

struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    paren_depth: usize,
    items: Vec<Item>,
}

/// Scans `input` into tokens, ending with `Eof` or an `Error`.
pub(super) fn lex(input: &str) -> Vec<Item> {
    let mut l = Lexer {
        input,
        pos: 0,
        start: 0,
        paren_depth: 0,
        items: Vec::new(),
    };
    l.run();
    l.items
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.input.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn emit(&mut self, tok: Tok) {
        let val = self
            .input
            .get(self.start..self.pos)
            .unwrap_or("")
            .to_string();
        self.items.push(Item {
            tok,
            val,
            pos: self.start,
        });
        self.start = self.pos;
    }

    fn fail(&mut self, problem: ParseProblem) {
        self.items.push(Item {
            tok: Tok::Error(problem),
            val: String::new(),
            pos: self.start,
        });
    }

    /// At `}}` (with or without a trim marker): (at it, trims).
    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if right_trim_marker(rest) && rest.get(2..).is_some_and(|r| r.starts_with(RIGHT)) {
            return (true, true);
        }
        (rest.starts_with(RIGHT), false)
    }

    fn run(&mut self) {
        loop {
            // Text up to the next `{{`.
            let rest = self.rest();
            let Some(x) = rest.find(LEFT) else {
                self.pos = self.input.len();
                if self.pos > self.start {
                    self.emit(Tok::Text);
                }
                self.emit(Tok::Eof);
                return;
            };
            self.pos += x;
            let after = self.pos + LEFT.len();
            let trim = left_trim_marker(self.input.get(after..).unwrap_or(""));
            if x > 0 {
                let text = self.input.get(self.start..self.pos).unwrap_or("");
                let kept = if trim {
                    text.trim_end_matches(is_space)
                } else {
                    text
                };
                if !kept.is_empty() {
                    self.items.push(Item {
                        tok: Tok::Text,
                        val: kept.to_string(),
                        pos: self.start,
                    });
                }
            }
            self.start = self.pos;
            self.pos = after;
            let marker = if trim { 2 } else { 0 };
            if self
                .input
                .get(self.pos + marker..)
                .is_some_and(|r| r.starts_with("/*"))
            {
                self.pos += marker;
                if !self.comment() {
                    return;
                }
                continue;
            }
            self.emit(Tok::LeftDelim);
            self.pos += marker;
            self.start = self.pos;
            self.paren_depth = 0;
            if !self.inside_action() {
                return;
            }
        }
    }

    /// A comment `/* ... */` and its closing delimiter; false on error.
    fn comment(&mut self) -> bool {
        self.pos += 2;
        let Some(x) = self.rest().find("*/") else {
            self.fail(ParseProblem::UnclosedComment);
            return false;
        };
        self.pos += x + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            self.fail(ParseProblem::CommentEndsBeforeDelim);
            return false;
        }
        self.pos += if trim { 2 } else { 0 } + RIGHT.len();
        if trim {
            self.skip_leading_space();
        }
        self.start = self.pos;
        true
    }

    fn skip_leading_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start_matches(is_space).len();
    }

    /// The right delimiter (trim marker known from `at_right_delim`).
    fn right_delim(&mut self, trim: bool) {
        if trim {
            self.pos += 2;
            self.start = self.pos;
        }
        self.pos += RIGHT.len();
        self.emit(Tok::RightDelim);
        if trim {
            self.skip_leading_space();
            self.start = self.pos;
        }
    }

    /// Tokens up to and including `}}`; false when scanning stopped on an error.
    fn inside_action(&mut self) -> bool {
        loop {
            let (delim, trim) = self.at_right_delim();
            if delim {
                if self.paren_depth == 0 {
                    self.right_delim(trim);
                    return true;
                }
                self.fail(ParseProblem::UnclosedLeftParen);
                return false;
            }
            let Some(c) = self.next() else {
                self.fail(ParseProblem::UnclosedAction);
                return false;
            };
            let ok = match c {
                c if is_space(c) => {
                    self.pos -= c.len_utf8();
                    self.space()
                }
                '=' => {
                    self.emit(Tok::Assign);
                    true
                }
                ':' => {
                    if self.next() != Some('=') {
                        self.fail(ParseProblem::ExpectedDeclare);
                        return false;
                    }
                    self.emit(Tok::Declare);
                    true
                }
                '|' => {
                    self.emit(Tok::Pipe);
                    true
                }
                '"' => self.quoted('"', Tok::String, ParseProblem::UnterminatedQuoted),
                '`' => self.raw_quote(),
                '$' => self.field_or_variable(Tok::Variable),
                '\'' => self.quoted('\'', Tok::CharConstant, ParseProblem::UnterminatedChar),
                '.' if self.peek().is_some_and(|d| !d.is_ascii_digit()) => {
                    self.field_or_variable(Tok::Field)
                }
                '.' | '+' | '-' | '0'..='9' => {
                    self.pos -= 1;
                    self.number()
                }
                c if is_alphanumeric(c) => {
                    self.pos -= c.len_utf8();
                    self.identifier()
                }
                '(' => {
                    self.emit(Tok::LeftParen);
                    self.paren_depth += 1;
                    true
                }
                ')' => {
                    self.emit(Tok::RightParen);
                    if self.paren_depth == 0 {
                        self.fail(ParseProblem::UnexpectedRightParen);
                        return false;
                    }
                    self.paren_depth -= 1;
                    true
                }
                c if c.is_ascii() && !c.is_ascii_control() => {
                    self.emit(Tok::Char);
                    true
                }
                c => {
                    self.fail(ParseProblem::UnrecognizedCharacter(c));
                    false
                }
            };
            if !ok {
                return false;
            }
            if self.items.last().is_some_and(|i| i.tok == Tok::RightDelim) {
                return true;
            }
        }
    }

    /// A run of spaces; a single space before `-}}` belongs to the delimiter.
    fn space(&mut self) -> bool {
        let mut count = 0;
        while self.peek().is_some_and(is_space) {
            self.next();
            count += 1;
        }
        let before_last = self.pos - 1;
        let tail = self.input.get(before_last..).unwrap_or("");
        if right_trim_marker(tail) && tail.get(2..).is_some_and(|r| r.starts_with(RIGHT)) {
            self.pos = before_last;
            if count == 1 {
                self.right_delim(true);
                return true;
            }
        }
        self.emit(Tok::Space);
        true
    }

    /// Whether an identifier may end here (Go's `atTerminator`).
    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(RIGHT),
        }
    }

    /// Reads the rest of a name; false (after failing) when it is glued to a character
    /// that cannot end it.
    fn name_rest(&mut self) -> bool {
        while self.peek().is_some_and(is_alphanumeric) {
            self.next();
        }
        if self.at_terminator() {
            return true;
        }
        let c = self.peek().unwrap_or(' ');
        self.fail(ParseProblem::BadCharacter(c));
        false
    }

    fn identifier(&mut self) -> bool {
        if !self.name_rest() {
            return false;
        }
        let word = self.input.get(self.start..self.pos).unwrap_or("");
        let tok = match Keyword::from_word(word) {
            Some(k) => Tok::Keyword(k),
            None if word == "true" || word == "false" => Tok::Bool,
            None => Tok::Identifier,
        };
        self.emit(tok);
        true
    }

    /// `.Name` or `$name` (the `.` or `$` read); alone, `.` is dot and `$` the root.
    fn field_or_variable(&mut self, tok: Tok) -> bool {
        if self.at_terminator() {
            self.emit(if tok == Tok::Variable {
                Tok::Variable
            } else {
                Tok::Dot
            });
            return true;
        }
        if !self.name_rest() {
            return false;
        }
        self.emit(tok);
        true
    }

    /// A `"..."` string or `'x'` character constant (opening quote read): escapes
    /// allowed, no line break.
    fn quoted(&mut self, close: char, tok: Tok, unterminated: ParseProblem) -> bool {
        loop {
            let broken = match self.next() {
                Some('\\') => matches!(self.next(), None | Some('\n')),
                None | Some('\n') => true,
                Some(c) if c == close => break,
                Some(_) => false,
            };
            if broken {
                self.fail(unterminated);
                return false;
            }
        }
        self.emit(tok);
        true
    }

    fn raw_quote(&mut self) -> bool {
        loop {
            match self.next() {
                None => {
                    self.fail(ParseProblem::UnterminatedRawQuoted);
                    return false;
                }
                Some('`') => break,
                Some(_) => {}
            }
        }
        self.emit(Tok::RawString);
        true
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.next();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    /// Go's `scanNumber`: sign, hex/octal/binary prefix, digits with `_`, fraction,
    /// exponent, imaginary `i`; nothing alphanumeric may follow.
    fn scan_number(&mut self) -> bool {
        const DECIMAL: &str = "0123456789_";
        const HEX: &str = "0123456789abcdefABCDEF_";
        self.accept("+-");
        let mut digits = DECIMAL;
        if self.accept("0") {
            if self.accept("xX") {
                digits = HEX;
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits == DECIMAL && self.accept("eE") {
            self.accept("+-");
            self.accept_run(DECIMAL);
        }
        if digits == HEX && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alphanumeric) {
            self.next();
            return false;
        }
        true
    }

    fn number(&mut self) -> bool {
        let bad = |l: &Self| {
            ParseProblem::BadNumber(l.input.get(l.start..l.pos).unwrap_or("").to_string())
        };
        if !self.scan_number() {
            let p = bad(self);
            self.fail(p);
            return false;
        }
        let complex = matches!(self.peek(), Some('+' | '-'));
        if complex
            && (!self.scan_number()
                || !self.input.get(..self.pos).is_some_and(|s| s.ends_with('i')))
        {
            let p = bad(self);
            self.fail(p);
            return false;
        }
        self.emit(Tok::Number);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(Tok, String)> {
        lex(s).into_iter().map(|i| (i.tok, i.val)).collect()
    }

    #[test]
    fn text_and_actions() {
        let got = toks("a {{ $labels.x | humanize }} b");
        let kinds: Vec<Tok> = got.iter().map(|(t, _)| t.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                Tok::Text,
                Tok::LeftDelim,
                Tok::Space,
                Tok::Variable,
                Tok::Field,
                Tok::Space,
                Tok::Pipe,
                Tok::Space,
                Tok::Identifier,
                Tok::Space,
                Tok::RightDelim,
                Tok::Text,
                Tok::Eof
            ]
        );
        assert_eq!(got[3].1, "$labels");
        assert_eq!(got[4].1, ".x");
    }

    #[test]
    fn trim_markers_eat_surrounding_space() {
        let got = toks("a  {{- 1 -}}  b");
        assert_eq!(got[0], (Tok::Text, "a".into()));
        assert_eq!(got[2], (Tok::Number, "1".into()));
        assert_eq!(got.last().map(|i| &i.1), Some(&String::new()));
        assert!(got.contains(&(Tok::Text, "b".into())));
        // `{{-3}}` is the number -3, not a trim marker.
        assert!(toks("{{-3}}").contains(&(Tok::Number, "-3".into())));
    }

    #[test]
    fn comments_vanish() {
        assert_eq!(
            toks("x{{/* c */}}y"),
            vec![
                (Tok::Text, "x".into()),
                (Tok::Text, "y".into()),
                (Tok::Eof, String::new())
            ]
        );
    }

    #[test]
    fn errors_end_the_stream() {
        let last = |s: &str| lex(s).pop().map(|i| i.tok);
        assert_eq!(last("{{"), Some(Tok::Error(ParseProblem::UnclosedAction)));
        assert_eq!(
            last("{{ \"abc }}"),
            Some(Tok::Error(ParseProblem::UnterminatedQuoted))
        );
        assert_eq!(
            last("{{ 1x }}"),
            Some(Tok::Error(ParseProblem::BadNumber("1x".into())))
        );
        assert_eq!(
            last("{{.}"),
            Some(Tok::Error(ParseProblem::BadCharacter('}')))
        );
        assert_eq!(
            last("{{ (1 }}"),
            Some(Tok::Error(ParseProblem::UnclosedLeftParen))
        );
    }
}
