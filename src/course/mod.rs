//! The course as a path: its six steps, the tasks each step asks of the learner, and the
//! checks that mark a task done from the simulation's real state (never from a click on
//! "done"), and the learner's progress: a task once done stays done. Pure Rust, so every
//! check is tested natively.

mod check;
mod progress;
mod steps;
mod tasks;

pub use check::{check, Observed};
pub use progress::Progress;
pub use steps::Step;
pub use tasks::Task;
