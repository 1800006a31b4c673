//! The `exposition` fuzz target's promises: any UTF-8 text is read as a `/metrics` page by
//! the text-format parser (`parse_page`), then scraped into a store as the scraper does
//! with a page it fetched. Errors point inside the page and are worded in both languages;
//! every sample keeps its metric name as `__name__`.
//! Shared by the fuzz target `exposition` and by `tests/parsers_fuzz.rs`.

use std::sync::OnceLock;
use std::time::Duration;

use sonde::config::{parse_config, COURSE_CONFIG};
use sonde::exposition::parse_page;
use sonde::lang::Lang;
use sonde::scrape::{Fetched, ScrapeTarget, Scraper};
use sonde::store::Store;

/// The course's target (`localhost:8000` of job `my_app`), as Prometheus loads it.
fn course_targets() -> &'static [ScrapeTarget] {
    static TARGETS: OnceLock<Vec<ScrapeTarget>> = OnceLock::new();
    TARGETS.get_or_init(|| {
        let config = parse_config(COURSE_CONFIG).unwrap_or_default();
        let jobs = config.scrape_configs.iter();
        jobs.flat_map(|job| {
            job.targets
                .iter()
                .map(|t| ScrapeTarget::from_config(job, t))
        })
        .collect()
    })
}

/// Panics if `data` breaks one of the promises above.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_page(text) {
        Ok(page) => {
            for s in &page.samples {
                assert_eq!(s.labels.get("__name__"), s.name, "{text:?}");
            }
        }
        Err(e) => {
            assert!(e.offset <= text.len() + 1, "{text:?}: offset {}", e.offset);
            assert!(e.line >= 1 && e.column >= 1, "{text:?}: {e}");
            assert!(!e.message(Lang::Fr).is_empty());
            assert!(!e.message(Lang::En).is_empty());
            return;
        }
    }
    let mut store = Store::default();
    let mut scraper = Scraper::with_seed(3);
    scraper.set_targets(course_targets().to_vec(), 0, &mut store);
    let mut fetch = |_: &ScrapeTarget, _: i64| {
        Ok(Fetched {
            body: text.to_string(),
            duration: Duration::from_millis(5),
        })
    };
    scraper.scrape_due(20_000, &mut store, &mut fetch);
    scraper.scrape_due(40_000, &mut store, &mut fetch);
}
