//! Engine tests through the parser: values by hand, Prometheus's error texts, limits, and
//! inputs that must not panic.

use super::*;
use crate::lang::Lang;
use crate::promql::parse;
use crate::store::{Labels, Store, STALE_NAN};

fn l(pairs: &[(&str, &str)]) -> Labels {
    Labels::from_pairs(pairs.iter().copied())
}

/// `x_total{i="0"}` and `x_total{i="1"}`: +1 and +2 per 15 s for 10 minutes;
/// `gauge` 5 until 60 s then stale.
fn store() -> Store {
    let mut s = Store::default();
    for k in 0..=40 {
        let t = k * 15_000;
        s.append(&l(&[("__name__", "x_total"), ("i", "0")]), t, k as f64)
            .unwrap();
        s.append(
            &l(&[("__name__", "x_total"), ("i", "1")]),
            t,
            2.0 * k as f64,
        )
        .unwrap();
    }
    for k in 0..=4 {
        s.append(&l(&[("__name__", "gauge")]), k * 15_000, 5.0)
            .unwrap();
    }
    s.append(&l(&[("__name__", "gauge")]), 75_000, STALE_NAN)
        .unwrap();
    s
}

fn instant(q: &str, t: i64) -> Result<QueryResult, EvalError> {
    let expr = parse(q).unwrap();
    Engine::default().instant(&store(), &expr, t)
}

fn vector(q: &str, t: i64) -> Vec<(String, f64)> {
    match instant(q, t).unwrap().value {
        Value::Vector(v) => v.into_iter().map(|s| (s.labels.to_string(), s.v)).collect(),
        other => panic!("not a vector: {other:?}"),
    }
}

#[test]
fn lookback_and_staleness() {
    assert_eq!(vector("gauge", 70_000), vec![("gauge".to_string(), 5.0)]);
    assert!(vector("gauge", 80_000).is_empty());
    // Without the marker the lookback would have found the sample at 60 s.
    assert!(vector("gauge offset 1m", 140_000).is_empty());
    assert_eq!(vector("gauge offset 1m", 130_000).len(), 1);
}

#[test]
fn rate_and_sum_by() {
    let r = vector("rate(x_total[5m])", 600_000);
    assert_eq!(r.len(), 2);
    assert!((r[0].1 - 1.0 / 15.0).abs() < 1e-12, "{r:?}");
    assert_eq!(r[0].0, "{i=\"0\"}");
    let s = vector("sum(rate(x_total[5m]))", 600_000);
    assert!((s[0].1 - 0.2).abs() < 1e-12);
}

#[test]
fn arithmetic_drops_the_name_comparison_keeps_it() {
    let a = vector("x_total / 0", 15_000);
    assert_eq!(a[0], ("{i=\"0\"}".to_string(), f64::INFINITY));
    let c = vector("x_total > 1", 15_000);
    assert_eq!(c, vec![("x_total{i=\"1\"}".to_string(), 2.0)]);
}

#[test]
fn prometheus_error_texts() {
    let e = instant("x_total + on() x_total", 15_000).unwrap_err();
    assert!(e
        .to_string()
        .starts_with("found duplicate series for the match group {} on the right hand-side"));
    assert!(e.message(Lang::Fr).starts_with("séries en double"));
    let e = instant(
        "rate({__name__=~\"x_total|y_total\"}[5m]) or rate(x_total[5m])",
        15_000,
    );
    assert!(e.is_ok());
    let e = instant("label_replace(x_total, \"i\", \"z\", \"\", \"\")", 15_000).unwrap_err();
    assert_eq!(e, EvalError::SameLabelset);
    let e = instant("label_replace(x_total, \"\", \"z\", \"i\", \".*\")", 15_000).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid destination label name in label_replace(): "
    );
}

#[test]
fn range_query_limits() {
    let expr = parse("x_total").unwrap();
    let engine = Engine::default();
    let st = store();
    assert_eq!(
        engine.range(&st, &expr, 0, 11_001_000, 1000).unwrap_err(),
        EvalError::TooManyPoints
    );
    assert!(engine.range(&st, &expr, 0, 11_000_000, 1000).is_ok());
    assert_eq!(
        engine.range(&st, &expr, 0, 1000, 0).unwrap_err(),
        EvalError::BadStep
    );
    assert_eq!(
        engine.range(&st, &expr, 1000, 0, 1).unwrap_err(),
        EvalError::EndBeforeStart
    );
    let small = Engine {
        max_samples: 10,
        ..Engine::default()
    };
    assert_eq!(
        small.range(&st, &expr, 0, 600_000, 15_000).unwrap_err(),
        EvalError::TooManySamples
    );
}

