//! `plan.tsv` (`id kind start_s end_s step_s points expr`) and the manifest's checksum.

/// One query of the plan, times in ms after the first scrape.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanQuery {
    /// The query's name in `queries.tsv`.
    pub id: String,
    /// An instant query at `end_ms` (otherwise a range query).
    pub instant: bool,
    /// Range start (ms).
    pub start_ms: i64,
    /// Range end, or the instant's time (ms).
    pub end_ms: i64,
    /// Range step (ms, at least 1).
    pub step_ms: i64,
    /// The PromQL text.
    pub expr: String,
    /// `start_s`, `end_s` and `step_s` as written in the plan (copied to the results).
    pub raw: [String; 3],
}

/// The queries of `plan.tsv` (header skipped; short lines ignored).
pub fn parse_plan(text: &str) -> Vec<PlanQuery> {
    let ms = |s: &str| (s.parse::<f64>().unwrap_or(0.0) * 1000.0) as i64;
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let (start, end, step) = (c.get(2)?, c.get(3)?, c.get(4)?);
            Some(PlanQuery {
                id: c.first()?.to_string(),
                instant: *c.get(1)? == "instant",
                start_ms: ms(start),
                end_ms: ms(end),
                step_ms: ms(step).max(1),
                expr: c.get(6)?.to_string(),
                raw: [start.to_string(), end.to_string(), step.to_string()],
            })
        })
        .collect()
}

/// The promqltest file's sha256 from `manifest.json` (its `files.promqltest.sha256`).
pub fn manifest_sha(manifest: &str) -> String {
    manifest
        .split("\"promqltest\"")
        .nth(1)
        .and_then(|rest| rest.split("\"sha256\": \"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_instant_and_range_rows_in_ms() {
        let plan = "id\tkind\tstart_s\tend_s\tstep_s\tpoints\texpr\n\
                    a\trange\t100\t3700\t15\t241\trate(x[5m])\n\
                    b\tinstant\t3705\t3705\t0\t1\tup\n\
                    short\trange\n";
        let q = parse_plan(plan);
        assert_eq!(q.len(), 2);
        assert_eq!(
            (q[0].start_ms, q[0].end_ms, q[0].step_ms),
            (100_000, 3_700_000, 15_000)
        );
        assert!(!q[0].instant && q[1].instant);
        assert_eq!(q[1].step_ms, 1);
        assert_eq!(q[0].expr, "rate(x[5m])");
        assert_eq!(q[1].raw, ["3705".to_string(), "3705".into(), "0".into()]);
    }

    #[test]
    fn finds_the_promqltest_checksum() {
        let m = r#"{"files": {"openmetrics": {"sha256": "aa"}, "promqltest": {"bytes": 3, "sha256": "bb"}}}"#;
        assert_eq!(manifest_sha(m), "bb");
        assert_eq!(manifest_sha("{}"), "");
    }
}
