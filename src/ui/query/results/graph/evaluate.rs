//! The graph's query: evaluated over the chosen window at the chosen step, with the raw
//! samples of its selector and what the window lens needs.

use crate::chart::{ChartData, ChartSeries};
use crate::lens::{lens_target, single_selector, LensTarget};
use crate::playground::{Playground, QueryError};
use crate::promql::{parse, Value};
use crate::store::{is_stale, Labels, METRIC_NAME};

/// What the graph shows for one query.
#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct Evaluated {
    /// The evaluated lines.
    pub data: ChartData,
    /// Each line's labels (to find its input series).
    pub labels: Vec<Labels>,
    /// Raw samples behind each line (empty when not asked for or not found).
    pub samples: Vec<Vec<(i64, f64)>>,
    /// The lines are in the raw samples' units (a plain selector).
    pub same_units: bool,
    /// What the window lens explains, if the query qualifies.
    pub lens: Option<LensTarget>,
}

/// The input labels `input` can stand behind the output `output`: every label of the
/// output (but the name) is in the input.
pub(super) fn covers(input: &Labels, output: &Labels) -> bool {
    output
        .iter()
        .filter(|l| l.name != METRIC_NAME)
        .all(|l| input.get(&l.name) == l.value)
}

/// Evaluates `query` over `range_ms` ending at `end_ms` (now when `None`), every
/// `step_ms`; with `with_samples`, collects the raw samples of its selector.
pub(super) fn evaluate(
    pg: &Playground,
    query: &str,
    range_ms: i64,
    end_ms: Option<i64>,
    step_ms: i64,
    with_samples: bool,
) -> Result<Evaluated, QueryError> {
    let expr = parse(query).map_err(QueryError::Parse)?;
    let step_ms = step_ms.max(1);
    let end = end_ms.unwrap_or_else(|| pg.now_ms()).div_euclid(step_ms) * step_ms;
    let start = end - range_ms.max(0);
    let result = pg
        .engine()
        .range(pg.store(), &expr, start, end, step_ms)
        .map_err(QueryError::Eval)?;
    let matrix = match result.value {
        Value::Matrix(m) => m,
        _ => Vec::new(),
    };
    let labels: Vec<Labels> = matrix.iter().map(|s| s.labels.clone()).collect();
    let series = matrix
        .into_iter()
        .map(|s| ChartSeries {
            name: s.labels.to_string(),
            points: s.samples.iter().map(|p| (p.t, p.v)).collect(),
        })
        .collect();
    let selector = single_selector(&expr);
    let same_units = selector.is_some_and(|s| s.1);
    let samples = match selector.filter(|_| with_samples) {
        Some((sel, _)) => {
            let store = pg.store();
            let inputs: Vec<&crate::store::Series> = store
                .select(&sel.matchers)
                .into_iter()
                .map(|id| store.series(id))
                .collect();
            labels
                .iter()
                .map(|out| {
                    inputs
                        .iter()
                        .find(|s| covers(&s.labels, out))
                        .map(|s| {
                            s.window(start, end)
                                .iter()
                                .filter(|p| !is_stale(p.v))
                                .map(|p| (p.t, p.v))
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        }
        None => Vec::new(),
    };
    Ok(Evaluated {
        data: ChartData {
            series,
            start_ms: start,
            end_ms: end,
            step_ms,
        },
        labels,
        samples,
        same_units,
        lens: lens_target(&expr),
    })
}
