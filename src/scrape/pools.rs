//! Targets grouped by scrape pool (one pool per `job_name`), as Prometheus's targets page
//! lists them: each pool with its interval, timeout and how many of its targets are up.

use super::{Health, TargetState};

/// One scrape pool: a job's targets, in configuration order.
#[derive(Clone, Debug)]
pub struct ScrapePool<'a> {
    /// `job_name`.
    pub job: &'a str,
    /// The job's `scrape_interval`, ms.
    pub interval_ms: i64,
    /// The job's `scrape_timeout`, ms.
    pub timeout_ms: i64,
    /// Its targets.
    pub targets: Vec<&'a TargetState>,
}

impl ScrapePool<'_> {
    /// How many of its targets are up.
    pub fn up(&self) -> usize {
        self.targets
            .iter()
            .filter(|t| t.health == Health::Up)
            .count()
    }
}

/// `targets` grouped by job, pools in the order their first target comes.
pub fn scrape_pools(targets: &[TargetState]) -> Vec<ScrapePool<'_>> {
    let mut pools: Vec<ScrapePool<'_>> = Vec::new();
    for state in targets {
        let t = &state.target;
        match pools.iter_mut().find(|p| p.job == t.job) {
            Some(pool) => pool.targets.push(state),
            None => pools.push(ScrapePool {
                job: &t.job,
                interval_ms: t.interval_ms,
                timeout_ms: t.timeout_ms,
                targets: vec![state],
            }),
        }
    }
    pools
}

#[cfg(test)]
mod tests {
    use crate::playground::Playground;

    use super::*;

    #[test]
    fn targets_are_grouped_by_job_with_their_up_count() {
        let mut pg = Playground::new(1, 1_700_000_000_000);
        let yml = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    static_configs:\n      - targets: ['localhost:8000', 'localhost:8001']\n  - job_name: other\n    scrape_interval: 30s\n    scrape_timeout: 5s\n    static_configs:\n      - targets: ['localhost:8000']\n";
        pg.apply_config(yml).expect("a valid file");
        pg.step(60_000);
        let pools = scrape_pools(pg.targets());
        let summary: Vec<(&str, usize, usize, i64, i64)> = pools
            .iter()
            .map(|p| (p.job, p.up(), p.targets.len(), p.interval_ms, p.timeout_ms))
            .collect();
        assert_eq!(
            summary,
            [
                ("my_app", 1, 2, 15_000, 10_000),
                ("other", 1, 1, 30_000, 5_000)
            ]
        );
        assert!(scrape_pools(&[]).is_empty());
    }
}
