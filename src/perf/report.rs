//! The results file in the shape of `prometheus-<scale>.json` (`compare.py` reads it):
//! per query the result's shape and min/median/max of the timed runs.

use std::fmt::Write as _;

use super::plan::PlanQuery;
use super::run::QueryTimings;
use crate::promql::Value;

/// Which engine ran, for the `engine` field.
#[derive(Clone, Debug)]
pub struct Engine {
    /// `sonde-native`, `sonde-wasm`, ...
    pub name: String,
    /// How it was timed.
    pub how: String,
}

/// What loading the workload took and left (the `setup` field).
#[derive(Clone, Copy, Debug, Default)]
pub struct Setup {
    /// Seconds to load `series.test` into the store.
    pub load_s: f64,
    /// Samples in the store.
    pub samples: usize,
    /// The store's approximate size in bytes.
    pub store_bytes: usize,
    /// The process's peak resident memory while querying, when the platform tells it.
    pub peak_rss_bytes: Option<u64>,
    /// The peak while loading (the text and its parsed form are held then).
    pub load_peak_rss_bytes: Option<u64>,
}

/// `{"min": .., "median": .., "max": ..}` of a run's timings (zeros when empty).
pub fn summary(xs: &[f64]) -> String {
    let mut s = xs.to_vec();
    crate::order::sort_by(&mut s, f64::total_cmp);
    let n = s.len();
    let (min, median, max) = match n {
        0 => (0.0, 0.0, 0.0),
        _ if n % 2 == 1 => (s[0], s[n / 2], s[n - 1]),
        _ => (s[0], (s[n / 2 - 1] + s[n / 2]) / 2.0, s[n - 1]),
    };
    format!("{{\"min\": {min:.9}, \"median\": {median:.9}, \"max\": {max:.9}}}")
}

/// The JSON value of a float as Prometheus's API writes it (a string).
fn json_float(v: f64) -> String {
    if v.is_nan() {
        "\"NaN\"".into()
    } else if v.is_infinite() {
        if v > 0.0 { "\"+Inf\"" } else { "\"-Inf\"" }.into()
    } else {
        format!("\"{v}\"")
    }
}

/// Serialises a result roughly as the HTTP API does (for the `wall` figure).
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Matrix(m) => {
            out.push_str("{\"resultType\":\"matrix\",\"result\":[");
            for s in m {
                let _ = write!(out, "{{\"metric\":\"{}\",\"values\":[", s.labels);
                for p in &s.samples {
                    let _ = write!(out, "[{},{}],", p.t as f64 / 1000.0, json_float(p.v));
                }
                out.push_str("]},");
            }
            out.push_str("]}");
        }
        Value::Vector(vec) => {
            out.push_str("{\"resultType\":\"vector\",\"result\":[");
            for s in vec {
                let _ = write!(
                    out,
                    "{{\"metric\":\"{}\",\"value\":[{},{}]}},",
                    s.labels,
                    s.t as f64 / 1000.0,
                    json_float(s.v)
                );
            }
            out.push_str("]}");
        }
        Value::Scalar { t, v } => {
            let _ = write!(out, "[{},{}]", *t as f64 / 1000.0, json_float(*v));
        }
        Value::String { s, .. } => out.push_str(s),
    }
    out
}

/// Type, series, points, Kahan sum of the finite values and count of the others.
pub fn shape(v: &Value) -> String {
    let (kind, series, vals): (&str, usize, Vec<f64>) = match v {
        Value::Matrix(m) => (
            "matrix",
            m.len(),
            m.iter()
                .flat_map(|s| s.samples.iter().map(|p| p.v))
                .collect(),
        ),
        Value::Vector(vec) => ("vector", vec.len(), vec.iter().map(|s| s.v).collect()),
        Value::Scalar { v, .. } => ("scalar", 0, vec![*v]),
        Value::String { .. } => ("string", 0, Vec::new()),
    };
    let (mut sum, mut c) = (0.0f64, 0.0f64);
    let mut non_finite = 0;
    for x in &vals {
        if x.is_finite() {
            let t = sum + x;
            c += if sum.abs() >= x.abs() {
                (sum - t) + x
            } else {
                (x - t) + sum
            };
            sum = t;
        } else {
            non_finite += 1;
        }
    }
    format!(
        "{{\"type\": \"{kind}\", \"series\": {series}, \"points\": {}, \"finite_sum\": {}, \"non_finite\": {non_finite}}}",
        vals.len(),
        sum + c
    )
}

/// The whole results file.
pub fn results_json(
    engine: &Engine,
    scale: &str,
    sha256: &str,
    runs: usize,
    setup: &Setup,
    queries: &[PlanQuery],
    timings: &[QueryTimings],
) -> String {
    let mut out = String::new();
    let per_sample = setup.store_bytes as f64 / setup.samples.max(1) as f64;
    let bytes = |b: Option<u64>| b.map_or("null".to_string(), |b| b.to_string());
    let (peak, load_peak) = (
        bytes(setup.peak_rss_bytes),
        bytes(setup.load_peak_rss_bytes),
    );
    let _ = write!(
        out,
        "{{\n \"schema\": \"sonde-perf-results/1\",\n \"engine\": {{\"name\": \"{}\", \"version\": \"{}\", \"how\": \"{}\"}},\n \"scale\": \"{scale}\",\n \"workload\": {{\"sha256\": {{\"promqltest\": \"{sha256}\"}}}},\n \"runs\": {runs},\n \"setup\": {{\"load_s\": {:.3}, \"samples\": {}, \"store_bytes\": {}, \"bytes_per_sample\": {per_sample:.2}}},\n \"memory\": {{\"max_rss_bytes\": {peak}, \"load_max_rss_bytes\": {load_peak}}},\n \"queries\": [\n",
        engine.name,
        env!("CARGO_PKG_VERSION"),
        engine.how,
        setup.load_s,
        setup.samples,
        setup.store_bytes,
    );
    for (i, (q, t)) in queries.iter().zip(timings).enumerate() {
        let sep = if i + 1 < queries.len() { "," } else { "" };
        let _ = writeln!(
            out,
            "  {{\"id\": \"{}\", \"start_s\": {}, \"end_s\": {}, \"step_s\": {}, \"result\": {}, \"seconds\": {{\"evalTotalTime\": {}, \"wall\": {}}}}}{sep}",
            q.id,
            q.raw[0],
            q.raw[1],
            q.raw[2],
            t.shape,
            summary(&t.evals),
            summary(&t.walls),
        );
    }
    out.push_str(" ]\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promql::Value;

    #[test]
    fn summary_takes_the_middle_of_sorted_runs() {
        assert_eq!(
            summary(&[3.0, 1.0, 2.0]),
            "{\"min\": 1.000000000, \"median\": 2.000000000, \"max\": 3.000000000}"
        );
        assert!(summary(&[4.0, 1.0]).contains("\"median\": 2.500000000"));
        assert!(summary(&[]).contains("\"max\": 0.000000000"));
    }

    #[test]
    fn shape_counts_finite_and_other_values() {
        let s = shape(&Value::Scalar { t: 0, v: f64::NAN });
        assert!(
            s.contains("\"type\": \"scalar\"") && s.contains("\"non_finite\": 1"),
            "{s}"
        );
        assert!(to_json(&Value::Scalar { t: 1500, v: 2.0 }).contains("[1.5,\"2\"]"));
    }
}
