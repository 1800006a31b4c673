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
    let mut samples = Vec::new();
    let metadata = read_page(text, &mut [], &mut |raw| {
        samples.push(ParsedSample {
            name: raw.name.to_string(),
            labels: raw.labels(),
            value: raw.value,
            timestamp_ms: raw.timestamp_ms,
        })
    })?;
    Ok(ParsedText { samples, metadata })
}

/// One sample line as the parser read it, before its labels are built: a scrape cache
/// that has seen `series` before needs nothing else (as Prometheus's does).
pub struct RawSample<'a> {
    /// The series as written, from the metric name to the closing brace (`up{job="x"}`).
    pub series: &'a str,
    /// The metric name.
    pub name: &'a str,
    /// The value (NaN as the ordinary NaN).
    pub value: f64,
    /// The sample's own timestamp in ms, when the page gives one.
    pub timestamp_ms: Option<i64>,
    text: &'a str,
    pairs: &'a [(Token, Token)],
}

impl RawSample<'_> {
    /// All labels, the metric name as `__name__` included; values unescaped, empty values
    /// dropped.
    pub fn labels(&self) -> Labels {
        let slice = |t: &Token| self.text.get(t.start..t.end).unwrap_or("");
        let pairs = self.pairs.iter().map(|(name, value)| {
            let quoted = slice(value);
            let inner = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or("");
            (slice(name).to_string(), unescape_label_value(inner))
        });
        let name = (METRIC_NAME.to_string(), self.name.to_string());
        Labels::from_pairs(std::iter::once(name).chain(pairs))
    }
}

