//! The text format 0.0.4 read as Prometheus's scraper reads it (its `PromParser`): samples
//! `name{label="value",...} value [timestamp]`, `# HELP` and `# TYPE` metadata, other
//! comments and blank lines skipped. The first error refuses the whole page, as a scrape
//! fails on it.

use super::family::MetricType;
use super::lexer::{Lexer, Token, TokenKind};
use super::number::{parse_timestamp, parse_value};
use super::parse_error::{Expected, ParseError, ParseErrorKind};
use crate::lang::line_col;
use crate::store::{Labels, METRIC_NAME};

/// One sample read from the page.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedSample {
    /// The metric name.
    pub name: String,
    /// All labels, the metric name as `__name__` included; empty values dropped.
    pub labels: Labels,
    /// The value (NaN as the ordinary NaN).
    pub value: f64,
    /// The sample's own timestamp in ms, when the page gives one.
    pub timestamp_ms: Option<i64>,
}

/// What the `# HELP` and `# TYPE` lines say about a metric name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The metric name the lines name.
    pub name: String,
    /// The type, if a `# TYPE` line gave one (the last one wins).
    pub kind: Option<MetricType>,
    /// The help text, unescaped, if a `# HELP` line gave one (the last one wins).
    pub help: Option<String>,
}

/// A parsed page: its samples in order, and its metadata in order of first mention.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedText {
    /// The samples.
    pub samples: Vec<ParsedSample>,
    /// The metadata.
    pub metadata: Vec<Metadata>,
}

impl ParsedText {
    /// The metadata of metric family `name`, if the page has any.
    pub fn metadata_of(&self, name: &str) -> Option<&Metadata> {
        self.metadata.iter().find(|m| m.name == name)
    }
}

/// Parses a page of the text format as Prometheus's scraper does: its samples, in order.
pub fn parse_text(text: &str) -> Result<Vec<ParsedSample>, ParseError> {
    parse_page(text).map(|page| page.samples)
}

/// Parses a page of the text format as Prometheus's scraper does: its samples and what its
/// `# HELP` and `# TYPE` lines say.
pub fn parse_page(text: &str) -> Result<ParsedText, ParseError> {
    // Prometheus appends a newline so the last line needs none.
    let mut input = String::with_capacity(text.len() + 1);
    input.push_str(text);
    input.push('\n');
    let mut parser = Parser {
        text: &input,
        lexer: Lexer::new(&input),
        out: ParsedText::default(),
    };
    parser.run().map_err(|(kind, offset)| {
        let (line, column) = line_col(text, offset);
        ParseError {
            kind,
            offset,
            line,
            column,
        }
    })?;
    Ok(parser.out)
}

/// An error and the byte offset it points at.
type Failure = (ParseErrorKind, usize);

struct Parser<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    out: ParsedText,
}

