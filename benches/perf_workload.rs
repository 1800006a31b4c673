//! The shared perf workload (../shared/perf): loads `series.test` of a scale, runs every
//! query of its `plan.tsv` (one untimed round, then N timed rounds) and writes
//! `sonde-native-<scale>.json` in the shape `compare.py` reads.
//!
//! `cargo bench --bench perf_workload -- [--scale class] [--runs 7] [--cache DIR] [--out-dir DIR]`
//! (the workload is generated with `workload.py` into the cache when missing; results go
//! to `target/perf/` unless `--out-dir` says otherwise).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sonde::promql::{parse, Engine, Value};
use sonde::promqltest::load_store;

struct Args {
    scale: String,
    runs: usize,
    cache: PathBuf,
    out_dir: PathBuf,
}

fn args() -> Args {
    let mut a = Args {
        scale: "class".into(),
        runs: 7,
        cache: std::env::temp_dir().join("sonde-perf"),
        out_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("target/perf"),
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < v.len() {
        let next = v.get(i + 1).cloned().unwrap_or_default();
        match v[i].as_str() {
            "--scale" => a.scale = next,
            "--runs" => a.runs = next.parse().unwrap_or(7),
            "--cache" => a.cache = next.into(),
            "--out-dir" => a.out_dir = next.into(),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

/// Median, min and max of a run's timings, as a JSON object.
fn summary(xs: &[f64]) -> String {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    let median = if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    };
    format!(
        "{{\"min\": {:.9}, \"median\": {median:.9}, \"max\": {:.9}}}",
        s[0],
        s[n - 1]
    )
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
fn to_json(v: &Value) -> String {
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

/// Type, series, points, sum of finite values and count of the others.
fn shape(v: &Value) -> String {
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

/// The promqltest file's sha256 from the manifest (the `files.promqltest.sha256` field).
fn manifest_sha(manifest: &str) -> String {
    manifest
        .split("\"promqltest\"")
        .nth(1)
        .and_then(|rest| rest.split("\"sha256\": \"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string()
}

fn ensure_workload(a: &Args) -> PathBuf {
    let dir = a.cache.join(&a.scale);
    if !dir.join("plan.tsv").exists() {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/perf/workload.py");
        let status = std::process::Command::new("python3")
            .arg(script)
            .args(["--scale", &a.scale, "--out"])
            .arg(&a.cache)
            .status()
            .expect("python3 runs workload.py");
        assert!(status.success(), "workload.py failed");
    }
    dir
}

fn main() {
    let a = args();
    let dir = ensure_workload(&a);
    let text = std::fs::read_to_string(dir.join("series.test")).expect("series.test");
    let t0 = Instant::now();
    let store = load_store(&text).expect("series.test loads");
    let load_s = t0.elapsed().as_secs_f64();
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest.json");
    let plan = std::fs::read_to_string(dir.join("plan.tsv")).expect("plan.tsv");
    let engine = Engine::default();
    struct Q {
        id: String,
        instant: bool,
        start: i64,
        end: i64,
        step: i64,
        text: String,
        raw: [String; 3],
    }
    let queries: Vec<Q> = plan
        .lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let secs = |s: &str| (s.parse::<f64>().unwrap_or(0.0) * 1000.0) as i64;
            Some(Q {
                id: c.first()?.to_string(),
                instant: *c.get(1)? == "instant",
                start: secs(c.get(2)?),
                end: secs(c.get(3)?),
                step: secs(c.get(4)?).max(1),
                text: c.get(6)?.to_string(),
                raw: [
                    c.get(2)?.to_string(),
                    c.get(3)?.to_string(),
                    c.get(4)?.to_string(),
                ],
            })
        })
        .collect();
    let run = |q: &Q| {
        let wall = Instant::now();
        let expr = parse(&q.text).expect("plan query parses");
        let t = Instant::now();
        let r = if q.instant {
            engine.instant(&store, &expr, q.end)
        } else {
            engine.range(&store, &expr, q.start, q.end, q.step)
        }
        .expect("plan query evaluates");
        let eval = t.elapsed().as_secs_f64();
        let json = to_json(&r.value);
        let wall = wall.elapsed().as_secs_f64();
        (eval, wall, r.value, json.len())
    };
    for q in &queries {
        let _ = run(q);
    }
    let mut evals = vec![Vec::new(); queries.len()];
    let mut walls = vec![Vec::new(); queries.len()];
    let mut shapes = vec![String::new(); queries.len()];
    for _ in 0..a.runs.max(1) {
        for (i, q) in queries.iter().enumerate() {
            let (e, w, v, _) = run(q);
            evals[i].push(e);
            walls[i].push(w);
            shapes[i] = shape(&v);
        }
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "{{\n \"schema\": \"sonde-perf-results/1\",\n \"engine\": {{\"name\": \"sonde-native\", \"version\": \"{}\", \"how\": \"criterion-free native bench: Engine::instant/range on a parsed expression\"}},\n \"scale\": \"{}\",\n \"workload\": {{\"sha256\": {{\"promqltest\": \"{}\"}}}},\n \"runs\": {},\n \"setup\": {{\"load_s\": {load_s:.3}}},\n \"queries\": [\n",
        env!("CARGO_PKG_VERSION"),
        a.scale,
        manifest_sha(&manifest),
        a.runs.max(1)
    );
    for (i, q) in queries.iter().enumerate() {
        let sep = if i + 1 < queries.len() { "," } else { "" };
        let _ = writeln!(
            out,
            "  {{\"id\": \"{}\", \"start_s\": {}, \"end_s\": {}, \"step_s\": {}, \"result\": {}, \"seconds\": {{\"evalTotalTime\": {}, \"wall\": {}}}}}{sep}",
            q.id,
            q.raw[0],
            q.raw[1],
            q.raw[2],
            shapes[i],
            summary(&evals[i]),
            summary(&walls[i]),
        );
        println!(
            "{:24} {:>9.3} ms  {}",
            q.id,
            evals[i].iter().sum::<f64>() * 1e3 / evals[i].len() as f64,
            shapes[i]
        );
    }
    out.push_str(" ]\n}\n");
    std::fs::create_dir_all(&a.out_dir).expect("create the output folder");
    let path = a.out_dir.join(format!("sonde-native-{}.json", a.scale));
    std::fs::write(&path, out).expect("write results");
    println!("loaded in {load_s:.2} s; wrote {}", path.display());
}
