//! Runs Prometheus-format PromQL test scripts against Sonde's engine:
//! `cargo run --release --bin promqltest -- FILE...`. Prints each failure as
//! `FILE:LINE: EXPR` with what differed, then `N passed, N failed, N skipped` and the skip
//! counts by reason. Exits with 1 if anything failed.

use std::collections::BTreeMap;
use std::process::ExitCode;

use sonde::promqltest::{run_script, Outcome};

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: promqltest FILE...");
        return ExitCode::from(2);
    }
    let parse = |s: &str| sonde::promql::parse(s).map_err(|e| e.to_string());
    let (mut passed, mut failed, mut skipped) = (0usize, 0usize, 0usize);
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                println!("{file}: cannot read: {e}");
                failed += 1;
                continue;
            }
        };
        let reports = match run_script(&text, &parse) {
            Ok(r) => r,
            Err(e) => {
                println!("{file}:{}: script error: {}", e.line, e.message);
                failed += 1;
                continue;
            }
        };
        for r in reports {
            match r.outcome {
                Outcome::Pass => passed += 1,
                Outcome::Fail(why) => {
                    failed += 1;
                    println!("{file}:{}: {}\n    {why}", r.line, r.expr);
                }
                Outcome::Skip(reason) => {
                    skipped += 1;
                    *reasons.entry(reason.to_string()).or_default() += 1;
                }
            }
        }
    }
    println!("{passed} passed, {failed} failed, {skipped} skipped");
    for (reason, n) in reasons {
        println!("  skipped {n}: {reason}");
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
