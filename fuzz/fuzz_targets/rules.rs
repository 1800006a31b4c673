//! Fuzz target `rules`: the rules file applied as the rules editor applies it; the promises
//! checked are in `../checks/rules.rs`.
//! Run with `scripts/fuzz.sh rules` from the crate root.

#![no_main]

#[path = "../checks/rules.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
