//! One-click fixes for the parse errors beginners make most, found from the error's kind
//! and fixed by editing the text at its span:
//!
//! - `missing-range`: a range function given a plain selector, `rate(x)` → `rate(x[1m])`
//!   (4 × the scrape interval of the selector's job);
//! - `unquoted-value`: a label value without quotes, `{job=my_app}` → `{job="my_app"}`.
//!
//! The corrected text is parsed again, and the same repairs applied to the next error
//! (`rate(x) / rate(y)` gets both ranges); a fix is offered only once the text parses.

use crate::go::duration::format_signed_duration;
use crate::go::quote::go_quote;
use crate::promql::ast::{Expr, ExprKind, MatrixSelector, Span};
use crate::promql::functions::ValueType;
use crate::promql::parse;
use crate::promql::parse_error::{Context, Expected, ParseErrorKind, TypeContext};
use crate::promql::ParseError;

use super::context::LintContext;
use super::lints::{Lint, LintKind};

/// How many errors one fix may repair in a row.
const MAX_STEPS: usize = 8;

/// Label matching operators, longest first so `!=` is not read as `=`.
const MATCH_OPS: [&str; 4] = ["!=", "=~", "!~", "="];

/// The fix for `error` in `text`, as a lint on the error's span whose one fix parses;
/// `None` when the error is not one of those repaired, or the repaired text still fails.
///
/// ```
/// use sonde::lint::{repair, LintContext};
/// use sonde::promql::parse;
///
/// let ctx = LintContext { scrape_interval_ms: 15_000, ..LintContext::default() };
/// let text = "sum(rate(http_requests_total{job=my_app}))";
/// let fix = repair(text, &parse(text).unwrap_err(), &ctx).unwrap();
/// assert_eq!(fix.code(), "unquoted-value");
/// assert_eq!(fix.fixes, ["sum(rate(http_requests_total{job=\"my_app\"}[1m]))"]);
/// ```
pub fn repair(text: &str, error: &ParseError, ctx: &LintContext) -> Option<Lint> {
    let (kind, mut fixed) = step(text, error, ctx)?;
    for _ in 0..MAX_STEPS {
        match parse(&fixed) {
            Ok(_) => {
                return Some(Lint {
                    kind,
                    span: error.span.clone(),
                    fixes: vec![fixed],
                })
            }
            Err(next) => fixed = step(&fixed, &next, ctx)?.1,
        }
    }
    None
}

/// What `error` is and the text with it repaired, if it is one this module repairs.
fn step(text: &str, error: &ParseError, ctx: &LintContext) -> Option<(LintKind, String)> {
    match error.kind.as_ref() {
        ParseErrorKind::ExpectedType {
            want: ValueType::Matrix,
            context: TypeContext::Call(func),
            got: ValueType::Vector,
        } => missing_range(text, &error.span, func, ctx),
        ParseErrorKind::Unexpected {
            context: Some(Context::LabelMatching),
            expected: Some(Expected::String),
            ..
        }
        | ParseErrorKind::UnexpectedCharInBraces(_) => unquoted_value(text, error.span.start),
        _ => None,
    }
}

/// `func(x)` → `func(x[r])`: the argument at `span`, when it is a selector (maybe in
/// parentheses), becomes a range selector. Without parentheses or modifiers the range is
/// inserted after it as is; otherwise the range selector is printed in its place
/// (`x offset 5m` → `x[1m] offset 5m`).
fn missing_range(
    text: &str,
    span: &Span,
    func: &'static str,
    ctx: &LintContext,
) -> Option<(LintKind, String)> {
    let arg = parse(text.get(span.clone())?).ok()?;
    let mut inner = &arg;
    while let ExprKind::Paren(e) = &inner.kind {
        inner = e;
    }
    let ExprKind::VectorSelector(vs) = &inner.kind else {
        return None;
    };
    let range_ms = ctx.rate_range_for(vs);
    let interval_ms = ctx.interval_for(vs);
    let plain = !matches!(arg.kind, ExprKind::Paren(_)) && vs.offset_ms == 0 && vs.at.is_none();
    let replacement = if plain {
        format!(
            "{}[{}]",
            text.get(span.clone())?,
            format_signed_duration(range_ms)
        )
    } else {
        Expr {
            kind: ExprKind::MatrixSelector(MatrixSelector {
                selector: vs.clone(),
                range_ms,
            }),
            span: span.clone(),
        }
        .to_string()
    };
    let fixed = replace(text, span.clone(), &replacement)?;
    let kind = LintKind::MissingRange {
        func,
        range_ms,
        interval_ms,
    };
    Some((kind, fixed))
}

/// `{job=my_app}` → `{job="my_app"}`: the value starting at `at`, right after a label
/// matching operator, up to the next `,`, `}` or line end, is quoted (unless it holds a
/// quote itself).
fn unquoted_value(text: &str, at: usize) -> Option<(LintKind, String)> {
    let before = text.get(..at)?.trim_end();
    let op = MATCH_OPS.into_iter().find(|op| before.ends_with(op))?;
    let name_part = before.get(..before.len() - op.len())?.trim_end();
    let label_start = name_part
        .rfind(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .map_or(0, |i| i + 1);
    let label = name_part.get(label_start..)?;
    let rest = text.get(at..)?;
    let value = rest[..rest.find([',', '}', '\n']).unwrap_or(rest.len())].trim_end();
    if value.is_empty() || label.is_empty() || value.contains(['"', '\'', '`']) {
        return None;
    }
    let fixed = replace(text, at..at + value.len(), &go_quote(value))?;
    let kind = LintKind::UnquotedValue {
        label: label.to_string(),
        value: value.to_string(),
    };
    Some((kind, fixed))
}

/// `text` with `span` replaced by `with`.
fn replace(text: &str, span: Span, with: &str) -> Option<String> {
    Some(format!(
        "{}{with}{}",
        text.get(..span.start)?,
        text.get(span.end..)?
    ))
}
