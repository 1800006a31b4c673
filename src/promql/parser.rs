//! The PromQL parser: a precedence-climbing recursive descent over the lexer's tokens that
//! builds the AST with byte spans, then hands it to the type checker. It stops at the first
//! error, which is the error Prometheus reports first in the common cases.

use super::ast::{
    AggregateExpr, AggregateOp, BinaryExpr, BinaryOp, Call, Cardinality, Expr, ExprKind, Grouping,
    Span, UnaryOp, VectorMatching,
};
use super::functions::lookup_function;
use super::keywords;
use super::lexer::{Lexer, Token, TokenKind};
use super::parse_error::{Context, Expected, Found, ParseError, ParseErrorKind, MAX_DEPTH};
use super::typecheck::check;
use crate::go::duration::parse_duration_ns;
use literals::parse_number;

mod literals;
mod modifiers;
mod selectors;

/// Parses, then type-checks, a PromQL expression.
///
/// ```
/// use sonde::promql::parse;
///
/// let expr = parse("sum by (job) (rate(http_requests_total[5m]))").unwrap();
/// assert_eq!(expr.to_string(), "sum by (job) (rate(http_requests_total[5m]))");
///
/// let err = parse("rate(http_requests_total)").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "expected type range vector in call to function \"rate\", got instant vector"
/// );
/// assert_eq!(err.span, 5..24);
/// ```
pub fn parse(input: &str) -> Result<Expr, ParseError> {
    let mut p = Parser::new(input)?;
    if p.tok.kind == TokenKind::Eof {
        return Err(ParseError::new(0..0, ParseErrorKind::NoExpression));
    }
    let mut expr = p.parse_expr()?;
    if p.tok.kind != TokenKind::Eof {
        return Err(p.unexpected(None, None));
    }
    check(&mut expr, input)?;
    Ok(expr)
}

/// What a word means in operand position.
enum WordRole {
    Aggregation(AggregateOp),
    Call,
    Selector,
    Number(f64),
    Unexpected,
}

struct Parser<'a> {
    lx: Lexer<'a>,
    tok: Token,
    /// End of the last token consumed.
    prev_end: usize,
    depth: usize,
}

fn word_is(text: &str, keyword: &str) -> bool {
    text.eq_ignore_ascii_case(keyword)
}

fn aggregate_op(word: &str) -> Option<AggregateOp> {
    AggregateOp::ALL
        .into_iter()
        .find(|op| word_is(word, op.as_str()))
}

/// Words that can never name a metric.
const NOT_METRIC_NAMES: [&str; 6] = [
    "bool",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "atan2",
];

impl<'a> Parser<'a> {
    fn new(input: &'a str) -> Result<Self, ParseError> {
        let mut lx = Lexer::new(input);
        let tok = lx.next_token()?;
        Ok(Parser {
            lx,
            tok,
            prev_end: 0,
            depth: 0,
        })
    }

