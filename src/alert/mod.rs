//! Alerting on a dashboard panel: a rule (`query op threshold`, `for`, `keep_firing_for`)
//! and its states over a range of evaluations, computed as Prometheus computes them,
//! either from values the panel already has (`evaluate`) or from the store (`run`).

pub mod rule;
pub mod run;
pub mod timeline;

pub use rule::{AlertError, AlertRule, CompareOp};
pub use run::{run, AlertRun, AlertRunError};
pub use timeline::{evaluate, AlertState, AlertTimeline, EvalGrid, SeriesTimeline, StateInterval};
