//! Shareable links: the whole UI state encoded in the page address's fragment
//! (`#s=...`), so a teacher can hand a class a link that opens on the same step, queries,
//! configuration and dashboard.
//!
//! Encoding: the state is serialised with serde to JSON (short field names) and the JSON
//! written in base64url without padding. JSON keeps the format readable, versioned (`"v"`)
//! and tolerant of added fields; `serde_json` and `base64` are small and already in the
//! WASM dependency tree through Leptos (no new crate to build; only the code actually
//! used ends up in the binary). A hand-written query string
//! would be shorter for the scalars but needs its own escaping for the multi-line
//! `prometheus.yml` and for nested panels and alert rules.
//!
//! A link can also be shown as a QR code (`qr`), for a class to scan from the projector.
//!
//! Decoding never trusts the link: over 64 KiB it is refused unread; bad base64 or JSON
//! is a typed error with a position; then each field is read on its own, and a bad one
//! falls back to its default (or is clamped to its bounds) while the rest is kept, each
//! such case reported as a `ShareIssue`.

mod codec;
mod error;
mod qr;
mod state;

pub use codec::{from_fragment, to_fragment, Decoded, MAX_FRAGMENT_BYTES, VERSION};
pub use error::{IssueKind, ShareError, ShareIssue};
pub use qr::{qr_code, QrCode};
pub use state::{Panel, ShareState, Theme, APP_CODES, VIZ_CODES};
pub use state::{
    MAX_ALERT_DURATION_MS, MAX_LEGEND_CHARS, MAX_PANELS, MAX_QUERIES, MAX_RANGE_MS,
    MAX_RULES_CHARS, MAX_SPEED, MAX_STEP_MS, MAX_THRESHOLDS, MAX_TIME_MS, MAX_TRAFFIC_RATE,
    MIN_ALERT_EVERY_MS, MIN_RANGE_MS, MIN_SPEED,
};

#[cfg(test)]
mod tests;
