//! Fuzz target: any UTF-8 text that parses is evaluated, as an instant query and as a
//! short range query, over a small course-like store (a counter with a reset, a gauge, a
//! classic histogram, a series that goes stale). Nothing may panic, loop for long or
//! allocate without bound: libFuzzer's -timeout and -rss_limit_mb catch the last two.
//! Run with `scripts/fuzz.sh parse_eval` from the crate root.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sonde::promql::{parse, Engine};
use sonde::store::{Labels, Store, STALE_NAN};

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut s = Store::default();
        let job = [("job", "my_app"), ("instance", "localhost:8000")];
        let counter = Labels::from_pairs(job.iter().copied().chain([("__name__", "http_requests_total")]));
        let gauge = Labels::from_pairs(job.iter().copied().chain([("__name__", "process_resident_memory_bytes")]));
        let up = Labels::from_pairs(job.iter().copied().chain([("__name__", "up")]));
        for i in 0..240_i64 {
            let t = i * 15_000;
            let v = if i < 120 { i as f64 * 3.0 } else { (i - 120) as f64 * 2.0 };
            let _ = s.append(&counter, t, v);
            let _ = s.append(&gauge, t, 2.3e7 + (i % 7) as f64 * 1e5);
            let _ = s.append(&up, t, if i < 200 { 1.0 } else { STALE_NAN });
            for (le, share) in [("0.1", 0.5), ("0.5", 0.8), ("1.0", 0.95), ("+Inf", 1.0)] {
                let b = Labels::from_pairs(job.iter().copied().chain([("__name__", "latency_seconds_bucket"), ("le", le)]));
                let _ = s.append(&b, t, (i as f64 * 3.0 * share).floor());
            }
        }
        s
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(expr) = parse(text) else { return };
    let engine = Engine::default();
    let _ = engine.instant(store(), &expr, 1_800_000);
    let _ = engine.range(store(), &expr, 1_500_000, 1_800_000, 30_000);
});
