//! Range-query benchmarks on course-like data: 32 request counters (with restarts) and
//! a 16-series classic latency histogram, 24 h of 15 s scrapes, queried at a 60 s step.

use criterion::{criterion_group, criterion_main, Criterion};
use sonde::promql::{parse, Engine};
use sonde::store::{Labels, Store};

const DAY_MS: i64 = 24 * 3600 * 1000;
const SCRAPE_MS: i64 = 15_000;

/// A small deterministic generator (xorshift) so every run sees the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn course_store() -> Store {
    let mut store = Store::new(2 * DAY_MS);
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut counters = Vec::new();
    for job in ["my_app", "api"] {
        for instance in 0..4 {
            for (method, status) in [
                ("GET", "200"),
                ("GET", "404"),
                ("POST", "200"),
                ("POST", "500"),
            ] {
                let labels = Labels::from_pairs([
                    ("__name__", "http_requests_total".to_string()),
                    ("job", job.to_string()),
                    ("instance", format!("localhost:{}", 8000 + instance)),
                    ("method", method.to_string()),
                    ("status", status.to_string()),
                ]);
                counters.push((store.series_id(&labels), 0.0f64));
            }
        }
    }
    let bounds = ["0.005", "0.01", "0.05", "0.1", "0.5", "1", "5", "+Inf"];
    let mut buckets = Vec::new();
    for job in ["my_app", "api"] {
        for le in bounds {
            let labels = Labels::from_pairs([
                ("__name__", "http_request_duration_seconds_bucket"),
                ("job", job),
                ("le", le),
            ]);
            buckets.push(store.series_id(&labels));
        }
    }
    let mut hist = [0.0f64; 16];
    let mut t = 0;
    while t <= DAY_MS {
        for (id, value) in &mut counters {
            // About one restart per 6 hours per series.
            if rng.below(1440) == 0 {
                *value = 0.0;
            }
            *value += rng.below(20) as f64;
            let _ = store.append_to(*id, t, *value);
        }
        for job in 0..2 {
            let mut cumulative = 0.0;
            for b in 0..bounds.len() {
                cumulative += rng.below(5) as f64;
                let i = job * bounds.len() + b;
                hist[i] += cumulative;
                let _ = store.append_to(buckets[i], t, hist[i]);
            }
        }
        t += SCRAPE_MS;
    }
    store
}

fn bench(c: &mut Criterion) {
    let store = course_store();
    let engine = Engine::default();
    let queries = [
        ("raw selector", "http_requests_total"),
        ("rate", "rate(http_requests_total[5m])"),
        ("sum by job of rate", "sum by (job) (rate(http_requests_total[5m]))"),
        (
            "histogram_quantile",
            "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
        ),
    ];
    let mut group = c.benchmark_group("range 24h step 60s");
    group.sample_size(10);
    for (name, q) in queries {
        let expr = parse(q).expect("benchmark query parses");
        group.bench_function(name, |b| {
            b.iter(|| {
                engine
                    .range(&store, &expr, 0, DAY_MS, 60_000)
                    .expect("benchmark query runs")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
