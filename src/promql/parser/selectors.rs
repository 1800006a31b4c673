//! Vector selectors: `name`, `name{matchers}` and `{matchers}`, with Prometheus 3's quoted
//! metric and label names.

use super::{Parser, Token};
use crate::promql::ast::{Expr, ExprKind, VectorSelector};
use crate::promql::lexer::TokenKind;
use crate::promql::parse_error::{Context, Expected, ParseError, ParseErrorKind};
use crate::store::{MatchOp, Matcher};

impl Parser<'_> {
    /// `name`, `name{...}` or `{...}`; `name` has been consumed if given.
    #[inline(never)]
    pub(super) fn parse_selector(&mut self, name: Option<Token>) -> Result<Expr, ParseError> {
        let start = name.as_ref().map_or(self.tok.span.start, |t| t.span.start);
        let mut end = name.as_ref().map_or(start, |t| t.span.end);
        let mut matchers = Vec::new();
        if self.tok.kind == TokenKind::LBrace {
            self.bump()?;
            end = self.parse_matchers(&mut matchers)?;
        }
        let name = name.map(|t| self.text(&t.span).to_string());
        if let Some(n) = &name {
            matchers.push(Matcher::equal("__name__", n));
        }
        Ok(Expr {
            kind: ExprKind::VectorSelector(VectorSelector {
                name,
                matchers,
                offset_ms: 0,
                at: None,
            }),
            span: start..end,
        })
    }

    /// Matchers up to and including `}`; returns the end of `}`.
    fn parse_matchers(&mut self, out: &mut Vec<Matcher>) -> Result<usize, ParseError> {
        let ctx = Some(Context::LabelMatching);
        loop {
            if self.tok.kind == TokenKind::RBrace {
                return Ok(self.bump()?.span.end);
            }
            let (name, name_span, quoted) = match &self.tok.kind {
                TokenKind::LabelName => (self.tok_text().to_string(), self.tok.span.clone(), false),
                TokenKind::Str(s) => (s.clone(), self.tok.span.clone(), true),
                _ => return Err(self.unexpected(ctx, Some(Expected::IdentifierOrBrace))),
            };
            self.bump()?;
            let op = match self.tok.kind {
                TokenKind::Eql => Some(MatchOp::Equal),
                TokenKind::Neq => Some(MatchOp::NotEqual),
                TokenKind::EqlRegex => Some(MatchOp::Regex),
                TokenKind::NeqRegex => Some(MatchOp::NotRegex),
                _ => None,
            };
            match op {
                Some(op) => {
                    self.bump()?;
                    let TokenKind::Str(value) = &self.tok.kind else {
                        return Err(self.unexpected(ctx, Some(Expected::String)));
                    };
                    let value = value.clone();
                    let value_tok = self.bump()?;
                    let m = Matcher::new(op, &name, &value).map_err(|e| {
                        ParseError::new(
                            name_span.start..value_tok.span.end,
                            ParseErrorKind::InvalidRegex(e.message),
                        )
                    })?;
                    out.push(m);
                }
                None if quoted => out.push(Matcher::equal("__name__", &name)),
                None => return Err(self.unexpected(ctx, Some(Expected::LabelMatchOp))),
            }
            match self.tok.kind {
                TokenKind::Comma => {
                    self.bump()?;
                }
                TokenKind::RBrace => {}
                _ => return Err(self.unexpected(ctx, Some(Expected::CommaOrBrace))),
            }
        }
    }
}
