//! The `unknown-metric` check: a selector whose metric name the store holds no series for,
//! with the store's nearest names as fixes (fewest edits first, then longest common
//! prefix), each renaming the selectors on a copy of the tree.

use std::cmp::Reverse;

use crate::promql::ast::{Expr, ExprKind, MatrixSelector, VectorSelector};
use crate::store::{MatchOp, Matcher, METRIC_NAME};

use super::checks::metric_name;
use super::context::LintContext;
use super::fix::parses;
use super::lints::{Lint, LintKind};

/// How many names a lint suggests at most.
pub const MAX_SUGGESTIONS: usize = 3;

/// Every distinct metric name the store does not know, at its first selector, in query
/// order.
pub fn unknown_metrics(root: &Expr, ctx: &LintContext, out: &mut Vec<Lint>) {
    let mut seen: Vec<&str> = Vec::new();
    for node in root.nodes() {
        let Some(name) = selector(node).and_then(metric_name) else {
            continue;
        };
        if seen.contains(&name) || ctx.has_series(name) != Some(false) {
            continue;
        }
        seen.push(name);
        let mut suggestions = Vec::new();
        let mut fixes = Vec::new();
        for candidate in nearest(name, ctx.metric_names.iter().map(String::as_str)) {
            if let Some(fix) = renamed(root, name, candidate) {
                suggestions.push(candidate.to_string());
                fixes.push(fix);
            }
        }
        out.push(Lint {
            kind: LintKind::UnknownMetric {
                metric: name.to_string(),
                suggestions,
            },
            span: node.span.clone(),
            fixes,
        });
    }
}

/// The selector of a vector or range selector node.
fn selector(e: &Expr) -> Option<&VectorSelector> {
    match &e.kind {
        ExprKind::VectorSelector(vs)
        | ExprKind::MatrixSelector(MatrixSelector { selector: vs, .. }) => Some(vs),
        _ => None,
    }
}

/// The query with every selector of metric `from` selecting `to` instead, printed; `None`
/// when that does not parse (a name that needs quoting).
fn renamed(root: &Expr, from: &str, to: &str) -> Option<String> {
    let mut copy = root.clone();
    copy.walk_mut(&mut |node| {
        let vs = match &mut node.kind {
            ExprKind::VectorSelector(vs)
            | ExprKind::MatrixSelector(MatrixSelector { selector: vs, .. }) => vs,
            _ => return,
        };
        if metric_name(vs) != Some(from) {
            return;
        }
        if vs.name.is_some() {
            vs.name = Some(to.to_string());
        }
        for m in &mut vs.matchers {
            if m.name == METRIC_NAME && m.op == MatchOp::Equal && m.value == from {
                *m = Matcher::equal(METRIC_NAME, to);
            }
        }
    });
    Some(copy.to_string()).filter(|q| parses(q))
}

/// The names of `candidates` closest to `name`, best first, at most [`MAX_SUGGESTIONS`]:
/// those within a few edits (a quarter of the name's length, at least 2), or that `name`
/// starts (a name typed halfway), ranked by edits, then by longer common prefix, then by
/// name.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let lower = name.to_lowercase();
    let most = (lower.chars().count() / 4).max(2);
    let mut ranked: Vec<(usize, Reverse<usize>, &str)> = candidates
        .into_iter()
        .filter(|c| *c != name)
        .filter_map(|c| {
            let other = c.to_lowercase();
            let edits = edit_distance(&lower, &other);
            let typed_halfway = lower.chars().count() >= 3 && other.starts_with(&lower);
            (edits <= most || typed_halfway)
                .then(|| (edits, Reverse(common_prefix(&lower, &other)), c))
        })
        .collect();
    crate::order::sort(&mut ranked);
    ranked
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, c)| c)
        .collect()
}

/// Characters `a` and `b` share at their start.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Levenshtein distance in characters (insertions, deletions, substitutions), with a
/// swap of two neighbours counted as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back (for swaps), one back, and the one being filled.
    let mut older: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                if let Some(&o) = older.get(j - 2) {
                    best = best.min(o + 1);
                }
            }
            row[j] = best;
        }
        older = std::mem::replace(&mut prev, row);
    }
    prev[b.len()]
}
