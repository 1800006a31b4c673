//! Fuzz target `config`: `prometheus.yml` applied as the editor applies it; the promises
//! checked are in `../checks/config.rs`.
//! Run with `scripts/fuzz.sh config` from the crate root.

#![no_main]

#[path = "../checks/config.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
