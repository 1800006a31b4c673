//! The query page in the core: an instant query at a chosen time (the Table tab), each
//! node of a query evaluated on its own (Explain), and the graph: one range query over a
//! window at a step, its lines for the chart, the raw input samples behind each line, and
//! what the window lens can explain. The UI only binds these to the page.

use crate::chart::{ChartData, ChartSeries};
use crate::explain::preorder;
use crate::lens::{explain_window, lens_target, single_selector, Lens, LensTarget};
use crate::promql::ast::Expr;
use crate::promql::{parse, EvalError, QueryResult, Value};
use crate::store::{is_stale, Labels, Matcher, SeriesId, Store, METRIC_NAME};

use super::{Playground, QueryError};

/// The time window of a range query: `range_ms` ending at `end_ms` (now when `None`),
/// one point every `step_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GraphWindow {
    /// How far back the window reaches, in ms.
    pub range_ms: i64,
    /// The window's end; `None` follows the simulated now.
    pub end_ms: Option<i64>,
    /// The resolution, in ms (at least 1).
    pub step_ms: i64,
}

impl GraphWindow {
    /// The window's start, end and step in ms at `now_ms`: the end (now when not fixed)
    /// aligned down to the step, as Prometheus's UI asks.
    pub fn bounds(&self, now_ms: i64) -> (i64, i64, i64) {
        let step_ms = self.step_ms.max(1);
        let end = self.end_ms.unwrap_or(now_ms).div_euclid(step_ms) * step_ms;
        (end - self.range_ms.max(0), end, step_ms)
    }
}

/// Every node of `expr`, in pre-order (the order of [`preorder`]), evaluated on its own
/// on `store` at `t_ms`: what Explain shows beside each node.
pub fn node_values_on(
    engine: &crate::promql::Engine,
    store: &Store,
    expr: &Expr,
    t_ms: i64,
) -> Vec<Result<Value, EvalError>> {
    preorder(expr)
        .into_iter()
        .map(|node| engine.instant(store, node, t_ms).map(|r| r.value))
        .collect()
}

/// What a graph shows for one query.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct GraphAnswer {
    /// The evaluated lines.
    pub data: ChartData,
    /// Each line's labels, in the order of `data.series`.
    pub labels: Vec<Labels>,
    /// Raw samples behind each line (empty when not asked for or not found).
    pub samples: Vec<Vec<(i64, f64)>>,
    /// The lines are in the raw samples' units (a plain selector).
    pub same_units: bool,
    /// What the window lens explains, if the query qualifies.
    pub lens: Option<LensTarget>,
}

impl GraphAnswer {
    /// The lines of a range query's `value` (a matrix; anything else draws nothing) for
    /// `expr` over `window` at `now_ms`, without raw samples.
    pub fn from_range(expr: &Expr, value: Value, window: GraphWindow, now_ms: i64) -> Self {
        let (start_ms, end_ms, step_ms) = window.bounds(now_ms);
        let matrix = match value {
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
        GraphAnswer {
            data: ChartData {
                series,
                start_ms,
                end_ms,
                step_ms,
            },
            labels,
            samples: Vec::new(),
            same_units: single_selector(expr).is_some_and(|s| s.1),
            lens: lens_target(expr),
        }
    }
}

impl GraphAnswer {
    /// [`GraphAnswer::from_range`] for a query text a server answered: one Sonde cannot
    /// parse (another dialect) still draws its lines, without lens.
    pub fn from_query_text(query: &str, value: Value, window: GraphWindow, now_ms: i64) -> Self {
        match parse(query) {
            Ok(expr) => GraphAnswer::from_range(&expr, value, window, now_ms),
            Err(_) => {
                let number = Expr {
                    kind: crate::promql::ast::ExprKind::Number(0.0),
                    span: 0..0,
                };
                GraphAnswer::from_range(&number, value, window, now_ms)
            }
        }
    }
}

/// Whether the input series labelled `input` can stand behind the output line labelled
/// `output`: every label of the output (but the name) is in the input.
pub fn stands_behind(input: &Labels, output: &Labels) -> bool {
    output
        .iter()
        .filter(|l| l.name != METRIC_NAME)
        .all(|l| input.get(&l.name) == l.value)
}

/// The series of `store` selected by `matchers` that stands behind the line `output`.
fn input_of(store: &Store, matchers: &[Matcher], output: &Labels) -> Option<SeriesId> {
    store
        .select(matchers)
        .into_iter()
        .find(|&id| stands_behind(&store.series(id).labels, output))
}

impl Playground {
    /// Evaluates `query` as an instant query at `at_ms` (now when `None`), as the Table
    /// tab and Prometheus's `/api/v1/query` do.
    pub fn instant(&self, query: &str, at_ms: Option<i64>) -> Result<QueryResult, QueryError> {
        let expr = parse(query).map_err(QueryError::Parse)?;
        self.engine()
            .instant(self.store(), &expr, at_ms.unwrap_or_else(|| self.now_ms()))
            .map_err(QueryError::Eval)
    }

