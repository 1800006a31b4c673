//! What may follow an operand: range `[5m]`, subquery `[30m:1m]`, `offset` and `@`,
//! with Prometheus's rules on where each is allowed and how durations are read.

use super::literals::parse_number;
use super::{Parser, Span};
use crate::go::duration::parse_duration_ns;
use crate::promql::ast::{AtModifier, Expr, ExprKind, MatrixSelector, Subquery};
use crate::promql::lexer::TokenKind;
use crate::promql::parse_error::{Context, Expected, Found, ParseError, ParseErrorKind};

/// Largest duration Prometheus accepts, in seconds (what fits in Go's `time.Duration`).
const MAX_DURATION_SECS: f64 = 9_223_372_036.854_775;

impl Parser<'_> {
    /// A literal duration inside `[...]`, signed or not; returns (seconds, span).
    fn parse_bracket_duration(
        &mut self,
        context: Context,
        expected: Expected,
    ) -> Result<(f64, Span), ParseError> {
        let start = self.tok.span.start;
        let mut sign = 1.0;
        while matches!(self.tok.kind, TokenKind::Add | TokenKind::Sub) {
            if self.tok.kind == TokenKind::Sub {
                sign = -sign;
            }
            self.bump()?;
        }
        let value = match self.tok.kind {
            TokenKind::Number | TokenKind::Duration => self.literal_seconds()?,
            TokenKind::LParen | TokenKind::Word => {
                return Err(ParseError::new(
                    self.tok.span.clone(),
                    ParseErrorKind::ExperimentalDuration,
                ))
            }
            _ => return Err(self.unexpected(Some(context), Some(expected))),
        };
        let span = start..self.prev_end;
        if matches!(
            self.tok.kind,
            TokenKind::Add
                | TokenKind::Sub
                | TokenKind::Mul
                | TokenKind::Div
                | TokenKind::Mod
                | TokenKind::Pow
        ) {
            return Err(ParseError::new(span, ParseErrorKind::ExperimentalDuration));
        }
        let value = sign * value;
        if value.abs() > MAX_DURATION_SECS {
            return Err(ParseError::new(span, ParseErrorKind::DurationOutOfRange));
        }
        if value <= 0.0 || value.is_nan() {
            return Err(ParseError::new(span, ParseErrorKind::DurationNotPositive));
        }
        Ok((value, span))
    }

    /// Consumes a number or duration token and returns its value in seconds.
    fn literal_seconds(&mut self) -> Result<f64, ParseError> {
        let tok = self.bump()?;
        let text = self.text(&tok.span);
        let result = if tok.kind == TokenKind::Duration {
            parse_duration_ns(text)
                .map(|ns| ns as f64 / 1e9)
                .map_err(ParseErrorKind::from)
        } else {
            parse_number(text)
        };
        result.map_err(|k| ParseError::new(tok.span, k))
    }

    #[inline(never)]
    pub(super) fn parse_range_or_subquery(&mut self, expr: Expr) -> Result<Expr, ParseError> {
        let open = self.bump()?;
        let (range, _) =
            self.parse_bracket_duration(Context::SubqueryOrRangeSelector, Expected::Duration)?;
        let range_ms = secs_to_ms(range);
        match self.tok.kind {
            TokenKind::RBracket => {
                let close = self.bump()?;
                let bracket_span = open.span.start..close.span.end;
                let ExprKind::VectorSelector(selector) = expr.kind else {
                    return Err(ParseError::new(
                        bracket_span,
                        ParseErrorKind::RangeNotOnSelector,
                    ));
                };
                if selector.offset_ms != 0 {
                    return Err(ParseError::new(
                        bracket_span,
                        ParseErrorKind::OffsetBeforeRange,
                    ));
                }
                if selector.at.is_some() {
                    return Err(ParseError::new(bracket_span, ParseErrorKind::AtBeforeRange));
                }
                Ok(Expr {
                    kind: ExprKind::MatrixSelector(MatrixSelector { selector, range_ms }),
                    span: expr.span.start..close.span.end,
                })
            }
            TokenKind::Colon => {
                self.bump()?;
                let step_ms = if self.tok.kind == TokenKind::RBracket {
                    None
                } else {
                    let (step, _) = self.parse_bracket_duration(
                        Context::SubquerySelector,
                        Expected::DurationOrBracket,
                    )?;
                    Some(secs_to_ms(step))
                };
                if self.tok.kind != TokenKind::RBracket {
                    return Err(self.unexpected(
                        Some(Context::SubquerySelector),
                        Some(Expected::RightBracket),
                    ));
                }
                let close = self.bump()?;
                Ok(Expr {
                    span: expr.span.start..close.span.end,
                    kind: ExprKind::Subquery(Subquery {
                        expr: Box::new(expr),
                        range_ms,
                        step_ms,
                        offset_ms: 0,
                        at: None,
                    }),
                })
            }
            _ => Err(self.unexpected(
                Some(Context::SubqueryOrRange),
                Some(Expected::ColonOrBracket),
            )),
        }
    }

    #[inline(never)]
    pub(super) fn parse_offset(&mut self, mut expr: Expr) -> Result<Expr, ParseError> {
        self.bump()?;
        let start = self.tok.span.start;
        let mut sign = 1.0;
        if matches!(self.tok.kind, TokenKind::Add | TokenKind::Sub) {
            if self.tok.kind == TokenKind::Sub {
                sign = -1.0;
            }
            self.bump()?;
        }
        let value = match self.tok.kind {
            TokenKind::Number | TokenKind::Duration => sign * self.literal_seconds()?,
            TokenKind::Word if matches!(self.found(), Found::Number(_)) => {
                self.bump()?;
                return Err(ParseError::new(
                    start..self.prev_end,
                    ParseErrorKind::DurationOutOfRange,
                ));
            }
            TokenKind::LParen => {
                return Err(ParseError::new(
                    self.tok.span.clone(),
                    ParseErrorKind::ExperimentalDuration,
                ))
            }
            TokenKind::Word
                if ["step", "range", "min_of", "max_of"]
                    .iter()
                    .any(|k| self.at_word(k)) =>
            {
                return Err(ParseError::new(
                    self.tok.span.clone(),
                    ParseErrorKind::ExperimentalDuration,
                ))
            }
            _ => return Err(self.unexpected(Some(Context::Offset), Some(Expected::Duration))),
        };
        if value.abs() > MAX_DURATION_SECS || value.is_nan() {
            return Err(ParseError::new(
                start..self.prev_end,
                ParseErrorKind::DurationOutOfRange,
            ));
        }
        let offset = secs_to_ms(value);
        let slot = match &mut expr.kind {
            ExprKind::VectorSelector(vs) => &mut vs.offset_ms,
            ExprKind::MatrixSelector(ms) => &mut ms.selector.offset_ms,
            ExprKind::Subquery(sq) => &mut sq.offset_ms,
            _ => return Err(ParseError::new(expr.span, ParseErrorKind::OffsetNotAllowed)),
        };
        if *slot != 0 {
            return Err(ParseError::new(expr.span, ParseErrorKind::OffsetTwice));
        }
        *slot = offset;
        expr.span.end = self.prev_end;
        Ok(expr)
    }

    #[inline(never)]
    pub(super) fn parse_at(&mut self, mut expr: Expr) -> Result<Expr, ParseError> {
        self.bump()?;
        let at = if self.at_word("start") || self.at_word("end") {
            let start = self.at_word("start");
            self.bump()?;
            self.expect(TokenKind::LParen)?;
            self.expect(TokenKind::RParen)?;
            if start {
                AtModifier::Start
            } else {
                AtModifier::End
            }
        } else {
            let mut sign = 1.0;
            if matches!(self.tok.kind, TokenKind::Add | TokenKind::Sub) {
                if self.tok.kind == TokenKind::Sub {
                    sign = -1.0;
                }
                self.bump()?;
            }
            let ts = match self.tok.kind {
                TokenKind::Number | TokenKind::Duration => sign * self.literal_seconds()?,
                TokenKind::Word if matches!(self.found(), Found::Number(_)) => {
                    let v = if self.at_word("nan") {
                        f64::NAN
                    } else {
                        f64::INFINITY
                    };
                    self.bump()?;
                    sign * v
                }
                _ => return Err(self.unexpected(Some(Context::At), Some(Expected::Timestamp))),
            };
            let ms = (ts * 1000.0).round();
            if !ms.is_finite() || ms >= i64::MAX as f64 || ms <= i64::MIN as f64 {
                return Err(ParseError::new(
                    expr.span,
                    ParseErrorKind::AtOutOfBounds(ts),
                ));
            }
            AtModifier::Timestamp(ms as i64)
        };
        let slot = match &mut expr.kind {
            ExprKind::VectorSelector(vs) => &mut vs.at,
            ExprKind::MatrixSelector(ms) => &mut ms.selector.at,
            ExprKind::Subquery(sq) => &mut sq.at,
            _ => return Err(ParseError::new(expr.span, ParseErrorKind::AtNotAllowed)),
        };
        if slot.is_some() {
            return Err(ParseError::new(expr.span, ParseErrorKind::AtTwice));
        }
        *slot = Some(at);
        expr.span.end = self.prev_end;
        Ok(expr)
    }
}

/// Seconds to whole milliseconds, rounding.
fn secs_to_ms(secs: f64) -> i64 {
    (secs * 1000.0).round() as i64
}
