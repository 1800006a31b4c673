//! The repairs of parse errors: each fix parses, keeps the rest of the text as written,
//! and errors it cannot fully repair get no fix.

use super::tests::check;
use super::*;
use crate::lang::Lang;
use crate::promql::parse;

fn ctx() -> LintContext {
    LintContext {
        scrape_interval_ms: 15_000,
        ..LintContext::default()
    }
}

/// The repair of `q` (which must not parse) in `c`, checked.
fn repaired_in(q: &str, c: &LintContext) -> Option<Lint> {
    let error = parse(q).expect_err(q);
    let found = repair(q, &error, c)?;
    check(&found, q);
    assert_eq!(found.span, error.span, "{q}");
    assert_eq!(found.fixes.len(), 1, "{q}");
    Some(found)
}

/// The code and the fix of `q`'s repair.
fn repaired(q: &str) -> Option<(&'static str, String)> {
    repaired_in(q, &ctx()).map(|l| (l.code(), l.fixes[0].clone()))
}

fn fixed(code: &'static str, text: &str) -> Option<(&'static str, String)> {
    Some((code, text.to_string()))
}

#[test]
fn a_missing_range_gets_four_scrape_intervals() {
    assert_eq!(repaired("rate(x)"), fixed("missing-range", "rate(x[1m])"));
    // The rest of the text stays as written.
    assert_eq!(
        repaired("sum(rate(http_requests_total{job='my_app'})) by (job)"),
        fixed(
            "missing-range",
            "sum(rate(http_requests_total{job='my_app'}[1m])) by (job)"
        )
    );
    assert_eq!(
        repaired("quantile_over_time(0.9, x)"),
        fixed("missing-range", "quantile_over_time(0.9, x[1m])")
    );
    // Modifiers go after the range; parentheses go.
    assert_eq!(
        repaired("rate(x offset 5m)"),
        fixed("missing-range", "rate(x[1m] offset 5m)")
    );
    assert_eq!(repaired("rate((x))"), fixed("missing-range", "rate(x[1m])"));
    // Every range is added.
    assert_eq!(
        repaired("rate(x) / increase(y)"),
        fixed("missing-range", "rate(x[1m]) / increase(y[1m])")
    );
    let l = repaired_in("increase(x)", &ctx()).unwrap();
    assert_eq!(l.span, 9..10);
    assert_eq!(
        l.message(Lang::En),
        "increase() reads a window of samples, not a single value: add a duration in brackets after the selector, e.g. [1m] (4 × the 15s scrape interval)."
    );
    assert!(l
        .message(Lang::Fr)
        .contains("intervalle de collecte de 15s"));
}

#[test]
fn the_range_follows_the_job_of_the_selector() {
    let mut c = ctx();
    c.job_intervals_ms.insert("slow".to_string(), 30_000);
    let l = repaired_in("avg_over_time(x{job=\"slow\"})", &c).unwrap();
    assert_eq!(l.fixes, ["avg_over_time(x{job=\"slow\"}[2m])"]);
    let no_interval = LintContext::default();
    let l = repaired_in("rate(x)", &no_interval).unwrap();
    assert_eq!(l.fixes, ["rate(x[4m])"]);
}

#[test]
fn an_unquoted_label_value_is_quoted() {
    assert_eq!(
        repaired("{job=my_app}"),
        fixed("unquoted-value", "{job=\"my_app\"}")
    );
    assert_eq!(
        repaired("x{job!=my_app}"),
        fixed("unquoted-value", "x{job!=\"my_app\"}")
    );
    assert_eq!(
        repaired("x{job =~ my.*}"),
        fixed("unquoted-value", "x{job =~ \"my.*\"}")
    );
    assert_eq!(
        repaired("x{job=my-app}"),
        fixed("unquoted-value", "x{job=\"my-app\"}")
    );
    assert_eq!(
        repaired("x{le=0.5}"),
        fixed("unquoted-value", "x{le=\"0.5\"}")
    );
    assert_eq!(
        repaired("x{job=my_app, path=/}"),
        fixed("unquoted-value", "x{job=\"my_app\", path=\"/\"}")
    );
    // A regex keeps its backslashes: Go's quoting doubles them.
    assert_eq!(
        repaired("x{code=~\\d+}").map(|(_, f)| parse(&f).unwrap().to_string()),
        Some("x{code=~\"\\\\d+\"}".to_string())
    );
    let l = repaired_in("http_requests_total{job=my_app}", &ctx()).unwrap();
    assert_eq!(l.span, 24..30);
    assert_eq!(
        l.message(Lang::En),
        "A label value is a string: write it between double quotes, job=\"my_app\"."
    );
    assert!(l.message(Lang::Fr).contains("guillemets"));
}

#[test]
fn both_repairs_combine_into_one_fix() {
    assert_eq!(
        repaired("rate(http_requests_total{job=my_app})"),
        fixed(
            "unquoted-value",
            "rate(http_requests_total{job=\"my_app\"}[1m])"
        )
    );
}

#[test]
fn other_errors_and_unfinished_repairs_get_no_fix() {
    for q in [
        "rate(sum(x))",
        "rate(5)",
        "sum(x",
        "x{job=my_app",
        "x{job=}",
        "x{job=my\"app}",
        "rate(x) +",
        "x{=a}",
    ] {
        assert_eq!(repaired(q), None, "{q}");
    }
}
