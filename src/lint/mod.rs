//! Lints with one-click fixes: mistakes a learner makes with counters and windows, found
//! on the parsed query, explained in French or English, each with the whole corrected
//! query printed from a corrected AST (so a fix always parses).
//!
//! - `raw-counter`: a counter graphed without `rate()` (at the top, or under aggregations);
//! - `rate-on-gauge`: `rate`/`irate` on a gauge (use `deriv`), `increase` (use `delta`);
//! - `range-too-short`: a window under two scrape intervals in a rate-family or
//!   `*_over_time` call;
//! - `rate-of-aggregation`: `rate(sum(x)[5m:])`, to be written `sum(rate(x[5m]))`.

mod checks;
mod context;
mod fix;
mod lints;

pub use context::{LintContext, DEFAULT_SCRAPE_INTERVAL_MS};
pub use lints::{Lint, LintKind};

use crate::promql::ast::Expr;

/// Every lint on `expr`: `raw-counter` first, then the checks on calls in query order.
///
/// ```
/// use sonde::lang::Lang;
/// use sonde::lint::{lint, LintContext};
/// use sonde::promql::parse;
///
/// let ctx = LintContext { scrape_interval_ms: 15_000, ..LintContext::default() };
/// let lints = lint(&parse("sum(http_requests_total)").unwrap(), &ctx);
/// assert_eq!(lints[0].code(), "raw-counter");
/// assert_eq!(lints[0].fix.as_deref(), Some("sum(rate(http_requests_total[1m]))"));
/// assert!(lints[0].message(Lang::Fr).contains("compteur"));
/// ```
pub fn lint(expr: &Expr, ctx: &LintContext) -> Vec<Lint> {
    let mut out = Vec::new();
    checks::raw_counter(expr, ctx, &mut out);
    checks::calls(expr, ctx, &mut out);
    out
}

#[cfg(test)]
mod tests;
