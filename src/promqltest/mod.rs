//! A runner for Prometheus's PromQL test scripts (`load`, `eval`, `expect` ...), used by
//! the conformance test and the `promqltest` binary to measure Sonde's engine against
//! Prometheus's own expectations.

mod runner;
mod script;
mod series_desc;

pub use runner::{
    almost_equal, load_store, run_script, test_engine, EvalReport, Outcome, ParseFn, SkipReason,
};
pub use script::{
    parse_duration, parse_script, Command, Eval, Expected, Load, ScriptError, TextMatch,
};
pub use series_desc::{parse_series_desc, DescError, SeqValue};
