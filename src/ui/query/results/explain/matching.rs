//! How the two sides of a binary operator between vectors paired up, from their actual
//! results: the pairs found, the series that found no partner and why, and the
//! cardinality rules the data breaks.

use leptos::prelude::*;

use crate::explain::{explain_matching, VectorBinary};
use crate::lang::Lang;
use crate::promql::ast::{BinaryOp, VectorMatching};
use crate::promql::{EvalError, Value};
use crate::store::Labels;
use crate::ui::Texts;

use super::super::table::cells::series_labels;

/// Pairs and unmatched series listed before "… and N more".
const MAX_ROWS: usize = 20;

/// The labels of a vector result, if the node evaluated to one.
fn vector_labels(r: Option<&Result<Value, EvalError>>) -> Option<Vec<Labels>> {
    match r {
        Some(Ok(Value::Vector(v))) => Some(v.iter().map(|s| s.labels.clone()).collect()),
        _ => None,
    }
}

/// What two series must share to pair: "the same labels except __name__", ...
fn key(m: Option<&VectorMatching>, t: &Texts) -> String {
    match m {
        Some(m) if m.on => t.explain_key_on.replace("{labels}", &m.labels.join(", ")),
        Some(m) if !m.labels.is_empty() => t
            .explain_key_ignoring
            .replace("{labels}", &m.labels.join(", ")),
        _ => t.explain_key_all.to_string(),
    }
}

/// Whether a series without partner on this side still reaches the result.
fn kept(op: BinaryOp, left_side: bool) -> bool {
    op == BinaryOp::Or || (left_side && op == BinaryOp::Unless)
}

/// The matching of `b` given every node's result, or nothing when a side is not a vector.
pub(super) fn matching_view(
    b: &VectorBinary,
    results: &[Result<Value, EvalError>],
    t: &'static Texts,
    lang: Lang,
) -> Option<AnyView> {
    let left = vector_labels(results.get(b.left))?;
    let right = vector_labels(results.get(b.right))?;
    let report = explain_matching(&left, &right, b.op, b.matching.as_ref());
    let key = key(b.matching.as_ref(), t);
    let problems = report
        .problems
        .iter()
        .map(|p| view! { <div class="error" data-testid="explain-match-problem">{p.message(lang)}</div> })
        .collect_view();
    let pairs = report
        .pairs
        .iter()
        .take(MAX_ROWS)
        .filter_map(|p| Some((left.get(p.left)?, right.get(p.right)?, report.left_signatures.get(p.left)?)))
        .map(|(l, r, sig)| {
            view! {
                <li class="pair" data-testid="explain-pair">
                    {series_labels(l)}<span class="pair-arrow" aria-hidden="true">" ⟷ "</span>{series_labels(r)}
                    <code class="signature">{sig.to_string()}</code>
                </li>
            }
        })
        .collect_view();
    let no_pairs = report
        .pairs
        .is_empty()
        .then(|| view! { <li class="hint">{t.explain_no_pairs}</li> });
    let unmatched = |ids: &[usize], side: &[Labels], sigs: &[Labels], left_side: bool| {
        let reason = if left_side {
            t.explain_no_partner_left
        } else {
            t.explain_no_partner_right
        }
        .replace("{key}", &key);
        let outcome = if kept(b.op, left_side) {
            t.explain_kept
        } else {
            t.explain_dropped
        };
        ids.iter()
            .take(MAX_ROWS)
            .filter_map(|&i| Some((side.get(i)?, sigs.get(i)?)))
            .map(|(l, sig)| {
                view! {
                    <li class="unmatched" data-testid="explain-unmatched" data-side=if left_side { "left" } else { "right" }>
                        {series_labels(l)}
                        <div class="reason">{reason.clone()}" ("<code class="signature">{sig.to_string()}</code>") → "{outcome}</div>
                    </li>
                }
            })
            .collect_view()
    };
    let unmatched_left = unmatched(&report.unmatched_left, &left, &report.left_signatures, true);
    let unmatched_right = unmatched(
        &report.unmatched_right,
        &right,
        &report.right_signatures,
        false,
    );
    Some(
        view! {
            <div class="explain-matching" data-testid="explain-matching">
                <div class="matching-title">{t.explain_matching_title}</div>
                {problems}
                <div class="matching-sub">{format!("{} ({})", t.explain_pairs, report.pairs.len())}</div>
                <ul class="pairs">{pairs}{no_pairs}{unmatched_left}{unmatched_right}</ul>
            </div>
        }
        .into_any(),
    )
}
