//! Explain and the window lens on a real server: the raw samples a query's selectors
//! need are fetched (a range-vector selector through `/api/v1/query` returns raw
//! samples), loaded into a Sonde store within a sample budget, evaluated with Sonde's own
//! engine, and Sonde's answer compared with the server's, with the likely reason when
//! they differ (a sample exactly on a window's left edge: Prometheus 2.x keeps it,
//! Prometheus 3 and Sonde leave it out; a counter's zero point, which `rate` and
//! `increase` reach further before Prometheus 2.51, found by evaluating the older way).

use std::collections::BTreeMap;

use crate::lang::Lang;
use crate::playground::node_values_on;
use crate::promql::ast::{AtModifier, Expr, ExprKind, MatrixSelector, VectorSelector};
use crate::promql::rate::ZeroClamp;
use crate::promql::{Engine, EvalError, QueryResult, Value};
use crate::store::{Labels, Store};

use super::error::SourceError;
use super::request::ApiCall;
use super::server::{ServerInfo, Windows};

/// The most samples Explain fetches from a server unless told otherwise.
pub const DEFAULT_SAMPLE_BUDGET: usize = 50_000;

/// One fetch of raw samples: `selector[reach]` asked at `time_ms`.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleFetch {
    /// The selector's matchers with the range to fetch (`up{job="x"}[5m]`).
    pub query: String,
    /// When to ask (the evaluation time moved by the selector's `offset` and `@`).
    pub time_ms: i64,
}

impl SampleFetch {
    /// The call that fetches the raw samples.
    pub fn call(&self) -> ApiCall {
        ApiCall::Query {
            query: self.query.clone(),
            time_ms: self.time_ms,
        }
    }

    /// The call that counts them first (one number, cheap for the server).
    pub fn count_call(&self) -> ApiCall {
        ApiCall::Query {
            query: format!("sum(count_over_time({}))", self.query),
            time_ms: self.time_ms,
        }
    }
}

/// The time a selector's data ends at, for a query evaluated at `t_ms`.
fn data_end(sel: &VectorSelector, t_ms: i64, at: Option<AtModifier>) -> i64 {
    let base = match sel.at.or(at) {
        Some(AtModifier::Timestamp(ms)) => ms,
        Some(AtModifier::Start) | Some(AtModifier::End) | None => t_ms,
    };
    base - sel.offset_ms
}

/// `sel`'s matchers as a range selector over `reach_ms` (rounded up to whole seconds).
fn range_text(sel: &VectorSelector, reach_ms: i64) -> String {
    let selector = VectorSelector {
        offset_ms: 0,
        at: None,
        ..sel.clone()
    };
    let range_ms = (reach_ms.max(1) + 999) / 1000 * 1000;
    Expr {
        kind: ExprKind::MatrixSelector(MatrixSelector { selector, range_ms }),
        span: 0..0,
    }
    .to_string()
}

/// Adds the fetches of the selectors under `e`; `extra_ms` is how much further back
/// enclosing subqueries reach, `at` an enclosing subquery's `@`.
fn collect(
    e: &Expr,
    t_ms: i64,
    lookback_ms: i64,
    extra_ms: i64,
    at: Option<AtModifier>,
    out: &mut Vec<SampleFetch>,
) {
    let (sel, range) = match &e.kind {
        ExprKind::VectorSelector(v) => (v, lookback_ms),
        ExprKind::MatrixSelector(m) => (&m.selector, m.range_ms),
        ExprKind::Subquery(sq) => {
            let step = sq.step_ms.unwrap_or(60_000);
            let extra = extra_ms + sq.range_ms + sq.offset_ms.max(0) + step;
            collect(&sq.expr, t_ms, lookback_ms, extra, sq.at.or(at), out);
            return;
        }
        _ => {
            for c in e.children() {
                collect(c, t_ms, lookback_ms, extra_ms, at, out);
            }
            return;
        }
    };
    let fetch = SampleFetch {
        query: range_text(sel, range + extra_ms),
        time_ms: data_end(sel, t_ms, at),
    };
    if !out.contains(&fetch) {
        out.push(fetch);
    }
}

/// The fetches that bring every raw sample `expr` needs to be evaluated at `t_ms`.
pub fn plan(expr: &Expr, t_ms: i64, lookback_ms: i64) -> Vec<SampleFetch> {
    let mut out = Vec::new();
    collect(expr, t_ms, lookback_ms, 0, None, &mut out);
    out
}

