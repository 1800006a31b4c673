//! Alerting on a dashboard panel: a rule (`query op threshold`, `for`, `keep_firing_for`)
//! and its states over a range of evaluations, computed as Prometheus computes them.

pub mod rule;
pub mod timeline;

pub use rule::{AlertError, AlertRule, CompareOp};
pub use timeline::{evaluate, AlertState, AlertTimeline, EvalGrid, SeriesTimeline, StateInterval};