/// Reads a page of the text format as Prometheus's scraper does, handing each sample to
/// `on_sample` as it is read; returns what the `# HELP` and `# TYPE` lines say. On an
/// error, samples before it have been handed over: the caller discards them, as a failed
/// scrape stores nothing. `recycled` holds the metadata of an earlier page (a scrape loop
/// hands the one before last): an entry that comes back at the same place is taken from it
/// rather than written anew, so it may be left emptied.
pub fn read_page(
    text: &str,
    recycled: &mut [Metadata],
    on_sample: &mut dyn FnMut(&RawSample<'_>),
) -> Result<Vec<Metadata>, ParseError> {
    // Prometheus appends a newline so the last line needs none.
    let mut input = String::with_capacity(text.len() + 1);
    input.push_str(text);
    input.push('\n');
    let mut parser = Parser {
        text: &input,
        lexer: Lexer::new(&input),
        metadata: Vec::with_capacity(recycled.len()),
        recycled,
        pairs: Vec::with_capacity(8),
    };
    parser.run(on_sample).map_err(|(kind, offset)| {
        let (line, column) = line_col(text, offset);
        ParseError {
            kind,
            offset,
            line,
            column,
        }
    })?;
    Ok(parser.metadata)
}

/// Up to this many labels on a sample, duplicates are looked for pair by pair.
const DUPLICATES_BY_PAIRS: usize = 8;

/// An error and the byte offset it points at.
type Failure = (ParseErrorKind, usize);

struct Parser<'a, 'r> {
    text: &'a str,
    lexer: Lexer<'a>,
    metadata: Vec<Metadata>,
    /// An earlier page's metadata, taken over where this page repeats it.
    recycled: &'r mut [Metadata],
    /// The label name and value tokens of the sample being read (kept to reuse its room).
    pairs: Vec<(Token, Token)>,
}

impl<'a> Parser<'a, '_> {
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

    fn run(&mut self, on_sample: &mut dyn FnMut(&RawSample<'_>)) -> Result<(), Failure> {
        loop {
            let t = self.lexer.next_token();
            match t.kind {
                TokenKind::Eof => return Ok(()),
                TokenKind::Linebreak | TokenKind::Comment => {}
                TokenKind::Help | TokenKind::Type => self.metadata(t.kind)?,
                TokenKind::MetricName => self.sample(t, on_sample)?,
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
        let name = self.slice(name);
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
        let kind = if is_help {
            None
        } else {
            let kind = MetricType::from_word(body)
                .ok_or_else(|| (ParseErrorKind::InvalidMetricType(body.to_string()), t.start))?;
            Some(kind)
        };
        // HELP and TYPE of a family come together: the last entry first.
        let entry = match self.metadata.last_mut() {
            Some(last) if last.name == name => Some(last),
            _ => self.metadata.iter_mut().find(|m| m.name == name),
        };
        match entry {
            Some(entry) => {
                if is_help {
                    entry.help = Some(unescape_help(body));
                }
                entry.kind = kind.or(entry.kind);
            }
            None => {
                // The earlier page's entry at this place, if it is this name's.
                let earlier = self
                    .recycled
                    .get_mut(self.metadata.len())
                    .filter(|m| m.name == name)
                    .map(std::mem::take);
                let (name, earlier_help) = match earlier {
                    Some(m) => (m.name, m.help),
                    None => (name.to_string(), None),
                };
                let help = is_help.then(|| match earlier_help {
                    Some(h) if h == body && !body.as_bytes().contains(&b'\\') => h,
                    _ => unescape_help(body),
                });
                self.metadata.push(Metadata { name, kind, help });
            }
        }
        Ok(())
    }

    /// A sample line, from its metric name on.
    fn sample(
        &mut self,
        name_token: Token,
        on_sample: &mut dyn FnMut(&RawSample<'_>),
    ) -> Result<(), Failure> {
        self.pairs.clear();
        let mut series_end = name_token.end;
        let mut t = self.lexer.next_token();
        if t.kind == TokenKind::BraceOpen {
            series_end = self.labels()?;
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
        let duplicate = self.duplicate_label_name();
        if let Some(name) = duplicate {
            let kind = ParseErrorKind::DuplicateLabelName(name.to_string());
            return Err((kind, name_token.start));
        }
        on_sample(&RawSample {
            series: self.text.get(name_token.start..series_end).unwrap_or(""),
            name: self.slice(name_token),
            value,
            timestamp_ms,
            text: self.text,
            pairs: &self.pairs,
        });
        Ok(())
    }

    /// The first (by name) label name given twice in the sample's braces, `__name__`
    /// counting as given once.
    fn duplicate_label_name(&self) -> Option<&'a str> {
        let names = self.pairs.iter().map(|(n, _)| self.slice(*n));
        let names = std::iter::once(METRIC_NAME).chain(names);
        if self.pairs.len() <= DUPLICATES_BY_PAIRS {
            // A few labels: every pair compared, nothing allocated.
            let mut first: Option<&str> = None;
            for (i, a) in names.clone().enumerate() {
                if names.clone().skip(i + 1).any(|b| b == a) && first.is_none_or(|f| a < f) {
                    first = Some(a);
                }
            }
            return first;
        }
        let mut names: Vec<&str> = names.collect();
        crate::order::sort(&mut names);
        names.windows(2).find_map(|w| match w {
            [a, b] if a == b => Some(*a),
            _ => None,
        })
    }

    /// Inside braces: `name="value"` pairs, commas optional (as in Prometheus), a trailing
    /// comma allowed. Returns where the closing brace ends.
    fn labels(&mut self) -> Result<usize, Failure> {
        let mut t = self.lexer.next_token();
        loop {
            match t.kind {
                TokenKind::BraceClose => return Ok(t.end),
                TokenKind::LabelName => {}
                _ => return Err(self.unexpected(Expected::LabelName, t)),
            }
            self.expect(TokenKind::Equal, Expected::Equal)?;
            let value = self.expect(TokenKind::LabelValue, Expected::LabelValue)?;
            self.pairs.push((t, value));
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
    if !s.as_bytes().contains(&b'\\') {
        return s.to_string();
    }
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
