//! The simulated side of the course: a clock that is a value (`clock`), automatic traffic
//! (`traffic`) spread over the endpoints by a mix (`mix`) and turned into requests with
//! durations and failures (`workload`, `latency`), the instrumented Flask app (`app`) with
//! its Python code (`code`), its Python process (`process`), prometheus_client's default
//! collectors (`collectors`), its counter (`counter`) and histogram (`histogram`) with
//! their labelled children (`children`), the app's replicas (`replicas`) and the
//! incidents a learner can cause (`incident`).
//!
//! One scrape interval of the course, driven by hand:
//!
//! ```
//! use sonde::exposition::parse_text;
//! use sonde::sim::{FlaskApp, SimClock, Traffic, METRICS_PORT};
//!
//! let start = 1_795_545_825_000;
//! let mut clock = SimClock::new(start);
//! let mut traffic = Traffic::new(42, start);
//! let mut app = FlaskApp::new(42, start);
//! traffic.set_rate(2.0).unwrap();
//! clock.set_speed(15.0).unwrap();
//!
//! clock.advance(1000.0); // one real second: 15 simulated seconds
//! let now = clock.now_ms();
//! let arrivals = traffic.arrivals_until(now);
//! app.serve_traffic("/", arrivals.count, now);
//!
//! let page = app.get(METRICS_PORT, "/metrics", now).unwrap();
//! let parsed = parse_text(&page.body).unwrap();
//! let total = parsed.iter().find(|s| s.name == "http_requests_total").unwrap();
//! assert_eq!(total.value, arrivals.count as f64);
//! ```

mod app;
mod children;
mod clock;
mod code;
mod collectors;
mod counter;
mod histogram;
mod incident;
mod latency;
mod mix;
mod process;
mod replicas;
mod traffic;
mod workload;

pub use app::{
    route_path, ConnectionRefused, FlaskApp, Instrumentation, Response, CONTENT_TYPE_HTML,
    CONTENT_TYPE_METRICS, CONTENT_TYPE_OPENMETRICS, FLASK_PORT, METRICS_PORT,
};
pub use clock::{SimClock, SpeedError, MAX_REAL_STEP_MS, MAX_SPEED, MIN_SPEED};
pub use code::{app_code, code_diff, Change, DiffLine};
pub use collectors::{
    default_registry, gc_families, platform_family, process_families, GcStats, GenerationStats,
    ProcessStats, CLOCK_TICKS_PER_S,
};
pub use counter::Counter;
pub use histogram::{bucket_of, Histogram, Observations, DEFAULT_BUCKETS};
pub use incident::{
    Incident, IncidentKind, IncidentLog, Target, ERROR_BURST_RATE, LATENCY_FACTOR,
    LEAK_BYTES_PER_S, SLOW_SCRAPE_DELAY, TRAFFIC_FACTOR,
};
pub use latency::{profile, Outcome, Profile, Strain, Trouble};
pub use mix::{MixError, TrafficMix, MAX_WEIGHT, MIX_ENDPOINTS};
pub use process::SimProcess;
pub use replicas::{ReplicaError, Replicas, MAX_REPLICAS};
pub use traffic::{Arrivals, RateError, Traffic, MAX_RATE};
pub use workload::{Batch, Group, Workload};
