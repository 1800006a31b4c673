//! Incidents to diagnose, after the course's six steps: each exercise builds its own
//! playground from a seed (the production app, replicas, traffic), runs one incident at a
//! seeded moment within a past hour of simulated time, and asks which endpoint or
//! instance it hit. The learner answers with a name, checked against the incident log,
//! and shows it with a PromQL query, checked by evaluating it on the exercise's data.

mod check;
mod scenario;
mod texts;

pub use check::{normalize_answer, QueryVerdict, ShownSeries};
pub use scenario::{Scenario, Truth, HOUR_MS, SCENARIO_START_MS};
pub use texts::ExerciseTexts;

/// The incidents to diagnose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExerciseKind {
    /// Which endpoint's error ratio passed 5 %.
    ErrorRatio,
    /// Which endpoint's p95 latency rose.
    Latency,
    /// Which instance restarted.
    Restart,
    /// Which target went down.
    Down,
}

impl ExerciseKind {
    /// Every exercise, in the order the list shows them.
    pub const ALL: [ExerciseKind; 4] = [
        ExerciseKind::ErrorRatio,
        ExerciseKind::Latency,
        ExerciseKind::Restart,
        ExerciseKind::Down,
    ];

    /// A short stable name, for test ids and links.
    pub fn id(self) -> &'static str {
        match self {
            ExerciseKind::ErrorRatio => "errors",
            ExerciseKind::Latency => "latency",
            ExerciseKind::Restart => "restart",
            ExerciseKind::Down => "down",
        }
    }

    /// The label whose value names the culprit (`endpoint` or `instance`).
    pub fn culprit_label(self) -> &'static str {
        match self {
            ExerciseKind::ErrorRatio | ExerciseKind::Latency => "endpoint",
            ExerciseKind::Restart | ExerciseKind::Down => "instance",
        }
    }
}
