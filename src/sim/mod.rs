//! The simulated side of the course: a clock that is a value (`clock`), automatic traffic
//! (`traffic`), and the instrumented Flask app (`app`) with its Python process (`process`),
//! prometheus_client's default collectors (`collectors`) and its counter (`counter`).

mod app;
mod clock;
mod collectors;
mod counter;
mod process;
mod traffic;

pub use app::{
    ConnectionRefused, FlaskApp, Instrumentation, Response, CONTENT_TYPE_HTML,
    CONTENT_TYPE_METRICS, FLASK_PORT, METRICS_PORT,
};
pub use clock::{SimClock, SpeedError, MAX_REAL_STEP_MS, MAX_SPEED, MIN_SPEED};
pub use collectors::{
    default_registry, gc_families, platform_family, process_families, GcStats, GenerationStats,
    ProcessStats, CLOCK_TICKS_PER_S,
};
pub use counter::Counter;
pub use process::SimProcess;
pub use traffic::{Arrivals, RateError, Traffic, MAX_RATE};
