//! The browser face (being written).
/// Mounts the app.
pub fn mount() {}
