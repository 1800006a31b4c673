//! The Prometheus text exposition format 0.0.4: families and samples (`family`), values
//! written as prometheus_client writes them (`float`), the writer the simulated app uses
//! for its `/metrics` page (`writer`), the same families in OpenMetrics as Prometheus
//! receives them (`openmetrics`), and the parser the scraper uses on the page (`parser`,
//! over `lexer` and `number`, failing with `parse_error`).
//!
//! ```
//! use sonde::exposition::{parse_text, write_text, MetricFamily, MetricSample, MetricType};
//!
//! let family = MetricFamily::new("http_requests", "Requêtes", MetricType::Counter)
//!     .with_sample(MetricSample::new("http_requests_total", 3.0));
//! let text = write_text(&[family]);
//! let expected = "# HELP http_requests_total Requêtes\n# TYPE http_requests_total counter\n";
//! assert_eq!(text, format!("{expected}http_requests_total 3.0\n"));
//! let parsed = parse_text(&text).unwrap();
//! assert_eq!(parsed[0].labels.to_string(), "http_requests_total");
//!
//! let error = parse_text("http_requests_total{path=/} 3").unwrap_err();
//! assert_eq!(error.to_string(), "line 1, column 26: expected label value, got \"/\" (\"INVALID\")");
//! ```

mod family;
mod float;
mod lexer;
mod number;
mod openmetrics;
mod parse_error;
mod parser;
mod writer;

pub use family::{LabelPairs, MetricFamily, MetricSample, MetricType, Text};
pub use float::format_float;
pub use openmetrics::write_openmetrics;
pub use parse_error::{Expected, ParseError, ParseErrorKind};
pub use parser::{
    parse_page, parse_text, read_page, Metadata, ParsedSample, ParsedText, RawSample,
};
pub use writer::write_text;
