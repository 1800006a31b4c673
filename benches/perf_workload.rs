//! The shared perf workload (../shared/perf): loads `series.test` of a scale, runs every
//! query of its `plan.tsv` (one untimed round, then N timed rounds) and writes
//! `sonde-native-<scale>.json` in the shape `compare.py` reads, with the store's bytes per
//! sample and the process's peak memory (VmHWM).
//!
//! `cargo bench --bench perf_workload -- [--scale class] [--runs 7] [--cache DIR] [--out-dir DIR]
//! [--only ID,ID] [--zero-clamp before-2.51|since-2.51]` (the workload is generated with `workload.py`
//! into the cache when missing; results go to `target/perf/` unless `--out-dir` says
//! otherwise; `--only` keeps the named queries, to profile them alone; `--zero-clamp
//! before-2.51` extrapolates `rate`/`increase` as Prometheus did before 2.51, so that
//! `compare.py`'s "same result" can be checked against Debian's 2.42).

use std::path::{Path, PathBuf};
use std::time::Instant;

use sonde::perf::{manifest_sha, parse_plan, results_json, run_workload, EngineInfo, Setup};
use sonde::promql::rate::ZeroClamp;
use sonde::promql::Engine;
use sonde::promqltest::load_store;

struct Args {
    scale: String,
    runs: usize,
    cache: PathBuf,
    out_dir: PathBuf,
    /// Query ids to keep (all when empty), to profile a few queries alone.
    only: Vec<String>,
    /// Where `rate`/`increase` stop at a counter's zero point (Prometheus 3's unless told).
    zero_clamp: ZeroClamp,
}

fn args() -> Args {
    let mut a = Args {
        scale: "class".into(),
        runs: 7,
        cache: std::env::temp_dir().join("sonde-perf"),
        out_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("target/perf"),
        only: Vec::new(),
        zero_clamp: ZeroClamp::AfterLimit,
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
            "--only" => a.only = next.split(',').map(str::to_string).collect(),
            "--zero-clamp" => {
                a.zero_clamp = match next.as_str() {
                    "before-2.51" => ZeroClamp::BeforeLimit,
                    "since-2.51" => ZeroClamp::AfterLimit,
                    other => {
                        eprintln!("--zero-clamp takes before-2.51 or since-2.51, not {other:?}");
                        std::process::exit(2);
                    }
                }
            }
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
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

/// Starts a new peak-memory measurement: hands the loader's freed memory back to the
/// system (glibc keeps it otherwise), then resets VmHWM (`5` to `clear_refs`, Linux).
fn reset_peak_rss() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: glibc's malloc_trim only releases free heap pages; it takes no pointers.
        unsafe {
            malloc_trim(0);
        }
    }
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident memory (Linux's VmHWM), in bytes.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn main() {
    let a = args();
    let dir = ensure_workload(&a);
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect(name);
    let text = read("series.test");
    let t0 = Instant::now();
    let store = load_store(&text).expect("series.test loads");
    let load_s = t0.elapsed().as_secs_f64();
    drop(text);
    // The loader's peak holds the text and its parsed form; Prometheus's figure is a
    // server holding its data and answering queries, so the query peak is measured apart.
    let load_peak = peak_rss_bytes();
    reset_peak_rss();
    let mut plan = parse_plan(&read("plan.tsv"));
    if !a.only.is_empty() {
        plan.retain(|q| a.only.contains(&q.id));
    }
    let start = Instant::now();
    let now = || start.elapsed().as_secs_f64();
    let runs = a.runs.max(1);
    let engine = Engine {
        zero_clamp: a.zero_clamp,
        ..Engine::default()
    };
    let timings = run_workload(&engine, &store, &plan, runs, &now).expect("every plan query runs");
    let setup = Setup {
        load_s,
        samples: store.sample_count(),
        store_bytes: store.approx_bytes(),
        peak_rss_bytes: peak_rss_bytes(),
        load_peak_rss_bytes: load_peak,
    };
    let info = EngineInfo {
        name: "sonde-native".into(),
        how: "criterion-free native bench: Engine::instant/range on a parsed expression".into(),
    };
    for (q, t) in plan.iter().zip(&timings) {
        let mean = t.evals.iter().sum::<f64>() * 1e3 / t.evals.len() as f64;
        println!("{:24} {mean:>9.3} ms  {}", q.id, t.shape);
    }
    let sha = manifest_sha(&read("manifest.json"));
    let out = results_json(&info, &a.scale, &sha, runs, &setup, &plan, &timings);
    std::fs::create_dir_all(&a.out_dir).expect("create the output folder");
    let path = a.out_dir.join(format!("sonde-native-{}.json", a.scale));
    std::fs::write(&path, out).expect("write results");
    let mib = |b: Option<u64>| b.unwrap_or(0) as f64 / 1048576.0;
    println!(
        "loaded in {load_s:.2} s; {} samples, {:.2} bytes/sample; peak RSS {:.1} MiB while querying, {:.1} MiB while loading; wrote {}",
        setup.samples,
        setup.store_bytes as f64 / setup.samples.max(1) as f64,
        mib(setup.peak_rss_bytes),
        mib(setup.load_peak_rss_bytes),
        path.display()
    );
}
