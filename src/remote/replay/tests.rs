//! Planning the fetches, loading them within the budget, and comparing answers.

use super::*;
use crate::promql::{parse, InstantSample, RangeSeries};
use crate::store::Sample;

const T: i64 = 1_700_000_000_000;

fn fetches(q: &str) -> Vec<(String, i64)> {
    let e = parse(q).expect("valid");
    plan(&e, T, 300_000)
        .into_iter()
        .map(|f| (f.query, T - f.time_ms))
        .collect()
}

#[test]
fn every_selector_is_fetched_over_what_it_reaches() {
    assert_eq!(
        fetches(r#"sum(rate(x{a="b"}[5m])) / y offset 1m"#),
        [
            (r#"x{a="b"}[5m]"#.to_string(), 0),
            ("y[5m]".to_string(), 60_000)
        ]
    );
    // A subquery reaches its range and one step further back.
    assert_eq!(
        fetches("max_over_time(rate(x[1m])[10m:1m])"),
        [("x[12m]".to_string(), 0)]
    );
    // The same selector twice is fetched once.
    assert_eq!(fetches("x + x").len(), 1);
    assert!(fetches("1 + 2").is_empty());
    let at = parse("x @ 1700000000").expect("valid");
    assert_eq!(plan(&at, T + 5_000, 300_000)[0].time_ms, T);
    let Ok(Expr {
        kind: ExprKind::VectorSelector(sel),
        ..
    }) = parse("x offset 1m")
    else {
        panic!("a selector")
    };
    let w = window_fetch(&sel, T - 3_600_000, T, 60_000);
    assert_eq!((w.query.as_str(), w.time_ms), ("x[1h1m]", T - 60_000));
    let f = &plan(&parse("up").expect("valid"), T, 300_000)[0];
    assert!(
        matches!(f.count_call(), ApiCall::Query { ref query, .. } if query == "sum(count_over_time(up[5m]))")
    );
}

fn matrix(points: &[(i64, f64)]) -> Value {
    Value::Matrix(vec![RangeSeries {
        labels: Labels::from_pairs([("__name__", "x"), ("job", "a")]),
        samples: points.iter().map(|&(t, v)| Sample { t, v }).collect(),
    }])
}

#[test]
fn samples_merge_by_series_within_the_budget() {
    let mut r = Replay::new(5);
    r.add(&matrix(&[(1, 1.0), (2, 2.0)])).expect("fits");
    r.add(&matrix(&[(2, 2.0), (3, 3.0)])).expect("fits");
    assert_eq!((r.samples(), r.series()), (3, 1));
    assert!(r.fits(2) && !r.fits(3));
    let store = r.store();
    assert_eq!(store.sample_count(), 3);
    assert_eq!(
        r.add(&matrix(&[(4, 1.0), (5, 1.0), (6, 1.0)])),
        Err(SourceError::TooManySamples { budget: 5 })
    );
    assert_eq!(
        counted(&Value::Vector(vec![InstantSample {
            labels: Labels::empty(),
            t: 0,
            v: 42.0
        }])),
        42
    );
    assert_eq!(counted(&Value::Vector(vec![])), 0);
}

/// A Prometheus server of `version`.
fn prometheus(version: &str) -> ServerInfo {
    ServerInfo {
        kind: super::super::server::ServerKind::Prometheus,
        version: version.to_string(),
    }
}

fn vector(v: f64) -> Value {
    Value::Vector(vec![InstantSample {
        labels: Labels::from_pairs([("job", "a")]),
        t: T,
        v,
    }])
}

#[test]
fn a_closed_window_on_a_2x_server_is_the_likely_reason() {
    // Samples every 15 s from T - 60 s to T, as a 2.x server returns `x[1m]` at T:
    // its window is closed, so the one at T - 60 s is in it.
    let pts: Vec<(i64, f64)> = (0..=4)
        .map(|i| (T - 60_000 + i * 15_000, i as f64))
        .collect();
    let mut r = Replay::new(100);
    r.add(&matrix(&pts)).expect("fits");
    let store = r.store();
    let expr = parse("count_over_time(x[1m])").expect("valid");
    let (nodes, whole) = evaluate(&store, &expr, T);
    assert_eq!(nodes.len(), 2);
    let ours = whole.expect("evaluates").value;
    assert_eq!(ours, vector(4.0), "Sonde leaves the edge sample out");
    let server = vector(5.0);
    let diffs = compare(&ours, &server);
    assert_eq!(diffs.len(), 1);
    let reason = likely_reason(&expr, &store, T, &prometheus("2.42.0+ds"), &server, &diffs);
    assert!(matches!(reason, Reason::ClosedWindow { edge_ms, .. } if edge_ms == T - 60_000));
    let line = summary(&diffs, &reason, Lang::En);
    assert!(
        line.starts_with("Differs from your Prometheus: {job=\"a\"}: Sonde 4 ≠ server 5."),
        "{line}"
    );
    assert!(line.contains("Prometheus 2.x"));
    assert!(summary(&diffs, &reason, Lang::Fr).contains("bord gauche"));
    // A 3.x server leaves it out too: same answer.
    assert!(compare(&ours, &vector(4.0)).is_empty());
    assert_eq!(
        summary(&[], &Reason::Unknown, Lang::En),
        "Same as your Prometheus."
    );
    // Without a sample on the edge there is no such reason.
    let reason = likely_reason(&expr, &store, T + 1, &prometheus("2.42.0"), &server, &diffs);
    assert_eq!(reason, Reason::Unknown);
}

#[test]
fn differences_of_every_kind() {
    let a = vector(1.0);
    assert!(compare(&a, &vector(1.0 + 1e-12)).is_empty());
    assert!(matches!(
        compare(&a, &Value::Vector(vec![]))[..],
        [Difference::OnlySonde(_)]
    ));
    assert!(matches!(
        compare(&Value::Vector(vec![]), &a)[..],
        [Difference::OnlyServer(_)]
    ));
    assert!(matches!(
        compare(&a, &Value::Scalar { t: T, v: 1.0 })[..],
        [Difference::Type {
            sonde: "vector",
            server: "scalar"
        }]
    ));
    assert!(compare(
        &Value::Scalar { t: T, v: f64::NAN },
        &Value::Scalar { t: T, v: f64::NAN }
    )
    .is_empty());
    assert_eq!(compare(&matrix(&[(1, 1.0)]), &matrix(&[(1, 2.0)])).len(), 1);
    let store = Store::default();
    let e = parse("x").expect("valid");
    let diffs = compare(&a, &Value::Vector(vec![]));
    assert_eq!(
        likely_reason(
            &e,
            &store,
            T,
            &prometheus("3.5.0"),
            &Value::Vector(vec![]),
            &diffs
        ),
        Reason::Staleness
    );
}

#[test]
fn an_older_zero_point_on_a_server_before_2_51_is_the_likely_reason() {
    // A counter that starts 30 s into `increase(x[1m])`'s window, every 10 s: its zero
    // point is 8 s before the first sample, between half an interval (5 s) and 1.1
    // intervals (11 s). Prometheus 3 (and Sonde) go back 5 s, 2.42 goes back 8 s.
    let pts = [
        (T - 30_000, 8.0),
        (T - 20_000, 18.0),
        (T - 10_000, 28.0),
        (T, 38.0),
    ];
    let mut r = Replay::new(100);
    r.add(&matrix(&pts)).expect("fits");
    let store = r.store();
    let expr = parse("increase(x[1m])").expect("valid");
    let ours = evaluate(&store, &expr, T).1.expect("evaluates").value;
    assert_eq!(ours, vector(35.0), "30 over 30 s, extended 5 s");
    let old = vector(38.0);
    let diffs = compare(&ours, &old);
    assert_eq!(diffs.len(), 1);
    let reason = likely_reason(&expr, &store, T, &prometheus("2.42.0+ds"), &old, &diffs);
    assert_eq!(
        reason,
        Reason::OlderZeroPoint {
            explained: 1,
            of: 1
        }
    );
    let line = summary(&diffs, &reason, Lang::En);
    assert!(
        line.contains("before 2.51") && line.contains("Sonde then gets the server's answer"),
        "{line}"
    );
    assert!(summary(&diffs, &reason, Lang::Fr).contains("avant 2.51"));
    let partly = Reason::OlderZeroPoint {
        explained: 1,
        of: 2,
    };
    assert!(summary(&diffs, &partly, Lang::En)
        .ends_with("Computed the older way, 1 of the 2 differences go away."));
    assert!(summary(&diffs, &partly, Lang::Fr).ends_with("1 des 2 écarts disparaissent."));
    // Nothing to explain when the answers agree.
    assert_eq!(
        likely_reason(&expr, &store, T, &prometheus("2.42.0"), &ours, &[]),
        Reason::Unknown
    );
    // 2.51 and later answer as Sonde does; another value on 2.42 is not explained by it.
    assert!(compare(&ours, &vector(35.0)).is_empty());
    let other = vector(40.0);
    let diffs = compare(&ours, &other);
    assert_eq!(
        likely_reason(&expr, &store, T, &prometheus("2.42.0"), &other, &diffs),
        Reason::Unknown
    );
    // A 2.51 server's difference is not put down to it either.
    assert_eq!(
        likely_reason(
            &expr,
            &store,
            T,
            &prometheus("2.51.0"),
            &old,
            &compare(&ours, &old)
        ),
        Reason::Unknown
    );
}
