//! The browser benchmark's page (`scripts/bench.sh` builds it from `benches/browser.html`;
//! never part of the learner's `dist/`): exports that run the shared workload, a simulated
//! course day and a busy chart in WASM, timed with `performance.now()`.

#[cfg(target_arch = "wasm32")]
mod browser {
    use plotters_canvas::CanvasBackend;
    use sonde::chart::{draw, ChartData, ChartOptions, Theme};
    use sonde::perf::{
        chart_data, manifest_sha, parse_plan, results_json, run_workload, simulate, EngineInfo,
        Setup,
    };
    use sonde::promqltest::load_store;
    use wasm_bindgen::prelude::*;

    /// Milliseconds since the page started.
    fn now_ms() -> f64 {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }

    /// Loads `series` (promqltest text), runs `plan` (`plan.tsv`) `runs` times and returns
    /// the results file `compare.py` reads.
    #[wasm_bindgen]
    pub fn bench_workload(
        series: &str,
        plan: &str,
        manifest: &str,
        scale: &str,
        runs: u32,
    ) -> Result<String, String> {
        let t0 = now_ms();
        let store = load_store(series).map_err(|e| format!("{e:?}"))?;
        let load_s = (now_ms() - t0) / 1000.0;
        let plan = parse_plan(plan);
        let now = || now_ms() / 1000.0;
        let runs = runs.max(1) as usize;
        let timings = run_workload(&sonde::promql::Engine::default(), &store, &plan, runs, &now)?;
        let setup = Setup {
            load_s,
            samples: store.sample_count(),
            store_bytes: store.approx_bytes(),
            peak_rss_bytes: None,
            load_peak_rss_bytes: None,
        };
        let engine = EngineInfo {
            name: "sonde-wasm".into(),
            how: "headless Chromium, wasm-release build: Engine::instant/range on a parsed expression, performance.now()".into(),
        };
        let sha = manifest_sha(manifest);
        Ok(results_json(
            &engine, scale, &sha, runs, &setup, &plan, &timings,
        ))
    }

    /// Simulates `hours` of the course with automatic traffic; returns
    /// `{"ms": .., "scrapes": .., "samples": .., "store_bytes": ..}`.
    #[wasm_bindgen]
    pub fn bench_simulate(hours: u32, rate: f64) -> String {
        let t0 = now_ms();
        let pg = simulate(1, hours, rate);
        let ms = now_ms() - t0;
        format!(
            "{{\"ms\": {ms:.3}, \"scrapes\": {}, \"samples\": {}, \"store_bytes\": {}}}",
            pg.scrapes(),
            pg.store().sample_count(),
            pg.store().approx_bytes()
        )
    }

    thread_local! {
        static CHART: std::cell::RefCell<ChartData> = std::cell::RefCell::new(ChartData::default());
    }

    /// Prepares the chart `bench_draw` draws: `series` lines of `points` points.
    #[wasm_bindgen]
    pub fn bench_chart_data(series: usize, points: usize) -> usize {
        let data = chart_data(series, points);
        let n = data.point_count();
        CHART.with(|c| *c.borrow_mut() = data);
        n
    }

    /// Draws the prepared chart on `canvas` as the dashboard does (the caller times it).
    #[wasm_bindgen]
    pub fn bench_draw(canvas: web_sys::HtmlCanvasElement) -> Result<(), String> {
        let backend =
            CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context on the canvas")?;
        CHART
            .with(|c| {
                draw(
                    backend,
                    &c.borrow(),
                    &Theme::DARK,
                    &ChartOptions::default(),
                    0,
                )
            })
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The browser benchmark runs in the browser: use `scripts/bench.sh`.");
}
