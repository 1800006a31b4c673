//! Scrape errors against the real tools: the `prometheus.yml` of
//! `tests/reference/scrape-errors/` runs in Sonde, the app running then stopped, and each
//! target's error must read as Prometheus 2.42 wrote it next to a real Flask +
//! prometheus_client app. Normalised: only the DNS server of a lookup error (it depends on
//! the machine) and the `:80` Prometheus 2 adds to a target without a port (Prometheus 3
//! does not).
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use sonde::playground::Playground;
use sonde::scrape::LOCAL_RESOLVER;

const START: i64 = 1_795_545_600_000;

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/scrape-errors")
}

/// The resolver address replaced by Sonde's, and the default port Prometheus 2 wrote.
fn normalise(real: &str) -> String {
    let mut text = real
        .trim_end_matches('\n')
        .replace("://localhost:80/", "://localhost/");
    if let (Some(on), Some(end)) = (text.find(" on "), text.find(": no such host")) {
        if on < end {
            text.replace_range(on + 4..end, LOCAL_RESOLVER);
        }
    }
    text
}

/// Every `<job>.txt` of `dir` against the job's error in Sonde (empty when up).
fn compare(pg: &Playground, dir: &str) -> usize {
    let entries = std::fs::read_dir(reference_dir().join(dir)).expect("reference dir");
    let mut compared = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let job = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let real = std::fs::read_to_string(&path).expect("reference file");
        let target = pg
            .targets()
            .iter()
            .find(|t| t.target.job == job)
            .unwrap_or_else(|| panic!("job {job} is in prometheus.yml"));
        let sonde = target
            .last_error
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert_eq!(sonde, normalise(&real), "{dir}/{job}");
        compared += 1;
    }
    compared
}

#[test]
fn scrape_errors_read_as_prometheus_wrote_them() {
    let config = std::fs::read_to_string(reference_dir().join("prometheus.yml")).expect("config");
    let mut pg = Playground::new(1, START);
    pg.apply_config(&config)
        .expect("the reference config is valid");
    pg.step(10_000);
    assert_eq!(compare(&pg, "running"), 9);
    pg.set_app_running(false);
    pg.step(10_000);
    assert_eq!(compare(&pg, "stopped"), 9);
}

#[test]
fn normalising_touches_only_the_resolver_and_the_default_port() {
    assert_eq!(
        normalise("Get \"http://x:1/metrics\": dial tcp: lookup x on 10.0.0.1:53: no such host\n"),
        format!("Get \"http://x:1/metrics\": dial tcp: lookup x on {LOCAL_RESOLVER}: no such host")
    );
    assert_eq!(
        normalise("Get \"http://localhost:80/metrics\": dial tcp 127.0.0.1:80: connect: connection refused"),
        "Get \"http://localhost/metrics\": dial tcp 127.0.0.1:80: connect: connection refused"
    );
    assert_eq!(
        normalise("server returned HTTP status 404 NOT FOUND\n"),
        "server returned HTTP status 404 NOT FOUND"
    );
}
