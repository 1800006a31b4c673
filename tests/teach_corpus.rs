//! The teaching core over every query of Prometheus's own PromQL test scripts: each one
//! that parses gets an explain tree (both languages, valid spans, no empty text) and its
//! lints, whose fixes must parse and print back unchanged.

use std::collections::HashMap;

use sonde::explain::{explain, ExplainNode};
use sonde::exposition::MetricType;
use sonde::lang::Lang;
use sonde::lint::{lint, LintContext};
use sonde::promql::parse;
use sonde::promqltest::{parse_script, Command};

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

#[test]
fn explain_and_lint_every_upstream_query() {
    let ctx = LintContext {
        metric_types: HashMap::from([
            ("http_requests_total".to_string(), MetricType::Counter),
            ("metric".to_string(), MetricType::Gauge),
        ]),
        scrape_interval_ms: 15_000,
    };
    let mut entries: Vec<_> = std::fs::read_dir(DIR)
        .expect("promql-testdata next to the repository")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "test"))
        .collect();
    entries.sort();
    let (mut queries, mut nodes, mut lints, mut fixes) = (0, 0, 0, 0);
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("readable script");
        let Ok(commands) = parse_script(&text) else {
            continue;
        };
        for cmd in commands {
            let Command::Eval(ev) = cmd else { continue };
            let Ok(expr) = parse(&ev.expr) else { continue };
            queries += 1;
            let fr = explain(&expr, Lang::Fr);
            let en = explain(&expr, Lang::En);
            assert_eq!(check(&fr, &ev.expr), check(&en, &ev.expr));
            nodes += check(&en, &ev.expr);
            for l in lint(&expr, &ctx) {
                lints += 1;
                assert!(ev.expr.get(l.span.clone()).is_some());
                assert!(!l.message(Lang::Fr).is_empty());
                if let Some(fix) = &l.fix {
                    fixes += 1;
                    let again = parse(fix)
                        .unwrap_or_else(|e| panic!("{}: fix {fix:?} does not parse: {e}", ev.expr));
                    assert_eq!(again.to_string(), *fix);
                }
            }
        }
    }
    eprintln!("{queries} queries, {nodes} nodes, {lints} lints, {fixes} fixes");
    assert!(queries > 500, "only {queries} queries parsed");
    assert!(fixes > 10, "only {fixes} fixes");
}
