//! Conformance: runs Prometheus's own PromQL test scripts (../shared/promql-testdata) and
//! requires every eval that SUBSET.tsv tiers `basic` or `extended` to pass; also runs
//! Sonde's own course scenario scripts (tests/promql/*.test), which must all pass.

use std::collections::HashMap;
use std::path::Path;

use sonde::promqltest::{run_script, Outcome};

const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/promql-testdata");

/// Evals SUBSET.tsv tiers basic/extended that the test files show to need more than
/// Sonde models. Each entry: (file, line, reason).
const ALLOWED: &[(&str, usize, &str)] = &[];

fn parse(s: &str) -> Result<sonde::promql::ast::Expr, String> {
    sonde::promql::parse(s).map_err(|e| e.to_string())
}

fn run_file(path: &Path) -> Vec<(usize, String, Outcome)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    run_script(&text, &parse)
        .unwrap_or_else(|e| panic!("{path:?}: {e}"))
        .into_iter()
        .map(|r| (r.line, r.expr, r.outcome))
        .collect()
}

#[test]
fn prometheus_basic_and_extended_evals_pass() {
    let subset = std::fs::read_to_string(format!("{TESTDATA}/SUBSET.tsv")).expect("SUBSET.tsv");
    let mut wanted: Vec<(String, usize)> = Vec::new();
    for row in subset.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if let [file, line, _kind, tier, ..] = cols[..] {
            if tier == "basic" || tier == "extended" {
                wanted.push((file.to_string(), line.parse().expect("line number")));
            }
        }
    }
    assert_eq!(wanted.len(), 846, "SUBSET.tsv changed");
    let mut outcomes: HashMap<(String, usize), (String, Outcome)> = HashMap::new();
    let mut files: Vec<String> = wanted.iter().map(|(f, _)| f.clone()).collect();
    files.sort();
    files.dedup();
    for f in &files {
        for (line, expr, outcome) in run_file(&Path::new(TESTDATA).join(f)) {
            outcomes.insert((f.clone(), line), (expr, outcome));
        }
    }
    let mut bad = Vec::new();
    for (file, line) in &wanted {
        if ALLOWED.iter().any(|(f, l, _)| f == file && l == line) {
            continue;
        }
        match outcomes.get(&(file.clone(), *line)) {
            Some((_, Outcome::Pass)) => {}
            Some((expr, other)) => bad.push(format!("{file}:{line}: {expr}\n    {other:?}")),
            None => bad.push(format!("{file}:{line}: no eval found at this line")),
        }
    }
    for b in &bad {
        println!("{b}");
    }
    assert!(
        bad.is_empty(),
        "{} of {} evals did not pass",
        bad.len(),
        wanted.len()
    );
}

#[test]
fn course_scenarios_pass() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/promql");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/promql")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "test"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    let mut bad = Vec::new();
    let mut evals = 0;
    for p in &paths {
        for (line, expr, outcome) in run_file(p) {
            evals += 1;
            if outcome != Outcome::Pass {
                bad.push(format!("{}:{line}: {expr}\n    {outcome:?}", p.display()));
            }
        }
    }
    for b in &bad {
        println!("{b}");
    }
    assert!(evals > 0);
    assert!(bad.is_empty(), "{} course evals did not pass", bad.len());
}
