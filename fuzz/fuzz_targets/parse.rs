//! Fuzz target: any UTF-8 text goes through the PromQL parser without panicking, error
//! spans stay inside the input, and whatever parses prints back to the same AST.
//! Run with `scripts/fuzz.sh parse` from the crate root.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(why) = sonde::promql::roundtrip::check_round_trip(text) {
            panic!("{text:?}: {why}");
        }
    }
});
