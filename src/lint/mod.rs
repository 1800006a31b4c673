//! Lints with one-click fixes: mistakes a learner makes with metric names, counters and
//! windows, found on the parsed query, explained in French or English, each fix the whole
//! corrected query printed from a corrected AST (and offered only if it parses again).
//!
//! - `unknown-metric`: a metric name the store has no series for, with the nearest
//!   names it has as fixes;
//! - `raw-counter`: a counter (as the scraped metadata types it) graphed without
//!   `rate()` (at the top, or under aggregations);
//! - `rate-on-gauge`: `rate`/`irate` on a gauge (use `deriv`), `increase` (use `delta`);
//! - `range-too-short`: a window under two scrape intervals in a rate-family or
//!   `*_over_time` call;
//! - `rate-of-aggregation`: `rate(sum(x)[5m:])`, to be written `sum(rate(x[5m]))`.
//!
//! A query that does not parse gets, for the common errors, a fix from [`repair`]
//! (`missing-range`, `unquoted-value`).

mod checks;
mod context;
mod fix;
mod lints;
mod names;
mod repair;

pub use context::{LintContext, DEFAULT_SCRAPE_INTERVAL_MS};
pub use lints::{Lint, LintKind};
pub use names::{edit_distance, nearest, MAX_SUGGESTIONS};
pub use repair::repair;

use crate::promql::ast::Expr;

/// Every lint on `expr`: `unknown-metric` first, then `raw-counter`, then the checks on
/// calls in query order.
///
/// ```
/// use sonde::exposition::MetricType;
/// use sonde::lang::Lang;
/// use sonde::lint::{lint, LintContext};
/// use sonde::promql::parse;
///
/// let mut ctx = LintContext { scrape_interval_ms: 15_000, ..LintContext::default() };
/// ctx.metric_types.insert("http_requests_total".into(), MetricType::Counter);
/// let lints = lint(&parse("sum(http_requests_total)").unwrap(), &ctx);
/// assert_eq!(lints[0].code(), "raw-counter");
/// assert_eq!(lints[0].fixes, ["sum(rate(http_requests_total[1m]))"]);
/// assert!(lints[0].message(Lang::Fr).contains("compteur"));
///
/// ctx.metric_names.insert("http_requests_total".into());
/// let lints = lint(&parse("sum(http_request_total)").unwrap(), &ctx);
/// assert_eq!(lints[0].code(), "unknown-metric");
/// assert_eq!(lints[0].fixes, ["sum(http_requests_total)"]);
/// ```
pub fn lint(expr: &Expr, ctx: &LintContext) -> Vec<Lint> {
    let mut out = Vec::new();
    names::unknown_metrics(expr, ctx, &mut out);
    checks::raw_counter(expr, ctx, &mut out);
    checks::calls(expr, ctx, &mut out);
    out
}

#[cfg(test)]
mod repair_tests;
#[cfg(test)]
mod tests;
