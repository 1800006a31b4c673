//! The checks on calls and counters, each reading the AST and, when it finds something, fixing a copy of
//! it so the fix is always a query the parser accepts.

use crate::promql::ast::{
    AggregateOp, Call, Expr, ExprKind, MatrixSelector, Span, Subquery, VectorSelector,
};
use crate::promql::lookup_function;
use crate::store::{MatchOp, METRIC_NAME};

use super::context::LintContext;
use super::fix::fixed_query;
use super::lints::{Lint, LintKind};

/// Functions that treat their range as counter samples.
const COUNTER_FUNCS: [&str; 4] = ["rate", "irate", "increase", "resets"];

/// Functions whose window needs at least two samples, besides `*_over_time`.
const WINDOW_FUNCS: [&str; 9] = [
    "rate",
    "irate",
    "increase",
    "delta",
    "idelta",
    "deriv",
    "resets",
    "changes",
    "predict_linear",
];

/// The metric name a selector selects, if it names exactly one.
pub(super) fn metric_name(vs: &VectorSelector) -> Option<&str> {
    vs.name.as_deref().or_else(|| {
        vs.matchers
            .iter()
            .find(|m| m.name == METRIC_NAME && m.op == MatchOp::Equal)
            .map(|m| m.value.as_str())
    })
}

/// `e` without its enclosing parentheses, and the path steps skipped.
fn unparen(e: &Expr) -> (&Expr, usize) {
    match &e.kind {
        ExprKind::Paren(inner) => {
            let (x, n) = unparen(inner);
            (x, n + 1)
        }
        _ => (e, 0),
    }
}

/// (a) A counter graphed raw: the top-level expression or what it aggregates.
pub fn raw_counter(root: &Expr, ctx: &LintContext, out: &mut Vec<Lint>) {
    let mut path = Vec::new();
    let mut e = root;
    loop {
        match &e.kind {
            ExprKind::Paren(inner) => {
                path.push(0);
                e = inner;
            }
            ExprKind::Aggregate(a)
                if !matches!(
                    a.op,
                    AggregateOp::Count | AggregateOp::Group | AggregateOp::CountValues
                ) =>
            {
                // The aggregated expression comes after the parameter, if any.
                path.push(usize::from(a.param.is_some()));
                e = &a.expr;
            }
            ExprKind::VectorSelector(vs) => {
                let Some(name) = metric_name(vs).filter(|n| ctx.is_counter(n)) else {
                    return;
                };
                let range_ms = ctx.rate_range_for(vs);
                let fix = fixed_query(root, &path, |node| {
                    let (ExprKind::VectorSelector(vs), Some(func)) =
                        (&node.kind, lookup_function("rate"))
                    else {
                        return false;
                    };
                    let span = node.span.clone();
                    let args = vec![matrix(vs.clone(), range_ms, span.clone())];
                    *node = Expr {
                        kind: ExprKind::Call(Call { func, args }),
                        span,
                    };
                    true
                });
                out.push(Lint {
                    kind: LintKind::RawCounter {
                        metric: name.to_string(),
                        range_ms,
                    },
                    span: e.span.clone(),
                    fixes: fix.into_iter().collect(),
                });
                return;
            }
            _ => return,
        }
    }
}

/// `vs[range]`.
fn matrix(selector: VectorSelector, range_ms: i64, span: Span) -> Expr {
    Expr {
        kind: ExprKind::MatrixSelector(MatrixSelector { selector, range_ms }),
        span,
    }
}

/// (b), (c), (d): checks on every call, anywhere in the query.
pub fn calls(root: &Expr, ctx: &LintContext, out: &mut Vec<Lint>) {
    root.inspect(|e, path| {
        if let ExprKind::Call(c) = &e.kind {
            rate_on_gauge(root, e, c, path, ctx, out);
            range_too_short(root, c, path, ctx, out);
            rate_of_aggregation(root, e, c, path, out);
        }
    });
}

