//! The shared perf workload (`../shared/perf`) run by Sonde's engine, natively or in the
//! browser: the plan's queries (`plan`), their timed rounds (`run`) and the results in the
//! JSON shape `compare.py` reads (`report`), plus the browser benchmark's other scenes (`scenes`). The clock is a value: the caller passes a
//! function that returns seconds (`Instant` natively, `performance.now()` in WASM).

mod plan;
mod report;
mod run;
mod scenes;

pub use plan::{manifest_sha, parse_plan, PlanQuery};
pub use report::{results_json, shape, summary, to_json, Engine as EngineInfo, Setup};
pub use run::{run_workload, QueryTimings};
pub use scenes::{chart_data, simulate, SIM_START_MS};