    /// Every node of `expr`, in pre-order (the order of [`preorder`]), evaluated on its
    /// own at now: what Explain shows beside each node.
    pub fn node_values(&self, expr: &Expr) -> Vec<Result<Value, EvalError>> {
        node_values_on(self.engine(), self.store(), expr, self.now_ms())
    }

    /// Evaluates `query` over `window`, as a Grafana panel or the query page's graph does;
    /// with `with_samples`, also collects the raw samples of its selector behind each line.
    pub fn graph(
        &self,
        query: &str,
        window: GraphWindow,
        with_samples: bool,
    ) -> Result<GraphAnswer, QueryError> {
        let expr = parse(query).map_err(QueryError::Parse)?;
        let (start, end, step_ms) = window.bounds(self.now_ms());
        let result = self
            .engine()
            .range(self.store(), &expr, start, end, step_ms)
            .map_err(QueryError::Eval)?;
        let mut answer = GraphAnswer::from_range(&expr, result.value, window, self.now_ms());
        if with_samples {
            answer.samples = self.raw_samples(&expr, &answer.labels, start, end);
        }
        Ok(answer)
    }

    /// The lines of `query` over the `range_ms` before now, every `step_ms`, as a Grafana
    /// panel draws them.
    pub fn query_chart(
        &self,
        query: &str,
        range_ms: i64,
        step_ms: i64,
    ) -> Result<ChartData, QueryError> {
        let window = GraphWindow {
            range_ms,
            end_ms: None,
            step_ms,
        };
        self.graph(query, window, false).map(|a| a.data)
    }

    /// The window lens on line `line` of `answer` at time `t_ms`: explained on the input
    /// series behind that line (or the first input when none matches).
    pub fn lens_at(&self, answer: &GraphAnswer, line: usize, t_ms: i64) -> Option<Lens> {
        lens_on(self.store(), answer, line, t_ms)
    }