/// The fetch of `sel`'s raw samples behind a graph over `[start_ms, end_ms]` whose
/// windows reach `range_ms` back (the lens' range, or the lookback for a plain selector).
pub fn window_fetch(
    sel: &VectorSelector,
    start_ms: i64,
    end_ms: i64,
    range_ms: i64,
) -> SampleFetch {
    SampleFetch {
        query: range_text(sel, end_ms - start_ms + range_ms),
        time_ms: data_end(sel, end_ms, None),
    }
}

/// The number a count query answered (0 for an empty answer).
pub fn counted(value: &Value) -> usize {
    match value {
        Value::Vector(v) => v.iter().map(|s| s.v.max(0.0) as usize).sum(),
        Value::Scalar { v, .. } => v.max(0.0) as usize,
        _ => 0,
    }
}

/// The raw samples fetched so far, merged by series, within a budget.
#[derive(Clone, Debug, Default)]
pub struct Replay {
    series: BTreeMap<Labels, BTreeMap<i64, f64>>,
    samples: usize,
    budget: usize,
}

impl Replay {
    /// An empty replay that refuses to hold more than `budget` samples.
    pub fn new(budget: usize) -> Self {
        Replay {
            budget,
            ..Replay::default()
        }
    }

    /// Samples held.
    pub fn samples(&self) -> usize {
        self.samples
    }

    /// Series held.
    pub fn series(&self) -> usize {
        self.series.len()
    }

    /// The budget.
    pub fn budget(&self) -> usize {
        self.budget
    }

    /// Whether `more` samples still fit in the budget.
    pub fn fits(&self, more: usize) -> bool {
        self.samples.saturating_add(more) <= self.budget
    }

    /// Adds the raw samples of a range-vector answer (other values add nothing).
    pub fn add(&mut self, value: &Value) -> Result<(), SourceError> {
        let Value::Matrix(m) = value else {
            return Ok(());
        };
        for s in m {
            let points = self.series.entry(s.labels.clone()).or_default();
            for p in &s.samples {
                if points.insert(p.t, p.v).is_none() {
                    self.samples += 1;
                }
            }
            if self.samples > self.budget {
                return Err(SourceError::TooManySamples {
                    budget: self.budget,
                });
            }
        }
        Ok(())
    }

    /// The samples as a Sonde store.
    pub fn store(&self) -> Store {
        let mut store = Store::new(i64::MAX / 4);
        for (labels, points) in &self.series {
            let id = store.series_id(labels);
            for (&t, &v) in points {
                // Times are unique and increasing per series: appending cannot fail.
                let _ = store.append_to(id, t, v);
            }
        }
        store
    }
}

/// Every node of `expr` (in the order of [`crate::explain::preorder`]) evaluated at
/// `t_ms` on `store`, as Explain shows them, and the whole query's result.
pub fn evaluate(
    store: &Store,
    expr: &Expr,
    t_ms: i64,
) -> (
    Vec<Result<Value, EvalError>>,
    Result<QueryResult, EvalError>,
) {
    let engine = Engine::default();
    let nodes = node_values_on(&engine, store, expr, t_ms);
    (nodes, engine.instant(store, expr, t_ms))
}

/// One way Sonde's answer differs from the server's.
#[derive(Clone, Debug, PartialEq)]
pub enum Difference {
    /// Not the same type of value.
    Type {
        /// Sonde's type.
        sonde: &'static str,
        /// The server's type.
        server: &'static str,
    },
    /// A series only the server has.
    OnlyServer(Labels),
    /// A series only Sonde has.
    OnlySonde(Labels),
    /// The same series (or the scalar, with empty labels) with other values.
    Value {
        /// The series.
        labels: Labels,
        /// Sonde's value.
        sonde: f64,
        /// The server's value.
        server: f64,
    },
}

