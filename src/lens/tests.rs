//! The lens against the engine: same windows, same values.

use super::*;
use crate::lang::Lang;
use crate::promql::{parse, Engine, Value};
use crate::store::{Labels, Store};

/// A store with one counter `c{job="a"}` holding `(seconds, value)` samples.
fn store_of(samples: &[(i64, f64)]) -> Store {
    let mut store = Store::default();
    let labels = Labels::from_pairs([("__name__", "c"), ("job", "a")]);
    for &(t, v) in samples {
        store.append(&labels, t * 1000, v).unwrap();
    }
    store
}

/// The engine's value of `query` at `t` seconds (none when the result is empty).
fn engine_value(store: &Store, query: &str, t: i64) -> Option<f64> {
    let expr = parse(query).unwrap();
    match Engine::default()
        .instant(store, &expr, t * 1000)
        .unwrap()
        .value
    {
        Value::Vector(v) => v.first().map(|s| s.v),
        other => panic!("{other:?}"),
    }
}

fn lens_of(store: &Store, query: &str, t: i64) -> Lens {
    let target = lens_target(&parse(query).unwrap()).unwrap();
    let id = *store.select(&target.selector.matchers).first().unwrap();
    explain_window(store, &target, id, t * 1000)
}

/// Asserts that the lens and the engine agree bit for bit.
fn agree(samples: &[(i64, f64)], query: &str, t: i64) -> Lens {
    let store = store_of(samples);
    let lens = lens_of(&store, query, t);
    let expected = engine_value(&store, query, t);
    assert_eq!(
        lens.value.map(f64::to_bits),
        expected.map(f64::to_bits),
        "{query} at {t}: lens {:?} engine {expected:?}",
        lens.value
    );
    lens
}

fn steady() -> Vec<(i64, f64)> {
    (0..=20).map(|k| (k * 15 + 3, (k * 7) as f64)).collect()
}

#[test]
fn rate_and_friends_match_the_engine() {
    for q in [
        "rate(c[1m])",
        "increase(c[1m])",
        "delta(c[1m])",
        "irate(c[1m])",
        "idelta(c[1m])",
        "rate(c[5m])",
        "increase(c[2m] offset 30s)",
        "sum_over_time(c[1m])",
        "avg_over_time(c[1m])",
        "min_over_time(c[1m])",
        "max_over_time(c[1m])",
        "count_over_time(c[1m])",
        "last_over_time(c[1m])",
    ] {
        for t in [60, 67, 121, 200, 303] {
            agree(&steady(), q, t);
        }
    }
}

#[test]
fn a_counter_reset_is_found_and_compensated() {
    let samples = [(15, 10.0), (30, 20.0), (45, 3.0), (60, 8.0), (75, 12.0)];
    let lens = agree(&samples, "rate(c[1m])", 75);
    assert_eq!(lens.resets.len(), 1);
    assert_eq!(lens.resets[0].before.v, 20.0);
    let text: Vec<String> = lens.steps.iter().map(|s| s.text(Lang::En)).collect();
    assert!(
        text.iter()
            .any(|l| l.contains("reset") && l.contains("20 → 3")),
        "{text:?}"
    );
    assert!(text.iter().any(|l| l.contains("12 − 20 + 20")), "{text:?}");
    agree(&samples, "increase(c[1m])", 80);
    let lens = agree(&samples, "irate(c[1m])", 45);
    assert_eq!(
        lens.resets.len(),
        1,
        "irate sees the reset between its two samples"
    );
    agree(&samples, "delta(c[1m])", 75);
}

#[test]
fn sums_are_the_engine_s_compensated_sums() {
    // A plain sum of these gives 0: the lens must show the engine's Kahan sum.
    let samples = [(10, 1e16), (20, 1.0), (30, -1e16)];
    for q in ["sum_over_time(c[1m])", "avg_over_time(c[1m])"] {
        let lens = agree(&samples, q, 40);
        assert!(
            lens.steps.iter().any(|s| matches!(
                s,
                LensStep::OverTime {
                    count: 3,
                    sum: Some(1.0),
                    ..
                }
            )),
            "{q}: {:?}",
            lens.steps
        );
    }
    // Past the largest float the engine averages incrementally, and the lens says so.
    let lens = agree(
        &[(10, f64::MAX), (20, f64::MAX)],
        "avg_over_time(c[1m])",
        30,
    );
    let text: Vec<String> = lens.steps.iter().map(|s| s.text(Lang::En)).collect();
    assert!(text.iter().any(|l| l.contains("step by step")), "{text:?}");
}