    /// The raw (non-stale) samples in `(start, end]` of `expr`'s single selector behind
    /// each output line; empty when the query has no single selector.
    fn raw_samples(
        &self,
        expr: &Expr,
        lines: &[Labels],
        start: i64,
        end: i64,
    ) -> Vec<Vec<(i64, f64)>> {
        raw_samples_on(self.store(), expr, lines, start, end)
    }
}

/// The window lens on line `line` of `answer` at time `t_ms`, explained on the series of
/// `store` behind that line (or its first input when none matches).
pub fn lens_on(store: &Store, answer: &GraphAnswer, line: usize, t_ms: i64) -> Option<Lens> {
    let target = answer.lens.as_ref()?;
    let output = answer.labels.get(line)?;
    let id = input_of(store, &target.selector.matchers, output)
        .or_else(|| store.select(&target.selector.matchers).first().copied())?;
    Some(explain_window(store, target, id, t_ms))
}

/// The raw (non-stale) samples of `store` in `(start, end]` of `expr`'s single selector
/// behind each output line; empty when the query has no single selector.
pub fn raw_samples_on(
    store: &Store,
    expr: &Expr,
    lines: &[Labels],
    start: i64,
    end: i64,
) -> Vec<Vec<(i64, f64)>> {
    let Some((selector, _)) = single_selector(expr) else {
        return Vec::new();
    };
    lines
        .iter()
        .map(|out| {
            input_of(store, &selector.matchers, out)
                .map(|id| {
                    store
                        .series(id)
                        .window(start, end)
                        .iter()
                        .filter(|p| !is_stale(p.v))
                        .map(|p| (p.t, p.v))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    /// A playground with traffic that has run `minutes` of simulated time.
    fn running(minutes: i64) -> Playground {
        let mut pg = Playground::new(7, 1_700_000_000_000);
        pg.set_rate(2.0).expect("a valid rate");
        pg.step(minutes * MIN);
        pg
    }

    fn window(range_ms: i64, step_ms: i64) -> GraphWindow {
        GraphWindow {
            range_ms,
            end_ms: None,
            step_ms,
        }
    }

    #[test]
    fn graph_aligns_the_window_to_the_step_and_names_lines_by_labels() {
        let pg = running(20);
        let a = pg
            .graph("http_requests_total", window(10 * MIN, 30_000), true)
            .expect("a valid query");
        assert_eq!(a.data.end_ms % 30_000, 0);
        assert!(a.data.end_ms <= pg.now_ms() && pg.now_ms() - a.data.end_ms < 30_000);
        assert_eq!(a.data.end_ms - a.data.start_ms, 10 * MIN);
        assert_eq!(a.labels.len(), a.data.series.len());
        assert_eq!(a.data.series[0].name, a.labels[0].to_string());
        assert!(
            a.same_units,
            "a plain selector is drawn in its samples' units"
        );
        // Raw samples are the stored ones, every 15 s within the window.
        let raw = &a.samples[0];
        assert!(raw.len() >= 39 && raw.len() <= 41, "{}", raw.len());
        assert!(raw
            .iter()
            .all(|&(t, _)| t > a.data.start_ms && t <= a.data.end_ms));
    }

    #[test]
    fn graph_of_a_rate_has_a_lens_and_other_units() {
        let pg = running(20);
        let a = pg
            .graph(
                "rate(http_requests_total[1m])",
                window(10 * MIN, 15_000),
                true,
            )
            .expect("a valid query");
        assert!(!a.same_units);
        assert!(a.lens.is_some());
        let lens = pg
            .lens_at(&a, 0, a.data.end_ms)
            .expect("a lens on the line");
        assert_eq!(lens.t, a.data.end_ms);
        assert!(pg.lens_at(&a, 5, a.data.end_ms).is_none(), "no such line");
    }

    #[test]
    fn a_servers_answer_draws_even_in_another_dialect() {
        let w = GraphWindow {
            range_ms: MIN,
            end_ms: Some(10 * MIN),
            step_ms: 15_000,
        };
        let value = Value::Matrix(vec![crate::promql::RangeSeries {
            labels: Labels::from_pairs([("job", "a")]),
            samples: vec![crate::store::Sample {
                t: 10 * MIN,
                v: 2.0,
            }],
        }]);
        let a = GraphAnswer::from_query_text("rate(x[1m])", value.clone(), w, 0);
        assert!(a.lens.is_some());
        assert_eq!((a.data.start_ms, a.data.end_ms), (9 * MIN, 10 * MIN));
        // MetricsQL's `rate(x)` without a range does not parse here: lines, no lens.
        let other = GraphAnswer::from_query_text("rate(x)", value, w, 0);
        assert!(other.lens.is_none());
        assert_eq!(other.data.series, a.data.series);
        assert_eq!(other.labels[0].get("job"), "a");
    }

    #[test]
    fn query_chart_is_the_graph_without_samples() {
        let pg = running(5);
        let w = window(5 * MIN, 15_000);
        let chart = pg
            .query_chart("sum(http_requests_total)", 5 * MIN, 15_000)
            .expect("valid");
        let answer = pg
            .graph("sum(http_requests_total)", w, false)
            .expect("valid");
        assert_eq!(chart, answer.data);
        assert!(answer.samples.is_empty());
    }

    #[test]
    fn instant_queries_at_now_or_at_a_chosen_time() {
        let mut pg = Playground::new(7, 1_700_000_000_000);
        for _ in 0..3 {
            pg.send_request();
        }
        pg.step(MIN);
        let then = pg.now_ms();
        pg.send_request();
        pg.step(MIN);
        let value = |r: QueryResult| match r.value {
            Value::Vector(v) => v.first().map(|s| s.v),
            _ => None,
        };
        let now = pg.instant("http_requests_total", None).expect("valid");
        assert_eq!(value(now), Some(4.0));
        let earlier = pg
            .instant("http_requests_total", Some(then))
            .expect("valid");
        assert_eq!(value(earlier), Some(3.0));
        let before = pg
            .instant("http_requests_total", Some(then - 10 * MIN))
            .expect("valid");
        assert_eq!(value(before), None, "nothing stored yet then");
        assert!(matches!(
            pg.instant("sum(", None),
            Err(QueryError::Parse(_))
        ));
    }

    #[test]
    fn node_values_follow_the_preorder_of_the_tree() {
        let pg = running(5);
        let expr = parse("sum(rate(http_requests_total[1m]))").expect("valid");
        let values = pg.node_values(&expr);
        assert_eq!(values.len(), preorder(&expr).len());
        assert!(matches!(values[0], Ok(Value::Vector(ref v)) if v.len() == 1));
        assert!(matches!(values.last(), Some(Ok(Value::Matrix(_)))));
    }

    #[test]
    fn bad_queries_are_errors_not_panics() {
        let pg = running(1);
        let w = window(MIN, 15_000);
        assert!(matches!(
            pg.graph("rate(", w, true),
            Err(QueryError::Parse(_))
        ));
        assert!(matches!(
            pg.graph("http_requests_total[1m] + 1", w, true),
            Err(QueryError::Parse(_))
        ));
        let tiny = GraphWindow {
            range_ms: 3_600_000,
            end_ms: Some(0),
            step_ms: 0,
        };
        assert!(matches!(
            pg.graph("up", tiny, false),
            Err(QueryError::Eval(_))
        ));
    }
}
