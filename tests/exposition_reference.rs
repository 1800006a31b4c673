//! The simulated app's `/metrics` page against the real one: the default registry of the
//! seed app, built with the values of `../shared/reference/prometheus_client-0.26.0-seed-app.txt`,
//! must be written byte for byte as prometheus_client 0.26 wrote it.

use sonde::exposition::write_text;
use sonde::sim::{default_registry, Counter, GcStats, GenerationStats, ProcessStats};

const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/reference/prometheus_client-0.26.0-seed-app.txt"
);

fn generation(collected: u64, collections: u64) -> GenerationStats {
    GenerationStats {
        collected,
        uncollectable: 0,
        collections,
    }
}

#[test]
fn seed_app_registry_matches_the_reference_byte_for_byte() {
    let reference = std::fs::read_to_string(REFERENCE).expect("reference file readable");
    let gc: GcStats = [generation(414, 39), generation(83, 3), generation(0, 0)];
    let process = ProcessStats {
        virtual_memory_bytes: 28_164_096,
        resident_memory_bytes: 23_486_464,
        start_time_seconds: 1_795_545_825.24,
        cpu_user_ticks: 10,
        cpu_system_ticks: 5,
        open_fds: 7,
        max_fds: 20_000,
    };
    let mut counter = Counter::new(
        "http_requests_total",
        "Nombre total de requêtes HTTP",
        &[],
        1_795_545_825.768_359_7,
    );
    for _ in 0..3 {
        counter.inc(&[], 1.0, 1_795_545_830.0);
    }
    let text = write_text(&default_registry(&gc, &process, [counter.family()]));
    if text != reference {
        for (i, (got, want)) in text.lines().zip(reference.lines()).enumerate() {
            assert_eq!(got, want, "line {}", i + 1);
        }
    }
    assert_eq!(text, reference);
}
