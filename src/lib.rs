//! Sonde: the course "integrate simple monitoring with Prometheus and Grafana", simulated
//! end to end in the browser.
//!
//! Data flows one way, as in the course: traffic -> simulated Flask app (`sim`) ->
//! `/metrics` text (`exposition`) -> scraper (`scrape`, driven by `config`) -> series
//! store (`store`) -> PromQL engine (`promql`) -> chart (`chart`) and UI (`ui`).
//! Everything but `ui` is pure Rust, takes the clock as a value, and is tested natively.

pub mod chart;
pub mod config;
pub mod exposition;
pub mod lang;
pub mod promql;
pub mod promqltest;
pub mod scrape;
pub mod sim;
pub mod store;

#[cfg(target_arch = "wasm32")]
pub mod ui;