    fn text(&self, span: &Span) -> &'a str {
        self.lx.input().get(span.clone()).unwrap_or_default()
    }

    fn tok_text(&self) -> &'a str {
        self.text(&self.tok.span)
    }

    /// Consumes the current token and reads the next one.
    fn bump(&mut self) -> Result<Token, ParseError> {
        let next = self.lx.next_token()?;
        let tok = std::mem::replace(&mut self.tok, next);
        self.prev_end = tok.span.end;
        Ok(tok)
    }

    fn at_word(&self, keyword: &str) -> bool {
        self.tok.kind == TokenKind::Word && word_is(self.tok_text(), keyword)
    }

    fn enter(&mut self, levels: usize) -> Result<(), ParseError> {
        self.depth += levels;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::new(
                self.tok.span.clone(),
                ParseErrorKind::TooDeep,
            ));
        }
        Ok(())
    }

    fn leave(&mut self, levels: usize) {
        self.depth = self.depth.saturating_sub(levels);
    }

    /// How Prometheus describes the current token.
    #[inline(never)]
    fn found(&self) -> Found {
        let text = self.tok_text().to_string();
        match &self.tok.kind {
            TokenKind::Eof => Found::EndOfInput,
            TokenKind::LabelName => Found::Identifier(text),
            TokenKind::Word => {
                let lower = text.to_ascii_lowercase();
                if lower == "inf" || lower == "nan" {
                    Found::Number(text)
                } else if keywords::is_word_operator(&lower) {
                    Found::Operator(text)
                } else if aggregate_op(&lower).is_some() {
                    Found::Aggregator(text)
                } else if lower.starts_with("fill") && keywords::is_clause_keyword(&lower) {
                    if self.lx.followed_by_lparen(self.tok.span.end) {
                        Found::Keyword(text)
                    } else {
                        Found::Identifier(text)
                    }
                } else if keywords::is_clause_keyword(&lower) {
                    Found::Keyword(text)
                } else if keywords::is_one_of(&keywords::AT_FUNCTIONS, &lower)
                    || keywords::is_one_of(&keywords::DURATION_FUNCTIONS, &lower)
                {
                    Found::Quoted(text)
                } else if text.contains(':') {
                    Found::MetricIdentifier(text)
                } else {
                    Found::Identifier(text)
                }
            }
            TokenKind::Number => Found::Number(text),
            TokenKind::Duration => Found::Duration(text),
            TokenKind::Str(_) => Found::Str(text),
            TokenKind::LParen
            | TokenKind::RParen
            | TokenKind::LBrace
            | TokenKind::RBrace
            | TokenKind::LBracket
            | TokenKind::RBracket
            | TokenKind::Comma
            | TokenKind::Colon
            | TokenKind::Eql => Found::Quoted(text),
            TokenKind::At
            | TokenKind::Add
            | TokenKind::Sub
            | TokenKind::Mul
            | TokenKind::Div
            | TokenKind::Mod
            | TokenKind::Pow
            | TokenKind::EqlC
            | TokenKind::Neq
            | TokenKind::Lss
            | TokenKind::Lte
            | TokenKind::Gtr
            | TokenKind::Gte
            | TokenKind::EqlRegex
            | TokenKind::NeqRegex
            | TokenKind::TrimUpper
            | TokenKind::TrimLower => Found::Operator(text),
        }
    }

    #[inline(never)]
    fn unexpected(&self, context: Option<Context>, expected: Option<Expected>) -> ParseError {
        ParseError::new(
            self.tok.span.clone(),
            ParseErrorKind::Unexpected {
                found: self.found(),
                context,
                expected,
            },
        )
    }

    fn expect(&mut self, kind: TokenKind) -> Result<Token, ParseError> {
        if self.tok.kind == kind {
            self.bump()
        } else {
            Err(self.unexpected(None, None))
        }
    }

    fn parse_expr(&mut self) -> Result<Expr, ParseError> {
        self.parse_binary(0)
    }

    /// The current token as a binary operator.
    fn binary_op(&self) -> Option<BinaryOp> {
        use BinaryOp::*;
        Some(match self.tok.kind {
            TokenKind::Add => Add,
            TokenKind::Sub => Sub,
            TokenKind::Mul => Mul,
            TokenKind::Div => Div,
            TokenKind::Mod => Mod,
            TokenKind::Pow => Pow,
            TokenKind::EqlC => Eql,
            TokenKind::Neq => Neq,
            TokenKind::Lss => Lss,
            TokenKind::Lte => Lte,
            TokenKind::Gtr => Gtr,
            TokenKind::Gte => Gte,
            TokenKind::Word => {
                let t = self.tok_text();
                if word_is(t, "and") {
                    And
                } else if word_is(t, "or") {
                    Or
                } else if word_is(t, "unless") {
                    Unless
                } else if word_is(t, "atan2") {
                    Atan2
                } else {
                    return None;
                }
            }
            _ => return None,
        })
    }

    /// Binary operators binding at least as tightly as `min_prec`.
    fn parse_binary(&mut self, min_prec: u8) -> Result<Expr, ParseError> {
        let mut lhs = self.parse_unary()?;
        let mut chain = 0;
        if matches!(self.tok.kind, TokenKind::TrimUpper | TokenKind::TrimLower) {
            return Err(ParseError::new(
                self.tok.span.clone(),
                ParseErrorKind::TrimOperator(self.tok_text().to_string()),
            ));
        }
        while let Some(op) = self.binary_op() {
            let prec = op.precedence();
            if prec < min_prec {
                break;
            }
            self.bump()?;
            let (return_bool, matching) = self.parse_bin_modifiers(op)?;
            let next_min = if op.is_right_associative() {
                prec
            } else {
                prec + 1
            };
            self.enter(1)?;
            chain += 1;
            let rhs = self.parse_binary(next_min)?;
            let span = lhs.span.start..rhs.span.end;
            lhs = Expr {
                kind: ExprKind::Binary(BinaryExpr {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                    return_bool,
                    matching,
                }),
                span,
            };
        }
        self.leave(chain);
        Ok(lhs)
    }

    /// `bool`, `on(...)`/`ignoring(...)`, `group_left(...)`/`group_right(...)`.
    #[inline(never)]
    fn parse_bin_modifiers(
        &mut self,
        op: BinaryOp,
    ) -> Result<(bool, Option<VectorMatching>), ParseError> {
        let return_bool = self.at_word("bool");
        if return_bool {
            self.bump()?;
        }
        let mut on = false;
        let mut labels = Vec::new();
        let mut include = Vec::new();
        let mut card = Cardinality::OneToOne;
        let mut written = false;
        if self.at_word("on") || self.at_word("ignoring") {
            on = self.at_word("on");
            self.bump()?;
            labels = self.parse_grouping_labels()?;
            written = true;
            if self.at_word("group_left") || self.at_word("group_right") {
                card = if self.at_word("group_left") {
                    Cardinality::ManyToOne
                } else {
                    Cardinality::OneToMany
                };
                self.bump()?;
                if self.tok.kind == TokenKind::LParen {
                    include = self.parse_grouping_labels()?;
                }
            }
        }
        for fill in ["fill", "fill_left", "fill_right"] {
            if self.at_word(fill) && self.lx.followed_by_lparen(self.tok.span.end) {
                return Err(ParseError::new(
                    self.tok.span.clone(),
                    ParseErrorKind::FillNotEnabled,
                ));
            }
        }
        if op.is_set() && card == Cardinality::OneToOne {
            card = Cardinality::ManyToMany;
        }
        let default_card = if op.is_set() {
            Cardinality::ManyToMany
        } else {
            Cardinality::OneToOne
        };
        let matching = (written && (on || !labels.is_empty() || card != default_card)).then_some(
            VectorMatching {
                card,
                on,
                labels,
                include,
            },
        );
        Ok((return_bool, matching))
    }

    /// `( label, "label", ... )` after `by`, `without`, `on`, `ignoring`, `group_x`.
    fn parse_grouping_labels(&mut self) -> Result<Vec<String>, ParseError> {
        if self.tok.kind != TokenKind::LParen {
            return Err(self.unexpected(Some(Context::GroupingOpts), Some(Expected::LeftParen)));
        }
        self.bump()?;
        let mut labels = Vec::new();
        loop {
            if self.tok.kind == TokenKind::RParen {
                self.bump()?;
                return Ok(labels);
            }
            let label = match &self.tok.kind {
                TokenKind::Word if !matches!(self.found(), Found::Number(_)) => {
                    self.tok_text().to_string()
                }
                TokenKind::Str(s) if s.is_empty() => {
                    return Err(ParseError::new(
                        self.tok.span.clone(),
                        ParseErrorKind::InvalidGroupingLabel(String::new()),
                    ))
                }
                TokenKind::Str(s) => s.clone(),
                _ => {
                    return Err(self.unexpected(Some(Context::GroupingOpts), Some(Expected::Label)))
                }
            };
            self.bump()?;
            labels.push(label);
            match self.tok.kind {
                TokenKind::Comma => {
                    self.bump()?;
                }
                TokenKind::RParen => {}
                _ => {
                    return Err(
                        self.unexpected(Some(Context::GroupingOpts), Some(Expected::CommaOrParen))
                    )
                }
            }
        }
    }

    /// Unary `-`/`+` bind like `*`: looser than `^`, tighter than everything else.
    fn parse_unary(&mut self) -> Result<Expr, ParseError> {
        let op = match self.tok.kind {
            TokenKind::Add => UnaryOp::Pos,
            TokenKind::Sub => UnaryOp::Neg,
            _ => return self.parse_postfix(),
        };
        let op_tok = self.bump()?;
        self.enter(1)?;
        let operand = self.parse_binary(BinaryOp::Pow.precedence())?;
        self.leave(1);
        let span = op_tok.span.start..operand.span.end;
        Ok(match operand.kind {
            ExprKind::Number(v) => Expr {
                kind: ExprKind::Number(if op == UnaryOp::Neg { -v } else { v }),
                span,
            },
            _ => Expr {
                kind: ExprKind::Unary(op, Box::new(operand)),
                span,
            },
        })
    }

    /// An operand followed by `[range]`, `[range:step]`, `offset`, `@` in any number.
    fn parse_postfix(&mut self) -> Result<Expr, ParseError> {
        let mut expr = self.parse_primary()?;
        let mut levels = 0;
        loop {
            match self.tok.kind {
                TokenKind::LBracket => {
                    self.enter(1)?;
                    levels += 1;
                    expr = self.parse_range_or_subquery(expr)?;
                }
                TokenKind::At => expr = self.parse_at(expr)?,
                TokenKind::Word if self.at_word("offset") => expr = self.parse_offset(expr)?,
                TokenKind::Word if self.at_word("anchored") || self.at_word("smoothed") => {
                    let name = if self.at_word("anchored") {
                        "anchored"
                    } else {
                        "smoothed"
                    };
                    let tok = self.bump()?;
                    let span = expr.span.start..tok.span.end;
                    return Err(ParseError::new(
                        span,
                        ParseErrorKind::ExperimentalModifier(name),
                    ));
                }
                _ => break,
            }
        }
        self.leave(levels);
        Ok(expr)
    }

    /// An operand. Leaves that cannot recurse are parsed in separate, non-inlined
    /// functions so that their locals stay off the recursive path's stack frames.
    fn parse_primary(&mut self) -> Result<Expr, ParseError> {
        match &self.tok.kind {
            TokenKind::LParen => self.parse_paren(),
            TokenKind::Word => match self.word_role() {
                WordRole::Aggregation(op) => self.parse_aggregation(op),
                WordRole::Call => self.parse_call(),
                WordRole::Number(_) | WordRole::Selector | WordRole::Unexpected => {
                    self.parse_leaf()
                }
            },
            _ => self.parse_leaf(),
        }
    }

    fn parse_paren(&mut self) -> Result<Expr, ParseError> {
        let open = self.bump()?;
        self.enter(1)?;
        let inner = Box::new(self.parse_expr()?);
        self.leave(1);
        let close = self.expect(TokenKind::RParen)?;
        Ok(Expr {
            kind: ExprKind::Paren(inner),
            span: open.span.start..close.span.end,
        })
    }

    /// Literals, selectors and errors: operands without sub-expressions.
    #[inline(never)]
    fn parse_leaf(&mut self) -> Result<Expr, ParseError> {
        match &self.tok.kind {
            TokenKind::Number => {
                let tok = self.bump()?;
                let v = parse_number(self.text(&tok.span))
                    .map_err(|k| ParseError::new(tok.span.clone(), k))?;
                Ok(Expr {
                    kind: ExprKind::Number(v),
                    span: tok.span,
                })
            }
            TokenKind::Duration => {
                let tok = self.bump()?;
                let ns = parse_duration_ns(self.text(&tok.span))
                    .map_err(|e| ParseError::new(tok.span.clone(), e.into()))?;
                Ok(Expr {
                    kind: ExprKind::Number(ns as f64 / 1e9),
                    span: tok.span,
                })
            }
            TokenKind::Str(s) => {
                let value = s.clone();
                let tok = self.bump()?;
                Ok(Expr {
                    kind: ExprKind::String(value),
                    span: tok.span,
                })
            }
            TokenKind::LBrace => self.parse_selector(None),
            TokenKind::Word => match self.word_role() {
                WordRole::Number(v) => {
                    let tok = self.bump()?;
                    Ok(Expr {
                        kind: ExprKind::Number(v),
                        span: tok.span,
                    })
                }
                WordRole::Selector => {
                    let tok = self.bump()?;
                    self.parse_selector(Some(tok))
                }
                _ => Err(self.unexpected(None, None)),
            },
            _ => Err(self.unexpected(None, None)),
        }
    }

    /// What the current word means in operand position.
    #[inline(never)]
    fn word_role(&self) -> WordRole {
        let text = self.tok_text();
        if word_is(text, "inf") {
            return WordRole::Number(f64::INFINITY);
        }
        if word_is(text, "nan") {
            return WordRole::Number(f64::NAN);
        }
        if NOT_METRIC_NAMES.iter().any(|k| word_is(text, k)) {
            return WordRole::Unexpected;
        }
        let after = self.tok.span.end;
        if let Some(op) = aggregate_op(text) {
            let next_word: String = self
                .lx
                .input()
                .get(after..)
                .unwrap_or_default()
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let next_is_by = word_is(&next_word, "by") || word_is(&next_word, "without");
            if next_is_by || self.lx.followed_by_lparen(after) {
                return WordRole::Aggregation(op);
            }
            return WordRole::Selector;
        }
        let keyword_name = keywords::is_clause_keyword(text)
            || keywords::is_one_of(&keywords::SET_OPERATORS, text);
        if !keyword_name && self.lx.followed_by_lparen(after) {
            return WordRole::Call;
        }
        WordRole::Selector
    }

    /// `( args )` with Prometheus's trailing-comma rule; returns the args and the `)` end.
    fn parse_call_args(&mut self) -> Result<(Vec<Expr>, usize), ParseError> {
        self.expect(TokenKind::LParen)?;
        self.enter(1)?;
        let mut args = Vec::new();
        if self.tok.kind != TokenKind::RParen {
            loop {
                args.push(self.parse_expr()?);
                if self.tok.kind != TokenKind::Comma {
                    break;
                }
                let comma = self.bump()?;
                if self.tok.kind == TokenKind::RParen {
                    return Err(ParseError::new(comma.span, ParseErrorKind::TrailingComma));
                }
            }
        }
        self.leave(1);
        let close = self.expect(TokenKind::RParen)?;
        Ok((args, close.span.end))
    }

    fn parse_call(&mut self) -> Result<Expr, ParseError> {
        let name_tok = self.bump()?;
        let name = self.text(&name_tok.span);
        let (args, end) = self.parse_call_args()?;
        let func = lookup_function(name).ok_or_else(|| {
            ParseError::new(
                name_tok.span.clone(),
                ParseErrorKind::UnknownFunction(name.to_string()),
            )
        })?;
        if func.experimental {
            return Err(ParseError::new(
                name_tok.span,
                ParseErrorKind::FunctionNotEnabled(name.to_string()),
            ));
        }
        Ok(Expr {
            kind: ExprKind::Call(Call { func, args }),
            span: name_tok.span.start..end,
        })
    }

    fn parse_grouping(&mut self) -> Result<Option<Grouping>, ParseError> {
        if !(self.at_word("by") || self.at_word("without")) {
            return Ok(None);
        }
        let without = self.at_word("without");
        self.bump()?;
        let labels = self.parse_grouping_labels()?;
        Ok(Some(Grouping { without, labels }))
    }

    fn parse_aggregation(&mut self, op: AggregateOp) -> Result<Expr, ParseError> {
        let op_tok = self.bump()?;
        let before = self.parse_grouping()?;
        let (mut args, mut end) = self.parse_call_args()?;
        let grouping = match before {
            Some(g) => Some(g),
            None => {
                let after = self.parse_grouping()?;
                if after.is_some() {
                    end = self.prev_end;
                }
                after
            }
        };
        let span = op_tok.span.start..end;
        if args.is_empty() {
            return Err(ParseError::new(span, ParseErrorKind::NoAggregateArgs));
        }
        if matches!(op, AggregateOp::Limitk | AggregateOp::LimitRatio) {
            return Err(ParseError::new(
                span,
                ParseErrorKind::ExperimentalAggregator(op.as_str()),
            ));
        }
        let want = if op.takes_param() { 2 } else { 1 };
        if args.len() != want {
            return Err(ParseError::new(
                span,
                ParseErrorKind::WrongAggregateArgs(want, args.len()),
            ));
        }
        let expr = args.pop();
        let param = args.pop().map(Box::new);
        let Some(expr) = expr else {
            return Err(ParseError::new(span, ParseErrorKind::NoAggregateArgs));
        };
        Ok(Expr {
            kind: ExprKind::Aggregate(AggregateExpr {
                op,
                expr: Box::new(expr),
                param,
                grouping,
            }),
            span,
        })
    }
}

#[cfg(test)]
mod tests;
