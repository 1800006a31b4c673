//! The text conventions Prometheus inherits from Go and prometheus/common, in one place
//! each (as Prometheus keeps them in `model` and `strutil`): durations (`duration`),
//! `%q` quoting (`quote`), float printing (`float`) and UTC dates and RFC 3339 (`time`).
//! Config, PromQL, exposition and the views all use these; they depend on nothing of
//! theirs.

pub mod duration;
pub mod float;
pub mod quote;
pub mod time;
