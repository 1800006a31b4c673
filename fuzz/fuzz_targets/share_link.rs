//! Fuzz target `share_link`: the share-link decoder, on fragments and on decoded payloads;
//! the promises checked are in `../checks/share_link.rs`.
//! Run with `scripts/fuzz.sh share_link` from the crate root.

#![no_main]

#[path = "../checks/share_link.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