#[test]
fn range_query_is_sorted_and_stepped() {
    let expr = parse("x_total").unwrap();
    let r = Engine::default()
        .range(&store(), &expr, 0, 60_000, 30_000)
        .unwrap();
    let Value::Matrix(m) = r.value else {
        panic!("matrix expected")
    };
    assert_eq!(m.len(), 2);
    assert!(m[0].labels < m[1].labels);
    let ts: Vec<i64> = m[0].samples.iter().map(|p| p.t).collect();
    assert_eq!(ts, vec![0, 30_000, 60_000]);
}

#[test]
fn subquery_steps_are_aligned() {
    // Steps at 60 s multiples in (540 s, 600 s]: only 600 s itself.
    let c = vector("count_over_time(x_total[1m:1m])", 600_000);
    assert_eq!(c[0].1, 1.0);
    let c = vector("count_over_time(x_total[5m:1m])", 610_000);
    assert_eq!(c[0].1, 5.0);
}

#[test]
fn absurd_inputs_do_not_panic() {
    let st = store();
    let engine = Engine::default();
    for q in [
        "x_total offset 200y",
        "rate(x_total[200y])",
        "max_over_time(x_total[1y:1ms])",
        "topk(1e300, x_total)",
        "quantile(NaN, x_total)",
        "histogram_quantile(0.5, x_total)",
        "x_total @ 1e12",
        "day_of_week(vector(1e300))",
        "-x_total % 0 ^ -Inf",
        "count_values(\"v\", x_total / 0)",
        "sort_desc(x_total) / on(i) group_left x_total",
    ] {
        let expr = parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
        let _ = engine.instant(&st, &expr, 600_000);
        let _ = engine.range(&st, &expr, i64::MIN / 2, i64::MAX / 2, i64::MAX);
        let _ = engine.range(&st, &expr, -1_000_000, 1_000_000, 200_000);
    }
    let e = engine.instant(&st, &parse("topk(NaN, x_total)").unwrap(), 0);
    assert_eq!(e.unwrap_err(), EvalError::ParamNaN);
}

#[test]
fn warnings_and_infos_come_back() {
    let r = instant("rate(gauge[5m])", 60_000).unwrap();
    assert_eq!(r.infos.len(), 1);
    assert!(r.infos[0]
        .render("rate(gauge[5m])", Lang::En)
        .ends_with("\"gauge\" (1:6)"));
    let r = instant("quantile(2, x_total)", 60_000).unwrap();
    assert_eq!(r.warnings.len(), 1);
}

#[test]
fn distinct_label_sets_sorted_or_not() {
    let (a, b, c) = (l(&[("i", "a")]), l(&[("i", "b")]), l(&[("i", "c")]));
    assert!(all_distinct([&a, &b, &c].into_iter()));
    assert!(all_distinct([&c, &a, &b].into_iter()));
    assert!(all_distinct(std::iter::empty()));
    assert!(!all_distinct([&a, &a].into_iter()));
    assert!(!all_distinct([&c, &a, &b, &a].into_iter()));
}

#[test]
fn matrix_merges_series_that_lose_their_name_and_sorts() {
    let s = |name: &str, i: &str, drop_name: bool, ts: &[i64]| EvalSeries {
        labels: l(&[("__name__", name), ("i", i)]),
        drop_name,
        points: ts.iter().map(|&t| Sample { t, v: t as f64 }).collect(),
    };
    let m = to_matrix(vec![
        s("y", "1", true, &[30, 40]),
        s("x", "2", false, &[10]),
        s("x", "1", true, &[10, 20]),
    ])
    .unwrap();
    assert_eq!(m.len(), 2);
    // `__name__` sorts before `i`.
    assert_eq!(m[0].labels, l(&[("__name__", "x"), ("i", "2")]));
    assert_eq!(m[1].labels, l(&[("i", "1")]));
    let ts: Vec<i64> = m[1].samples.iter().map(|p| p.t).collect();
    assert_eq!(ts, [10, 20, 30, 40]);
    let clash = to_matrix(vec![s("y", "1", true, &[20]), s("x", "1", true, &[20])]);
    assert_eq!(clash.unwrap_err(), EvalError::SameLabelset);
}