/// Whether two sample values are the same within 1e-9 relative (NaN equals NaN).
pub fn same_number(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// Every difference between Sonde's value and the server's.
pub fn compare(sonde: &Value, server: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut by_labels = |ours: BTreeMap<Labels, Vec<f64>>, theirs: BTreeMap<Labels, Vec<f64>>| {
        for (l, ov) in &ours {
            match theirs.get(l) {
                None => out.push(Difference::OnlySonde(l.clone())),
                Some(tv) => {
                    let same =
                        ov.len() == tv.len() && ov.iter().zip(tv).all(|(a, b)| same_number(*a, *b));
                    if !same {
                        out.push(Difference::Value {
                            labels: l.clone(),
                            sonde: ov.last().copied().unwrap_or(f64::NAN),
                            server: tv.last().copied().unwrap_or(f64::NAN),
                        });
                    }
                }
            }
        }
        for l in theirs.keys().filter(|l| !ours.contains_key(*l)) {
            out.push(Difference::OnlyServer(l.clone()));
        }
    };
    let series = |v: &Value| -> BTreeMap<Labels, Vec<f64>> {
        match v {
            Value::Vector(v) => crate::order::map(v.iter().map(|s| (s.labels.clone(), vec![s.v]))),
            Value::Matrix(m) => crate::order::map(
                m.iter()
                    .map(|s| (s.labels.clone(), s.samples.iter().map(|p| p.v).collect())),
            ),
            _ => BTreeMap::new(),
        }
    };
    match (sonde, server) {
        (Value::Scalar { v: a, .. }, Value::Scalar { v: b, .. }) => {
            if !same_number(*a, *b) {
                out.push(Difference::Value {
                    labels: Labels::empty(),
                    sonde: *a,
                    server: *b,
                });
            }
        }
        (Value::String { s: a, .. }, Value::String { s: b, .. }) => {
            if a != b {
                out.push(Difference::Type {
                    sonde: "string",
                    server: "string",
                });
            }
        }
        (Value::Vector(_), Value::Vector(_)) | (Value::Matrix(_), Value::Matrix(_)) => {
            by_labels(series(sonde), series(server))
        }
        _ => out.push(Difference::Type {
            sonde: sonde.type_name(),
            server: server.type_name(),
        }),
    }
    out
}

/// Why the answers likely differ.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// The server keeps the sample on a window's left edge (Prometheus 2.x), Sonde not.
    ClosedWindow {
        /// The selector whose window has a sample on its edge.
        selector: String,
        /// The edge's time, ms.
        edge_ms: i64,
    },
    /// The server extrapolates `rate`/`increase` toward a counter's zero point as
    /// Prometheus did before 2.51: evaluated that way, `explained` of the `of`
    /// differences go away.
    OlderZeroPoint {
        /// Differences that go away.
        explained: usize,
        /// Differences in all.
        of: usize,
    },
    /// Sonde has series the server no longer returns: the API does not send staleness
    /// markers, so a series that ended within the lookback still counts for Sonde.
    Staleness,
    /// No known reason.
    Unknown,
}

/// The first selector of `expr` (evaluated at `t_ms`) with a sample of `store` exactly
/// on its window's left edge.
fn sample_on_edge(expr: &Expr, store: &Store, t_ms: i64, lookback_ms: i64) -> Option<Reason> {
    expr.nodes().find_map(|n| {
        let (sel, range) = match &n.kind {
            ExprKind::VectorSelector(v) => (v, lookback_ms),
            ExprKind::MatrixSelector(m) => (&m.selector, m.range_ms),
            _ => return None,
        };
        let edge = data_end(sel, t_ms, None) - range;
        store
            .select(&sel.matchers)
            .into_iter()
            .any(|id| {
                store
                    .series(id)
                    .window(edge - 1, edge)
                    .iter()
                    .any(|p| p.t == edge)
            })
            .then(|| Reason::ClosedWindow {
                selector: n.to_string(),
                edge_ms: edge,
            })
    })
}

/// The likely reason for `diffs`, Sonde's differences from `answer`, the answer of the
/// server `info` describes.
pub fn likely_reason(
    expr: &Expr,
    store: &Store,
    t_ms: i64,
    info: &ServerInfo,
    answer: &Value,
    diffs: &[Difference],
) -> Reason {
    if diffs.is_empty() {
        return Reason::Unknown;
    }
    if info.windows() != Windows::LeftOpen {
        if let Some(r) = sample_on_edge(expr, store, t_ms, Engine::default().lookback_ms) {
            return r;
        }
    }
    if let Some(clamp @ ZeroClamp::BeforeLimit) = info.zero_clamp() {
        let older = Engine {
            zero_clamp: clamp,
            ..Engine::default()
        };
        if let Ok(r) = older.instant(store, expr, t_ms) {
            let left = compare(&r.value, answer).len();
            if left < diffs.len() {
                return Reason::OlderZeroPoint {
                    explained: diffs.len() - left,
                    of: diffs.len(),
                };
            }
        }
    }
    if diffs.iter().any(|d| matches!(d, Difference::OnlySonde(_))) {
        return Reason::Staleness;
    }
    Reason::Unknown
}

