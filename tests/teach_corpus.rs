//! The teaching core over every query of Prometheus's own PromQL test scripts: each one
//! that parses gets an explain tree (both languages, valid spans, no empty text) and its
//! lints, whose fixes must parse and print back unchanged; each one that does not parse
//! (mutated, or with its ranges taken out) gets at most a repair, whose fix must parse.

use std::collections::HashMap;

use sonde::explain::{explain, ExplainNode};
use sonde::exposition::MetricType;
use sonde::lang::Lang;
use sonde::lint::{lint, repair, LintContext};
use sonde::promql::parse;
use sonde::promqltest::{parse_script, Command};

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/promql-testdata");

/// Checks a node and its children; returns how many nodes there were.
fn check(node: &ExplainNode, query: &str) -> usize {
    assert!(!node.label.is_empty(), "{query}");
    assert!(!node.explanation.is_empty(), "{query}: {}", node.label);
    assert!(
        query.get(node.span.clone()).is_some(),
        "{query}: {:?}",
        node.span
    );
    1 + node.children.iter().map(|c| check(c, query)).sum::<usize>()
}

/// The `eval` queries of every upstream script, in file order.
fn upstream_queries() -> Vec<String> {
    let mut entries: Vec<_> = std::fs::read_dir(DIR)
        .expect("promql-testdata next to the repository")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "test"))
        .collect();
    entries.sort();
    let mut out = Vec::new();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("readable script");
        let Ok(commands) = parse_script(&text) else {
            continue;
        };
        for cmd in commands {
            if let Command::Eval(ev) = cmd {
                out.push(ev.expr);
            }
        }
    }
    out
}

/// The repair of `query`, which does not parse, checked: its one fix parses.
fn repaired(query: &str, ctx: &LintContext) -> Option<String> {
    let error = parse(query).err()?;
    let found = repair(query, &error, ctx)?;
    assert_eq!(found.span, error.span, "{query}");
    assert!(!found.message(Lang::Fr).is_empty());
    let [fix] = found.fixes.as_slice() else {
        panic!("{query}: one fix expected, got {:?}", found.fixes)
    };
    parse(fix).unwrap_or_else(|e| panic!("{query}: repair {fix:?} does not parse: {e}"));
    Some(fix.clone())
}

/// Explains and lints `query` if it parses, checking the invariants; returns (nodes,
/// lints, fixes), or `None` when it does not parse (after checking its repair, if any).
fn exercise(query: &str, ctx: &LintContext) -> Option<(usize, usize, usize)> {
    let Ok(expr) = parse(query) else {
        repaired(query, ctx);
        return None;
    };
    let fr = explain(&expr, Lang::Fr);
    let en = explain(&expr, Lang::En);
    let nodes = check(&en, query);
    assert_eq!(check(&fr, query), nodes);
    let (mut lints, mut fixes) = (0, 0);
    for l in lint(&expr, ctx) {
        lints += 1;
        assert!(query.get(l.span.clone()).is_some());
        assert!(!l.message(Lang::Fr).is_empty());
        for fix in &l.fixes {
            fixes += 1;
            let again =
                parse(fix).unwrap_or_else(|e| panic!("{query}: fix {fix:?} does not parse: {e}"));
            assert_eq!(again.to_string(), *fix);
        }
    }
    Some((nodes, lints, fixes))
}

fn context() -> LintContext {
    LintContext {
        metric_types: HashMap::from([
            ("http_requests_total".to_string(), MetricType::Counter),
            ("metric".to_string(), MetricType::Gauge),
        ]),
        scrape_interval_ms: 15_000,
        metric_names: ["http_requests_total", "metric", "up"]
            .map(String::from)
            .into(),
        ..LintContext::default()
    }
}

#[test]
fn explain_and_lint_every_upstream_query() {
    let ctx = context();
    let (mut queries, mut nodes, mut lints, mut fixes) = (0, 0, 0, 0);
    for q in upstream_queries() {
        if let Some((n, l, f)) = exercise(&q, &ctx) {
            queries += 1;
            nodes += n;
            lints += l;
            fixes += f;
        }
    }
    eprintln!("{queries} queries, {nodes} nodes, {lints} lints, {fixes} fixes");
    assert!(queries > 500, "only {queries} queries parsed");
    assert!(fixes > 10, "only {fixes} fixes");
}

#[test]
fn mutated_upstream_queries_never_break_explain_or_lint() {
    let ctx = context();
    let mut rng = Pcg64::seed_from_u64(42);
    let pieces = [
        "(",
        ")",
        "[5m]",
        "[1s:]",
        " offset 1m",
        " @ 10",
        "sum(",
        "rate(",
        "_total",
        " by (a) ",
        "x",
        ",",
        " / ",
        " > bool ",
        "{a=\"b\"}",
        " on(a) group_left ",
        "0.5",
    ];
    let mut parsed = 0;
    for q in upstream_queries() {
        for _ in 0..4 {
            let mut chars: Vec<char> = q.chars().collect();
            let at = rng.random_range(0..=chars.len());
            if rng.random_bool(0.5) && at < chars.len() {
                let end = (at + rng.random_range(1..6)).min(chars.len());
                chars.drain(at..end);
            } else {
                let piece = pieces[rng.random_range(0..pieces.len())];
                chars.splice(at..at, piece.chars());
            }
            let mutated: String = chars.into_iter().collect();
            if exercise(&mutated, &ctx).is_some() {
                parsed += 1;
            }
        }
    }
    assert!(parsed > 200, "only {parsed} mutated queries parsed");
}

#[test]
fn upstream_range_queries_without_their_range_are_repaired() {
    let ctx = context();
    let (mut tried, mut repaired_count) = (0, 0);
    for q in upstream_queries() {
        // `rate(foo[5m])` → `rate(foo)`: the first plain range taken out.
        let Some(open) = q.find("[") else { continue };
        let Some(len) = q[open..].find(']') else {
            continue;
        };
        if q[open..open + len].contains(':') || parse(&q).is_err() {
            continue;
        }
        let broken = format!("{}{}", &q[..open], &q[open + len + 1..]);
        if parse(&broken).is_ok() {
            continue;
        }
        tried += 1;
        if let Some(fix) = repaired(&broken, &ctx) {
            repaired_count += 1;
            assert!(fix.contains("[1m]"), "{broken} → {fix}");
        }
    }
    eprintln!("{repaired_count} of {tried} range-less queries repaired");
    assert!(repaired_count > 100, "only {repaired_count} of {tried}");
}
