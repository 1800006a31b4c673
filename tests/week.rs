//! A week at full speed, natively: the whole chain (traffic, app, scrapes, store) runs
//! seven simulated days with automatic traffic and the store stays bounded by its 24 h
//! retention. Prints the store's size at the end of each day (`cargo test --release
//! --test week -- --nocapture` shows the curve).

use sonde::playground::Playground;

const START: i64 = 1_795_545_600_000;
const DAY_MS: i64 = 86_400_000;

#[test]
fn a_week_of_traffic_stays_flat_once_retention_is_reached() {
    let mut pg = Playground::new(11, START);
    pg.set_rate(5.0).expect("a valid rate");
    let mut days = Vec::new();
    for day in 1..=7 {
        for _ in 0..(24 * 60) {
            pg.step(60_000);
        }
        let store = pg.store();
        let row = (store.len(), store.sample_count(), store.approx_bytes());
        println!(
            "day {day}: {} series, {} samples, ~{} KiB",
            row.0,
            row.1,
            row.2 / 1024
        );
        days.push(row);
    }
    let (series, samples, bytes) = days[1];
    for (day, &(s, n, b)) in days.iter().enumerate().skip(2) {
        assert_eq!(s, series, "day {}: the series stay the same", day + 1);
        let drift = (n as f64 - samples as f64).abs() / samples as f64;
        assert!(drift < 0.01, "day {}: {n} samples vs {samples}", day + 1);
        assert!(
            (b as f64) < bytes as f64 * 1.1,
            "day {}: {b} bytes vs {bytes}",
            day + 1
        );
    }
    // A day of 15 s scrapes per series, give or take the edges.
    assert!(
        samples <= series * (24 * 240 + 10),
        "{samples} in {series} series"
    );
    let now = pg.now_ms();
    assert!(now - START >= 7 * DAY_MS);
    // Still scraping after a week: the target is up now.
    match pg.instant("up", None).expect("a valid query").value {
        sonde::promql::Value::Vector(v) => assert_eq!(v.first().map(|s| s.v), Some(1.0)),
        other => panic!("up is a vector: {other:?}"),
    }
}
