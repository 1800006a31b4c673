//! Which queries the lens explains, and which selector's raw samples a chart can show.

use crate::promql::ast::{Expr, ExprKind, VectorSelector};

/// The range functions the lens knows how to explain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LensFn {
    /// `rate`: extrapolated increase per second.
    Rate,
    /// `increase`: extrapolated increase.
    Increase,
    /// `delta`: extrapolated difference (gauges, no reset handling).
    Delta,
    /// `irate`: per-second rate of the last two samples.
    Irate,
    /// `idelta`: difference of the last two samples.
    Idelta,
    /// `sum_over_time`.
    Sum,
    /// `avg_over_time`.
    Avg,
    /// `min_over_time`.
    Min,
    /// `max_over_time`.
    Max,
    /// `count_over_time`.
    Count,
    /// `last_over_time`.
    Last,
}

impl LensFn {
    /// The function of a PromQL name, if the lens explains it.
    pub fn from_name(name: &str) -> Option<LensFn> {
        Some(match name {
            "rate" => LensFn::Rate,
            "increase" => LensFn::Increase,
            "delta" => LensFn::Delta,
            "irate" => LensFn::Irate,
            "idelta" => LensFn::Idelta,
            "sum_over_time" => LensFn::Sum,
            "avg_over_time" => LensFn::Avg,
            "min_over_time" => LensFn::Min,
            "max_over_time" => LensFn::Max,
            "count_over_time" => LensFn::Count,
            "last_over_time" => LensFn::Last,
            _ => return None,
        })
    }

    /// The PromQL name.
    pub fn name(self) -> &'static str {
        match self {
            LensFn::Rate => "rate",
            LensFn::Increase => "increase",
            LensFn::Delta => "delta",
            LensFn::Irate => "irate",
            LensFn::Idelta => "idelta",
            LensFn::Sum => "sum_over_time",
            LensFn::Avg => "avg_over_time",
            LensFn::Min => "min_over_time",
            LensFn::Max => "max_over_time",
            LensFn::Count => "count_over_time",
            LensFn::Last => "last_over_time",
        }
    }
}

/// A query the lens can explain: the function, its selector and its window.
#[derive(Clone, Debug, PartialEq)]
pub struct LensTarget {
    /// The function.
    pub func: LensFn,
    /// The selector inside the range.
    pub selector: VectorSelector,
    /// The window length, ms.
    pub range_ms: i64,
    /// True when the call sits inside an aggregation (the lens then shows one input).
    pub aggregated: bool,
}

/// The lens target of `expr`: `f(selector[range])`, possibly in parentheses or inside
/// aggregations. `@` modifiers are not explained.
pub fn lens_target(expr: &Expr) -> Option<LensTarget> {
    match &expr.kind {
        ExprKind::Paren(inner) => lens_target(inner),
        ExprKind::Aggregate(a) => lens_target(&a.expr).map(|t| LensTarget {
            aggregated: true,
            ..t
        }),
        ExprKind::Call(call) => {
            let func = LensFn::from_name(call.func.name)?;
            let [arg] = call.args.as_slice() else {
                return None;
            };
            match &arg.kind {
                ExprKind::MatrixSelector(m) if m.selector.at.is_none() => Some(LensTarget {
                    func,
                    selector: m.selector.clone(),
                    range_ms: m.range_ms,
                    aggregated: false,
                }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The one selector whose raw samples stand behind `expr`: the selector itself, or the
/// only selector under functions, aggregations and parentheses. The flag says whether
/// the result keeps the raw samples' units (a plain selector) or not.
pub fn single_selector(expr: &Expr) -> Option<(&VectorSelector, bool)> {
    match &expr.kind {
        ExprKind::VectorSelector(v) => Some((v, true)),
        ExprKind::MatrixSelector(m) => Some((&m.selector, false)),
        ExprKind::Paren(inner) => single_selector(inner),
        ExprKind::Aggregate(a) => single_selector(&a.expr).map(|(s, _)| (s, false)),
        ExprKind::Call(call) => {
            let mut found = call.args.iter().filter_map(single_selector);
            let first = found.next()?;
            found.next().is_none().then_some((first.0, false))
        }
        _ => None,
    }
}
