//! The Prometheus text exposition format 0.0.4: families and samples (`family`), values
//! written as prometheus_client writes them (`float`), the writer the simulated app uses
//! for its `/metrics` page (`writer`), and the parser the scraper uses on it (`parser`).

mod family;
mod float;
mod writer;

pub use family::{MetricFamily, MetricSample, MetricType};
pub use float::format_float;
pub use writer::write_text;
