//! Writes the OpenMetrics export of 40 simulated minutes of the course (the production
//! app under automatic traffic) ending now, to the file named by its argument: what
//! `scripts/real-prometheus.sh` backfills into the real Prometheus the browser tests
//! point Sonde at (issue 12: the UI on a real Prometheus holding the learner's data).

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use sonde::export::openmetrics_file;
use sonde::playground::Playground;
use sonde::sim::Instrumentation;

/// Simulated minutes exported.
const MINUTES: i64 = 40;

fn main() -> ExitCode {
    let Some(out) = std::env::args().nth(1) else {
        eprintln!("usage: course_openmetrics OUT_FILE");
        return ExitCode::from(2);
    };
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let mut pg = Playground::new(12, now_ms - MINUTES * 60_000);
    pg.deploy(Instrumentation::Production);
    if let Err(e) = pg.set_rate(4.0) {
        eprintln!("course_openmetrics: {e}");
        return ExitCode::FAILURE;
    }
    for _ in 0..MINUTES * 4 {
        pg.step(15_000);
    }
    let file = openmetrics_file(pg.store());
    match std::fs::write(&out, &file.bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("course_openmetrics: cannot write {out}: {e}");
            ExitCode::FAILURE
        }
    }
}
