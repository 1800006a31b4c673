//! What the browser benchmark times besides the workload: a simulated course day and a
//! busy chart. Pure builders; the caller holds the clock.

use crate::chart::{ChartData, ChartSeries};
use crate::playground::Playground;

/// Start of the simulated day (ms since the epoch; any time works).
pub const SIM_START_MS: i64 = 1_795_545_600_000;

/// The course's chain (app, scrapes of the course's `prometheus.yml`, store) run for
/// `hours` of simulated time with automatic traffic at `rate` requests per second, in
/// minute steps as the clock does at high speed.
pub fn simulate(seed: u64, hours: u32, rate: f64) -> Playground {
    let mut pg = Playground::new(seed, SIM_START_MS);
    // The UI's slider allows 0-20 /s; an invalid rate leaves the traffic off.
    let _ = pg.set_rate(rate);
    for _ in 0..hours * 60 {
        pg.step(60_000);
    }
    pg
}

/// `series` lines of `points` points one minute apart ending at `SIM_START_MS`, shaped
/// like a day of request rates (a daily wave, one per line, and some ripple).
pub fn chart_data(series: usize, points: usize) -> ChartData {
    let step_ms = 60_000;
    let start_ms = SIM_START_MS - step_ms * points.saturating_sub(1) as i64;
    let line = |k: usize| ChartSeries {
        name: format!("{{handler=\"/api/{k}\", instance=\"localhost:8000\"}}"),
        points: (0..points)
            .map(|i| {
                let x = i as f64 / points.max(1) as f64 * std::f64::consts::TAU;
                let v = (k + 1) as f64 * (2.0 + x.sin()) + 0.3 * (x * 37.0 + k as f64).sin();
                (start_ms + step_ms * i as i64, v)
            })
            .collect(),
    };
    ChartData {
        series: (0..series).map(line).collect(),
        start_ms,
        end_ms: SIM_START_MS,
        step_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_data_has_the_asked_lines_and_points_in_its_window() {
        let d = chart_data(10, 1440);
        assert_eq!(d.series.len(), 10);
        assert_eq!(d.point_count(), 14_400);
        let first = d.series[3].points[0].0;
        let last = d.series[3].points[1439].0;
        assert_eq!((first, last), (d.start_ms, d.end_ms));
    }

    #[test]
    fn an_hour_of_simulation_scrapes_and_stores() {
        let pg = simulate(3, 1, 5.0);
        assert_eq!(pg.now_ms() - SIM_START_MS, 3_600_000);
        assert!(pg.scrapes() >= 200, "{}", pg.scrapes());
        assert!(pg.store().sample_count() > 0);
        assert!(pg.requests_total() > 0.0);
    }
}
