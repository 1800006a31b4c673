//! Conformance of the PromQL parser against Prometheus's own test scripts: every `basic`
//! and `extended` eval of `../shared/promql-testdata/SUBSET.tsv` parses (or, for
//! `expect fail` evals that fail at parse time, fails with the expected message), and
//! every parsed expression prints to PromQL that parses back to the same AST.

use std::fs;

use sonde::promql::parse;
use sonde::promql::printer::format_pretty;
use sonde::promql::spans::same_ast;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/promql-testdata");

struct Row {
    file: String,
    line: usize,
    tier: String,
    expect_fail: bool,
    expr: String,
}

fn rows() -> Vec<Row> {
    let text = fs::read_to_string(format!("{DATA}/SUBSET.tsv")).expect("SUBSET.tsv readable");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.len() >= 8).then(|| Row {
                file: cols[0].to_string(),
                line: cols[1].parse().expect("line number"),
                tier: cols[3].to_string(),
                expect_fail: cols[6] == "1",
                expr: cols[7..].join("\t"),
            })
        })
        .collect()
}

/// The `expect fail` line following the eval at `line` (1-based) in `file`, if any.
fn expect_fail_line(file: &str, line: usize) -> Option<String> {
    let text = fs::read_to_string(format!("{DATA}/{file}")).ok()?;
    text.lines()
        .skip(line)
        .take_while(|l| !l.trim().is_empty() && !l.starts_with("eval"))
        .find(|l| l.trim_start().starts_with("expect fail"))
        .map(|l| l.trim().to_string())
}

fn check_round_trip(expr: &str, failures: &mut Vec<String>) {
    let Ok(ast) = parse(expr) else { return };
    for printed in [ast.to_string(), format_pretty(&ast)] {
        match parse(&printed) {
            Ok(again) if same_ast(&ast, &again) => {}
            Ok(_) => failures.push(format!(
                "{expr}\n  printed {printed}\n  reparses differently"
            )),
            Err(e) => failures.push(format!("{expr}\n  printed {printed}\n  fails: {e}")),
        }
    }
}

#[test]
fn subset_basic_and_extended_parse_and_round_trip() {
    let rows = rows();
    assert!(rows.len() > 2000, "SUBSET.tsv has {} rows", rows.len());
    let mut failures = Vec::new();
    let mut checked = 0;
    for row in rows
        .iter()
        .filter(|r| r.tier == "basic" || r.tier == "extended")
    {
        checked += 1;
        let result = parse(&row.expr);
        if row.expect_fail {
            let expect = expect_fail_line(&row.file, row.line).unwrap_or_default();
            if let (Err(e), Some(msg)) = (&result, expect.split_once("msg:")) {
                if e.to_string() != msg.1.trim() {
                    failures.push(format!(
                        "{}:{} {}\n  error {e}\n  wanted {}",
                        row.file, row.line, row.expr, msg.1
                    ));
                }
            }
        } else if let Err(e) = &result {
            failures.push(format!(
                "{}:{} {}\n  {e} at {:?}",
                row.file, row.line, row.expr, e.span
            ));
        }
        check_round_trip(&row.expr, &mut failures);
    }
    assert!(checked > 800, "only {checked} evals checked");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn excluded_evals_never_panic_and_round_trip_when_they_parse() {
    let mut failures = Vec::new();
    let mut parsed = 0;
    for row in rows().iter().filter(|r| r.tier == "excluded") {
        if parse(&row.expr).is_ok() {
            parsed += 1;
        }
        check_round_trip(&row.expr, &mut failures);
    }
    assert!(parsed > 0);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
