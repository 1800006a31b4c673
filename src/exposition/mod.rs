//! The Prometheus text exposition format 0.0.4: families and samples (`family`), values
//! written as prometheus_client writes them (`float`), the writer the simulated app uses
//! for its `/metrics` page (`writer`), and the parser the scraper uses on it (`parser`).

mod family;
mod float;
mod lexer;
mod number;
mod parse_error;
mod parser;
mod writer;

pub use family::{MetricFamily, MetricSample, MetricType};
pub use float::format_float;
pub use parse_error::{Expected, ParseError, ParseErrorKind};
pub use parser::{parse_text, Metadata, ParsedSample, ParsedText};
pub use writer::write_text;
