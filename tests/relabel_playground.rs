//! Relabelling in a running Playground: `relabel_configs` decide which host:port and
//! path are scraped, `metric_relabel_configs` what is stored.
#![cfg(not(target_arch = "wasm32"))]

use sonde::playground::Playground;
use sonde::promql::{QueryResult, Value};
use sonde::scrape::{Health, TargetState};

const START: i64 = 1_795_545_600_000;

/// The series `q` returns now, each as its labels and value.
fn instant(pg: &Playground, q: &str) -> Vec<(String, f64)> {
    let Ok(QueryResult {
        value: Value::Vector(vector),
        ..
    }) = pg.instant(q, None)
    else {
        panic!("{q}: not a vector")
    };
    vector
        .into_iter()
        .map(|s| (s.labels.to_string(), s.v))
        .collect()
}

/// Loads `yml`, lets one scrape happen, and returns the only target's state.
fn scraped_once(pg: &mut Playground, yml: &str) -> TargetState {
    pg.apply_config(yml).unwrap();
    pg.step(15_000);
    let [target] = pg.targets() else {
        panic!("one target expected")
    };
    target.clone()
}

fn value(pg: &Playground, q: &str) -> f64 {
    let got = instant(pg, q);
    assert_eq!(got.len(), 1, "{q}: {got:?}");
    got[0].1
}

const DROP_GC: &str = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    metric_relabel_configs:\n      - source_labels: [__name__]\n        regex: 'python_gc_.*'\n        action: drop\n    static_configs:\n      - targets: ['localhost:8000']\n";

#[test]
fn metric_relabelling_drops_a_family_before_it_is_stored() {
    let mut pg = Playground::new(3, START);
    pg.step(15_000);
    assert!(!instant(&pg, "python_gc_objects_collected_total").is_empty());
    let scraped = value(&pg, "scrape_samples_scraped");
    assert_eq!(value(&pg, "scrape_samples_post_metric_relabeling"), scraped);

    pg.apply_config(DROP_GC).unwrap();
    pg.step(30_000);
    // The family went stale at the first scrape that dropped it.
    assert!(instant(&pg, "python_gc_objects_collected_total").is_empty());
    assert!(!instant(&pg, "process_cpu_seconds_total").is_empty());
    let scraped = value(&pg, "scrape_samples_scraped");
    let kept = value(&pg, "scrape_samples_post_metric_relabeling");
    let gc_samples = pg
        .metrics_preview()
        .lines()
        .filter(|l| l.starts_with("python_gc_"))
        .count() as f64;
    assert!(gc_samples > 0.0);
    assert_eq!(kept, scraped - gc_samples);
}

#[test]
fn metric_relabelling_renames_and_drops_labels() {
    let mut pg = Playground::new(3, START);
    let yml = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    metric_relabel_configs:\n      - {source_labels: [__name__], regex: 'process_(.*)', target_label: __name__, replacement: 'proc_$1'}\n      - {regex: instance, action: labeldrop}\n    static_configs:\n      - targets: ['localhost:8000']\n";
    pg.apply_config(yml).unwrap();
    pg.step(15_000);
    assert_eq!(
        instant(&pg, "proc_max_fds")
            .into_iter()
            .map(|(l, _)| l)
            .collect::<Vec<_>>(),
        ["proc_max_fds{job=\"my_app\"}"]
    );
    assert!(instant(&pg, "process_max_fds").is_empty());
}

#[test]
fn relabelling_the_address_scrapes_another_replica() {
    let mut pg = Playground::new(3, START);
    let port = pg.add_replica().unwrap();
    assert_eq!(port, 8001);
    let yml = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    relabel_configs:\n      - source_labels: [__address__]\n        regex: 'localhost:8000'\n        target_label: __address__\n        replacement: 'localhost:8001'\n    static_configs:\n      - targets: ['localhost:8000']\n";
    let target = scraped_once(&mut pg, yml);
    assert_eq!(target.target.url(), "http://localhost:8001/metrics");
    assert_eq!(target.health, Health::Up);
    assert_eq!(
        instant(&pg, "up{job=\"my_app\"}"),
        [(
            "up{instance=\"localhost:8001\", job=\"my_app\"}".to_string(),
            1.0
        )]
    );
}

#[test]
fn relabelling_the_path_changes_the_url_scraped() {
    // prometheus_client's metrics server answers on any path, as the real one does.
    let mut pg = Playground::new(3, START);
    let yml = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    relabel_configs:\n      - {target_label: __metrics_path__, replacement: /stats}\n    static_configs:\n      - targets: ['localhost:8000']\n";
    let target = scraped_once(&mut pg, yml);
    assert_eq!(target.target.url(), "http://localhost:8000/stats");
    assert_eq!(target.health, Health::Up);
}

#[test]
fn relabelling_to_the_flask_port_meets_its_404() {
    let mut pg = Playground::new(3, START);
    let yml = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    relabel_configs:\n      - {source_labels: [__address__], regex: '(.*):8000', target_label: __address__, replacement: '$1:5000'}\n    static_configs:\n      - targets: ['localhost:8000']\n";
    let target = scraped_once(&mut pg, yml);
    assert_eq!(target.health, Health::Down);
    let error = target
        .last_error
        .as_ref()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("404"), "{error}");
}

#[test]
fn a_dropped_target_is_not_scraped() {
    let mut pg = Playground::new(3, START);
    let yml = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    relabel_configs:\n      - {source_labels: [__address__], regex: '.*:8000', action: drop}\n    static_configs:\n      - targets: ['localhost:8000']\n";
    pg.apply_config(yml).unwrap();
    pg.step(15_000);
    assert!(pg.targets().is_empty());
    assert!(pg.config().scrape_configs[0].dropped_targets.len() == 1);
}

#[test]
fn options_without_meaning_are_accepted_with_notes() {
    let mut pg = Playground::new(3, START);
    let yml = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    basic_auth:\n      username: admin\n      password: secret\n    static_configs:\n      - targets: ['localhost:8000']\n";
    pg.apply_config(yml).unwrap();
    pg.step(15_000);
    assert_eq!(value(&pg, "up"), 1.0);
    let notes: Vec<_> = pg.config().notes.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(notes, ["basic_auth"]);
}