/// (b) `rate`/`irate`/`increase` on a gauge: `deriv` (or `delta` for `increase`).
fn rate_on_gauge(
    root: &Expr,
    e: &Expr,
    c: &Call,
    path: &[usize],
    ctx: &LintContext,
    out: &mut Vec<Lint>,
) {
    let instead = match c.func.name {
        "rate" | "irate" => "deriv",
        "increase" => "delta",
        _ => return,
    };
    let Some(ExprKind::MatrixSelector(ms)) = c.args.first().map(|a| &a.kind) else {
        return;
    };
    let Some(metric) = metric_name(&ms.selector).filter(|n| ctx.is_gauge(n)) else {
        return;
    };
    let fix = fixed_query(root, path, |node| {
        match (&mut node.kind, lookup_function(instead)) {
            (ExprKind::Call(call), Some(func)) => {
                call.func = func;
                true
            }
            _ => false,
        }
    });
    out.push(Lint {
        kind: LintKind::RateOnGauge {
            func: c.func.name,
            metric: metric.to_string(),
            instead,
        },
        span: e.span.clone(),
        fixes: fix.into_iter().collect(),
    });
}

/// (c) A window shorter than two scrape intervals.
fn range_too_short(root: &Expr, c: &Call, path: &[usize], ctx: &LintContext, out: &mut Vec<Lint>) {
    let name = c.func.name;
    if !(WINDOW_FUNCS.contains(&name) || name.ends_with("_over_time")) {
        return;
    }
    for (i, arg) in c.args.iter().enumerate() {
        let ExprKind::MatrixSelector(ms) = &arg.kind else {
            continue;
        };
        let interval_ms = ctx.interval_for(&ms.selector);
        let suggested_ms = ctx.rate_range_for(&ms.selector);
        if ms.range_ms >= interval_ms.saturating_mul(2) {
            continue;
        }
        let mut arg_path = path.to_vec();
        arg_path.push(i);
        let fix = fixed_query(root, &arg_path, |node| match &mut node.kind {
            ExprKind::MatrixSelector(m) => {
                m.range_ms = suggested_ms;
                true
            }
            _ => false,
        });
        out.push(Lint {
            kind: LintKind::RangeTooShort {
                func: name,
                range_ms: ms.range_ms,
                interval_ms,
                suggested_ms,
            },
            span: arg.span.clone(),
            fixes: fix.into_iter().collect(),
        });
    }
}

/// (d) `rate(sum(x)[5m:])`: fixed as `sum(rate(x[5m]))` when the aggregation reads a
/// plain selector.
fn rate_of_aggregation(root: &Expr, e: &Expr, c: &Call, path: &[usize], out: &mut Vec<Lint>) {
    if !COUNTER_FUNCS.contains(&c.func.name) {
        return;
    }
    let Some(ExprKind::Subquery(sq)) = c.args.first().map(|a| &a.kind) else {
        return;
    };
    let (inner, _) = unparen(&sq.expr);
    let ExprKind::Aggregate(agg) = &inner.kind else {
        return;
    };
    let fix = fixed_query(root, path, |node| match swap_rate_inside(node, sq) {
        Some(fixed) => {
            *node = fixed;
            true
        }
        None => false,
    });
    out.push(Lint {
        kind: LintKind::RateOfAggregation {
            func: c.func.name,
            aggregation: agg.op.as_str(),
        },
        span: e.span.clone(),
        fixes: fix.into_iter().collect(),
    });
}

/// `f(agg(x)[r:])` as `agg(f(x[r]))`, the subquery's offset and `@` moved onto `x`;
/// `None` unless the aggregation reads a plain selector.
fn swap_rate_inside(node: &Expr, sq: &Subquery) -> Option<Expr> {
    let ExprKind::Call(c) = &node.kind else {
        return None;
    };
    let (inner, _) = unparen(&sq.expr);
    let ExprKind::Aggregate(agg) = &inner.kind else {
        return None;
    };
    let (target, _) = unparen(&agg.expr);
    let ExprKind::VectorSelector(vs) = &target.kind else {
        return None;
    };
    let mut selector = vs.clone();
    selector.offset_ms = selector.offset_ms.checked_add(sq.offset_ms)?;
    selector.at = selector.at.or(sq.at);
    let mut new_agg = agg.clone();
    new_agg.expr = Box::new(Expr {
        kind: ExprKind::Call(Call {
            func: c.func,
            args: vec![matrix(selector, sq.range_ms, target.span.clone())],
        }),
        span: node.span.clone(),
    });
    Some(Expr {
        kind: ExprKind::Aggregate(new_agg),
        span: node.span.clone(),
    })
}