#[test]
fn min_and_max_say_which_sample_they_took() {
    let samples = [(10, 4.0), (20, 1.0), (30, 9.0), (40, 1.0)];
    let lens = agree(&samples, "min_over_time(c[1m])", 50);
    let step = |l: &Lens| l.steps.iter().map(|s| s.text(Lang::En)).collect::<Vec<_>>();
    assert!(
        step(&lens).iter().any(|l| l.ends_with("the one at t−30s")),
        "{:?}",
        step(&lens)
    );
    let lens = agree(&samples, "max_over_time(c[1m])", 50);
    assert!(
        step(&lens).iter().any(|l| l.ends_with("the one at t−20s")),
        "{:?}",
        step(&lens)
    );
    let lens = agree(&samples, "last_over_time(c[1m])", 50);
    assert!(
        step(&lens).iter().any(|l| l.ends_with("the one at t−10s")),
        "{:?}",
        step(&lens)
    );
}

#[test]
fn a_sample_on_the_left_edge_is_excluded() {
    // Window (15 s, 75 s]: the sample at 15 s is out.
    let lens = agree(&steady_at_15(), "rate(c[1m])", 75);
    assert_eq!(lens.window, (15_000, 75_000));
    assert_eq!(lens.excluded.map(|s| s.t), Some(15_000));
    assert_eq!(lens.included.first().map(|s| s.t), Some(30_000));
    assert!(lens
        .steps
        .iter()
        .any(|s| matches!(s, LensStep::Excluded { on_edge: true, .. })));
    assert!(lens.steps[1].text(Lang::Fr).contains("bord gauche"));
}

fn steady_at_15() -> Vec<(i64, f64)> {
    (1..=10).map(|k| (k * 15, (k * 15) as f64)).collect()
}

#[test]
fn short_windows_give_nothing_like_the_engine() {
    let lens = agree(&steady_at_15(), "rate(c[10s])", 76);
    assert_eq!(lens.value, None);
    assert!(lens
        .steps
        .iter()
        .any(|s| matches!(s, LensStep::TooFew { needed: 2 })));
    assert!(!lens
        .steps
        .iter()
        .any(|s| matches!(s, LensStep::Result { .. })));
    agree(&steady_at_15(), "irate(c[10s])", 76);
    agree(&steady_at_15(), "avg_over_time(c[10s])", 200);
}

#[test]
fn extrapolation_stops_at_zero_and_at_half_an_interval() {
    // A counter that starts at 1 just after the window starts: the zero clamp applies.
    let young = [(50, 1.0), (65, 16.0), (80, 31.0)];
    let lens = agree(&young, "increase(c[1m])", 90);
    assert!(
        lens.steps.iter().any(|s| matches!(
            s,
            LensStep::ToStart {
                edge: steps_edge::Zero,
                ..
            }
        )),
        "{:?}",
        lens.steps
    );
    // A series that appears late in a long window: only half an interval is added.
    let late = [(250, 100.0), (265, 115.0), (280, 130.0)];
    let lens = agree(&late, "rate(c[5m])", 290);
    assert!(lens.steps.iter().any(|s| matches!(
        s,
        LensStep::ToStart {
            edge: steps_edge::Zero | steps_edge::HalfInterval,
            ..
        }
    )));
    let lens = agree(&late, "delta(c[5m])", 290);
    assert!(lens.steps.iter().any(|s| matches!(
        s,
        LensStep::ToStart {
            edge: steps_edge::HalfInterval,
            ..
        }
    )));
    let ((t0, _), (t1, _)) = lens.extrapolated.unwrap();
    assert_eq!(
        (t0, t1),
        (242_500, 290_000),
        "half an interval before, the whole 10 s gap after"
    );
    assert!(matches!(lens.steps.last(), Some(LensStep::Result { .. })));
}

use super::StartEdge as steps_edge;

#[test]
fn the_lens_reaches_through_aggregations_only_for_range_functions() {
    let t = lens_target(&parse("sum by (job) (rate(c[1m]))").unwrap()).unwrap();
    assert!(t.aggregated);
    assert_eq!(t.func, LensFn::Rate);
    assert_eq!(t.range_ms, 60_000);
    for q in [
        "c",
        "rate(c[1m]) * 2",
        "deriv(c[1m])",
        "rate(c[1m] @ 100)",
        "max_over_time(rate(c[1m])[5m:])",
    ] {
        assert_eq!(lens_target(&parse(q).unwrap()), None, "{q}");
    }
}

#[test]
fn the_raw_samples_behind_a_query() {
    let expr = parse("c").unwrap();
    assert_eq!(single_selector(&expr).map(|s| s.1), Some(true));
    let expr = parse("sum(rate(c{job=\"a\"}[1m]))").unwrap();
    let (sel, same_units) = single_selector(&expr).unwrap();
    assert!(!same_units);
    assert_eq!(sel.name.as_deref(), Some("c"));
    assert!(single_selector(&parse("c / d").unwrap()).is_none());
    assert!(single_selector(&parse("1 + 1").unwrap()).is_none());
}