/// The comparison line: "same as your Prometheus", or the first difference and the reason.
pub fn summary(diffs: &[Difference], reason: &Reason, lang: Lang) -> String {
    let Some(first) = diffs.first() else {
        return lang
            .pick(
                "Même résultat que votre Prometheus.",
                "Same as your Prometheus.",
            )
            .to_string();
    };
    let fmt = crate::go::float::format_shortest;
    let what = match first {
        Difference::Type { sonde, server } => match lang {
            Lang::Fr => format!("Sonde obtient un {sonde}, le serveur un {server}"),
            Lang::En => format!("Sonde gets a {sonde}, the server a {server}"),
        },
        Difference::OnlyServer(l) => match lang {
            Lang::Fr => format!("seul le serveur a {l}"),
            Lang::En => format!("only the server has {l}"),
        },
        Difference::OnlySonde(l) => match lang {
            Lang::Fr => format!("seul Sonde a {l}"),
            Lang::En => format!("only Sonde has {l}"),
        },
        Difference::Value {
            labels,
            sonde,
            server,
        } => match lang {
            Lang::Fr => format!(
                "{labels} : Sonde {} ≠ serveur {}",
                fmt(*sonde),
                fmt(*server)
            ),
            Lang::En => format!("{labels}: Sonde {} ≠ server {}", fmt(*sonde), fmt(*server)),
        },
    };
    let more = diffs.len() - 1;
    let more = match (more, lang) {
        (0, _) => String::new(),
        (n, Lang::Fr) => format!(" (et {n} autre(s) écart(s))"),
        (n, Lang::En) => format!(" (and {n} more)"),
    };
    let why = match reason {
        Reason::ClosedWindow { selector, edge_ms } => match lang {
            Lang::Fr => format!(
                " Raison probable : un échantillon tombe pile sur le bord gauche de la fenêtre de {selector} ({}) ; Prometheus 2.x ferme ses fenêtres et le compte, Prometheus 3 et Sonde les ouvrent à gauche et l'excluent.",
                crate::go::time::rfc3339(*edge_ms)
            ),
            Lang::En => format!(
                " Likely reason: a sample sits exactly on the left edge of {selector}'s window ({}); Prometheus 2.x closes its windows and counts it, Prometheus 3 and Sonde leave it out.",
                crate::go::time::rfc3339(*edge_ms)
            ),
        },
        Reason::OlderZeroPoint { explained, of } => {
            let how = match (lang, explained == of) {
                (Lang::Fr, true) => "Sonde obtient alors la réponse du serveur".to_string(),
                (Lang::En, true) => "Sonde then gets the server's answer".to_string(),
                (Lang::Fr, false) => format!("{explained} des {of} écarts disparaissent"),
                (Lang::En, false) => format!("{explained} of the {of} differences go away"),
            };
            match lang {
                Lang::Fr => format!(
                    " Raison probable : quand un compteur commence dans la fenêtre, Prometheus avant 2.51 extrapole rate() et increase() jusqu'au zéro du compteur, jusqu'à 1,1 intervalle avant son premier échantillon ; depuis 2.51 (3.x, Sonde), il ne remonte que d'un demi-intervalle au plus (prometheus/prometheus#13725). Calculé à l'ancienne, {how}."
                ),
                Lang::En => format!(
                    " Likely reason: when a counter starts inside the window, Prometheus before 2.51 extrapolates rate() and increase() back to the counter's zero point, up to 1.1 intervals before its first sample; since 2.51 (3.x, Sonde) it goes back half an interval at most (prometheus/prometheus#13725). Computed the older way, {how}."
                ),
            }
        }
        Reason::Staleness => lang
            .pick(
                " Raison probable : l'API n'envoie pas les marqueurs d'obsolescence ; une série arrêtée il y a moins de 5 minutes compte encore pour Sonde.",
                " Likely reason: the API does not send staleness markers; a series that stopped less than 5 minutes ago still counts for Sonde.",
            )
            .to_string(),
        Reason::Unknown => String::new(),
    };
    let head = lang.pick(
        "Différent de votre Prometheus : ",
        "Differs from your Prometheus: ",
    );
    format!("{head}{what}{more}.{why}")
}

#[cfg(test)]
mod tests;
