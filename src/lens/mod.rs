//! The window lens: for one point of a `rate`, `irate`, `increase`, `delta`, `idelta` or
//! `*_over_time` curve, the window it was computed on, the raw samples inside it (the
//! window is open on the left), the counter resets and their compensation, Prometheus 3's
//! extrapolation to the window's edges, and the arithmetic, step by step, in both
//! languages. Pure: it reads a [`crate::store::Store`] and is tested natively against the
//! engine.

mod explain;
mod steps;
mod target;

pub use crate::promql::rate::StartEdge;
pub use explain::{explain_window, Lens, Reset};
pub use steps::{format_number, LensStep};
pub use target::{lens_target, single_selector, LensFn, LensTarget};

#[cfg(test)]
mod tests;