impl<'a> Parser<'a> {
    fn slice(&self, t: Token) -> &'a str {
        self.text.get(t.start..t.end).unwrap_or("")
    }

    fn unexpected(&self, expected: Expected, t: Token) -> Failure {
        let kind = ParseErrorKind::Unexpected {
            expected,
            got: self.slice(t).to_string(),
            token: t.kind.prom_name(),
        };
        (kind, t.start)
    }

    fn expect(&mut self, kind: TokenKind, expected: Expected) -> Result<Token, Failure> {
        let t = self.lexer.next_token();
        if t.kind == kind {
            Ok(t)
        } else {
            Err(self.unexpected(expected, t))
        }
    }

    fn run(&mut self) -> Result<(), Failure> {
        loop {
            let t = self.lexer.next_token();
            match t.kind {
                TokenKind::Eof => return Ok(()),
                TokenKind::Linebreak | TokenKind::Comment => {}
                TokenKind::Help | TokenKind::Type => self.metadata(t.kind)?,
                TokenKind::MetricName => self.sample(t)?,
                _ => return Err(self.unexpected(Expected::StartToken, t)),
            }
        }
    }

    /// After `# HELP ` or `# TYPE `: a metric name and the rest of the line.
    fn metadata(&mut self, directive: TokenKind) -> Result<(), Failure> {
        let is_help = directive == TokenKind::Help;
        let expected = if is_help {
            Expected::MetricNameAfterHelp
        } else {
            Expected::MetricNameAfterType
        };
        let name = self.expect(TokenKind::MetricName, expected)?;
        let name = self.slice(name).to_string();
        // The text token is the rest of the line (the lexer always gives one, maybe
        // empty); Prometheus drops its first character, normally the space after the name.
        let t = self.lexer.next_token();
        let raw = if t.kind == TokenKind::Text {
            self.slice(t)
        } else {
            ""
        };
        let mut chars = raw.chars();
        chars.next();
        let body = chars.as_str();
        let (help, kind) = if is_help {
            (Some(unescape_help(body)), None)
        } else {
            let kind = MetricType::from_word(body)
                .ok_or_else(|| (ParseErrorKind::InvalidMetricType(body.to_string()), t.start))?;
            (None, Some(kind))
        };
        match self.out.metadata.iter_mut().find(|m| m.name == name) {
            Some(entry) => {
                entry.help = help.or(entry.help.take());
                entry.kind = kind.or(entry.kind);
            }
            None => self.out.metadata.push(Metadata { name, kind, help }),
        }
        Ok(())
    }

    /// A sample line, from its metric name on.
    fn sample(&mut self, name_token: Token) -> Result<(), Failure> {
        let name = self.slice(name_token).to_string();
        let mut pairs: Vec<(String, String)> = vec![(METRIC_NAME.to_string(), name.clone())];
        let mut t = self.lexer.next_token();
        if t.kind == TokenKind::BraceOpen {
            self.labels(&mut pairs)?;
            t = self.lexer.next_token();
        }
        if t.kind != TokenKind::Value {
            return Err(self.unexpected(Expected::ValueAfterMetric, t));
        }
        let value = parse_value(self.slice(t)).map_err(|k| (k, t.start))?;
        let t = self.lexer.next_token();
        let timestamp_ms = match t.kind {
            TokenKind::Linebreak => None,
            TokenKind::Timestamp => {
                let ts = parse_timestamp(self.slice(t)).map_err(|k| (k, t.start))?;
                self.expect(TokenKind::Linebreak, Expected::NextEntryAfterTimestamp)?;
                Some(ts)
            }
            _ => return Err(self.unexpected(Expected::TimestampOrNewRecord, t)),
        };
        let mut names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
        crate::order::sort(&mut names);
        let duplicate = names.windows(2).find_map(|w| match w {
            [a, b] if a == b => Some(*a),
            _ => None,
        });
        if let Some(name) = duplicate {
            let kind = ParseErrorKind::DuplicateLabelName(name.to_string());
            return Err((kind, name_token.start));
        }
        self.out.samples.push(ParsedSample {
            name,
            labels: Labels::from_pairs(pairs),
            value,
            timestamp_ms,
        });
        Ok(())
    }

    /// Inside braces: `name="value"` pairs, commas optional (as in Prometheus), a trailing
    /// comma allowed.
    fn labels(&mut self, pairs: &mut Vec<(String, String)>) -> Result<(), Failure> {
        let mut t = self.lexer.next_token();
        loop {
            match t.kind {
                TokenKind::BraceClose => return Ok(()),
                TokenKind::LabelName => {}
                _ => return Err(self.unexpected(Expected::LabelName, t)),
            }
            let name = self.slice(t).to_string();
            self.expect(TokenKind::Equal, Expected::Equal)?;
            let value = self.expect(TokenKind::LabelValue, Expected::LabelValue)?;
            let quoted = self.slice(value);
            let inner = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or("");
            pairs.push((name, unescape_label_value(inner)));
            t = self.lexer.next_token();
            if t.kind == TokenKind::Comma {
                t = self.lexer.next_token();
            }
        }
    }
}

/// Label value escapes: `\\`, `\"`, `\n`; any other backslash stays as written.
fn unescape_label_value(s: &str) -> String {
    unescape(s, true)
}

/// HELP escapes: `\\` and `\n`; any other backslash stays as written.
fn unescape_help(s: &str) -> String {
    unescape(s, false)
}

fn unescape(s: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.clone().next() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('"') if quotes => out.push('"'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out
}

#[cfg(test)]
mod tests;
