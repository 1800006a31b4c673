//! The series store as OpenMetrics text for `promtool tsdb create-blocks-from
//! openmetrics`: one family per metric name, in name order, each series' samples in time
//! order with their timestamp in seconds (to the millisecond), then `# EOF`.
//!
//! Every family is typed `unknown`: TSDB blocks keep no metric types, and OpenMetrics
//! allows any name for an `unknown` family, whereas a `counter` family would have to be
//! named without its `_total` and a histogram's series grouped per bucket set. Staleness
//! markers are left out: OpenMetrics has no way to write one (`NaN` reads back as an
//! ordinary NaN), so a backfilled series simply ends with its last sample.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::go::float::format_shortest;
use crate::store::{escape_label_value, is_stale, Series, Store, METRIC_NAME};

use super::{ExportFile, TEXT};

/// Every series of `store` as OpenMetrics text.
pub fn write_series(store: &Store) -> String {
    let mut by_name: BTreeMap<&str, Vec<&Series>> = BTreeMap::new();
    for id in 0..store.len() {
        let series = store.series(id);
        by_name
            .entry(series.labels.metric_name())
            .or_default()
            .push(series);
    }
    let mut out = String::new();
    for (name, mut series) in by_name {
        if name.is_empty() {
            continue;
        }
        crate::order::sort_by_key(&mut series, |s| s.labels.to_string());
        let _ = writeln!(out, "# TYPE {name} unknown");
        for s in series {
            let labels = label_text(s);
            for sample in s.samples.iter().filter(|x| !is_stale(x.v)) {
                let _ = writeln!(
                    out,
                    "{name}{labels} {} {}",
                    format_shortest(sample.v),
                    seconds(sample.t)
                );
            }
        }
    }
    out.push_str("# EOF\n");
    out
}

/// The export as a file (`sonde-series.om.txt`).
pub fn openmetrics_file(store: &Store) -> ExportFile {
    ExportFile::text("sonde-series.om.txt", TEXT, write_series(store))
}

/// `{a="x",b="y"}` without the metric name, or nothing when there are no other labels.
fn label_text(series: &Series) -> String {
    let pairs: Vec<String> = series
        .labels
        .iter()
        .filter(|l| l.name != METRIC_NAME)
        .map(|l| format!("{}=\"{}\"", l.name, escape_label_value(&l.value)))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", pairs.join(","))
    }
}

/// Milliseconds since the epoch as seconds with three decimals.
fn seconds(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let abs = ms.unsigned_abs();
    format!("{sign}{}.{:03}", abs / 1000, abs % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Labels, STALE_NAN};

    #[test]
    fn families_by_name_samples_in_time_order() {
        let mut store = Store::default();
        let b = Labels::from_pairs([("__name__", "b_total"), ("path", "/\"x\"")]);
        let a = Labels::from_pairs([("__name__", "a")]);
        store.append(&b, 1_000, 1.0).unwrap();
        store.append(&a, 1_500, 0.25).unwrap();
        store.append(&b, 16_001, 2.0).unwrap();
        store.append(&b, 31_000, STALE_NAN).unwrap();
        store.append(&a, 2_000, f64::NAN).unwrap();
        let text = write_series(&store);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            vec![
                "# TYPE a unknown",
                "a 0.25 1.500",
                "a NaN 2.000",
                "# TYPE b_total unknown",
                "b_total{path=\"/\\\"x\\\"\"} 1 1.000",
                "b_total{path=\"/\\\"x\\\"\"} 2 16.001",
                "# EOF",
            ]
        );
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn timestamps_in_seconds() {
        assert_eq!(seconds(1_795_545_825_768), "1795545825.768");
        assert_eq!(seconds(5), "0.005");
        assert_eq!(seconds(-1_500), "-1.500");
    }

    #[test]
    fn an_empty_store_is_just_the_end() {
        assert_eq!(write_series(&Store::default()), "# EOF\n");
        assert_eq!(
            openmetrics_file(&Store::default()).name,
            "sonde-series.om.txt"
        );
    }
}
