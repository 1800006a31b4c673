//! The simulated app's `/metrics` page against the real one: the default registry of the
//! seed app, built with the values of `../shared/reference/prometheus_client-0.26.0-seed-app.txt`,
//! must be written byte for byte as prometheus_client 0.26 wrote it, and in OpenMetrics as
//! it writes the same families for Prometheus (`tests/reference/generate.py` wrote
//! `tests/reference/default_registry.openmetrics.txt` with the real library).

use sonde::exposition::{write_openmetrics, write_text, MetricFamily};
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

/// The default registry of the seed app with the reference's values.
fn reference_registry() -> Vec<MetricFamily> {
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
    default_registry(&gc, &process, [counter.family()])
}

#[test]
fn seed_app_registry_matches_the_reference_byte_for_byte() {
    let reference = std::fs::read_to_string(REFERENCE).expect("reference file readable");
    let text = write_text(&reference_registry());
    if text != reference {
        for (i, (got, want)) in text.lines().zip(reference.lines()).enumerate() {
            assert_eq!(got, want, "line {}", i + 1);
        }
    }
    assert_eq!(text, reference);
}

#[test]
fn seed_app_registry_in_openmetrics_matches_the_library() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/default_registry.openmetrics.txt"
    );
    let reference = std::fs::read_to_string(path).expect("reference file readable");
    let text = write_openmetrics(&reference_registry());
    for (i, (got, want)) in text.lines().zip(reference.lines()).enumerate() {
        assert_eq!(got, want, "line {}", i + 1);
    }
    assert_eq!(text, reference);
}
