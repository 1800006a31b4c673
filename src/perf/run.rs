//! One untimed round over the plan, then `runs` timed rounds in plan order.

use super::plan::PlanQuery;
use super::report::{shape, to_json};
use crate::promql::{parse, Engine};
use crate::store::Store;

/// A query's timed runs (seconds) and the shape of its last result.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryTimings {
    /// Parsed expression in, result out.
    pub evals: Vec<f64>,
    /// Parse + evaluate + serialise to JSON.
    pub walls: Vec<f64>,
    /// `report::shape` of the result.
    pub shape: String,
}

/// Runs every query of `plan` on `store` with `engine`; `now` returns seconds. An error
/// names the query that failed to parse or evaluate.
pub fn run_workload(
    engine: &Engine,
    store: &Store,
    plan: &[PlanQuery],
    runs: usize,
    now: &dyn Fn() -> f64,
) -> Result<Vec<QueryTimings>, String> {
    let run = |q: &PlanQuery, t: &mut QueryTimings| -> Result<(), String> {
        let wall = now();
        let expr = parse(&q.expr).map_err(|e| format!("{}: {e:?}", q.id))?;
        let start = now();
        let r = if q.instant {
            engine.instant(store, &expr, q.end_ms)
        } else {
            engine.range(store, &expr, q.start_ms, q.end_ms, q.step_ms)
        }
        .map_err(|e| format!("{}: {e:?}", q.id))?;
        let eval = now() - start;
        std::hint::black_box(to_json(&r.value));
        t.walls.push(now() - wall);
        t.evals.push(eval);
        t.shape = shape(&r.value);
        Ok(())
    };
    let mut warm = QueryTimings::default();
    for q in plan {
        run(q, &mut warm)?;
    }
    let mut out = vec![QueryTimings::default(); plan.len()];
    for _ in 0..runs.max(1) {
        for (q, t) in plan.iter().zip(out.iter_mut()) {
            run(q, t)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perf::parse_plan;
    use crate::promqltest::load_store;

    #[test]
    fn times_every_query_of_every_round() {
        let store = load_store("load 15s\n  up{job=\"a\"} 1 1 0 1\n").expect("loads");
        let plan = parse_plan(
            "id\tkind\tstart_s\tend_s\tstep_s\tpoints\texpr\n\
             up_now\tinstant\t50\t50\t0\t1\tup\n\
             up_range\trange\t0\t45\t15\t4\tsum(up)\n",
        );
        let ticks = std::cell::Cell::new(0.0);
        let now = || {
            ticks.set(ticks.get() + 1.0);
            ticks.get()
        };
        let t = run_workload(&Engine::default(), &store, &plan, 3, &now).expect("runs");
        assert_eq!(t.len(), 2);
        assert!(t.iter().all(|q| q.evals.len() == 3 && q.walls.len() == 3));
        assert!(t.iter().all(|q| q.evals.iter().all(|&e| e == 1.0)));
        assert!(t[1].shape.contains("\"points\": 4"), "{}", t[1].shape);
        let bad = parse_plan("h\nx\tinstant\t0\t0\t0\t1\tsum(\n");
        assert!(run_workload(&Engine::default(), &store, &bad, 1, &now)
            .unwrap_err()
            .starts_with("x:"));
    }
}
