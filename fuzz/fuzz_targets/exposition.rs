//! Fuzz target `exposition`: a `/metrics` page parsed and scraped; the promises checked are
//! in `../checks/exposition.rs`.
//! Run with `scripts/fuzz.sh exposition` from the crate root.

#![no_main]

#[path = "../checks/exposition.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
