//! Sonde: the course "integrate simple monitoring with Prometheus and Grafana", simulated
//! end to end in the browser.
//!
//! Data flows one way, as in the course: traffic -> simulated Flask app (`sim`) ->
//! `/metrics` text (`exposition`) -> scraper (`scrape`, driven by `config`) -> series
//! store (`store`) -> PromQL engine (`promql`) -> chart (`chart`) and UI (`ui`).
//! Teaching aids built on the engine: `explain` (the query as an explained tree), `lint`
//! (mistakes with one-click fixes), `alert` (alert rules on panels), `share` (the UI
//! state as a link) and `editing` (highlighting, completion and history for the query
//! editor). `exercise` replays seeded incidents on a past hour for the learner to
//! diagnose with PromQL. Go's and Prometheus's text conventions (durations, quoting,
//! floats, dates) live once in `go`. `export` writes what the learner built as files for
//! the real tools (`prometheus.yml`, the app, the Grafana dashboard, a compose bundle, the
//! series as OpenMetrics).
//! floats, dates) live once in `go`. `perf` runs the shared perf workload (natively and in
//! the browser benchmark). `order` sorts with one compiled sort (WASM size).
//! Everything but `ui` is pure Rust, takes the clock as a value, and is tested natively.

pub mod alert;
pub mod chart;
pub mod config;
pub mod course;
pub mod editing;
pub mod exercise;
pub mod explain;
pub mod export;
pub mod exposition;
pub mod go;
pub mod grafana;
pub mod lang;
pub mod lens;
pub mod lint;
pub mod noise;
pub mod order;
pub mod perf;
pub mod playground;
pub mod promql;
pub mod promqltest;
pub mod relabel;
pub mod remote;
pub mod rules;
pub mod scrape;
pub mod share;
pub mod sim;
pub mod store;

#[cfg(target_arch = "wasm32")]
pub mod ui;
