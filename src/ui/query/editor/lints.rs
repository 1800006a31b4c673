//! The lints of the draft as Prometheus-style yellow warning boxes, and the repair of its
//! parse error, each with its one-click fixes.

use leptos::prelude::*;

use crate::lint::{lint, repair, Lint};
use crate::promql::ast::Expr;
use crate::promql::ParseError;
use crate::ui::use_ctx;

use super::EditorIds;

/// One button per fix of `l`, each with `testid`; a click calls `on_fix` with the fixed
/// query.
fn fix_buttons(l: &Lint, testid: &'static str, on_fix: Callback<String>) -> impl IntoView {
    let apply = use_ctx().t().editor_apply;
    l.fixes
        .iter()
        .cloned()
        .map(|fix| {
            let chosen = fix.clone();
            view! {
                <button class="lint-fix" data-testid=testid on:click=move |_| on_fix.run(chosen.clone())>
                    {apply}<code>{fix}</code>
                </button>
            }
        })
        .collect_view()
}

/// The lints of `expr` (when the draft parses); `on_fix` receives the fixed query, while
/// `fixes` allows them.
#[component]
pub fn Lints(
    expr: Signal<Option<Expr>>,
    on_fix: Callback<String>,
    ids: EditorIds,
    fixes: Signal<bool>,
) -> impl IntoView {
    let ctx = use_ctx();
    let lints = move || -> Vec<Lint> {
        let Some(expr) = expr.get() else {
            return Vec::new();
        };
        let mut found = ctx
            .read(|pg| lint(&expr, &pg.lint_context()))
            .unwrap_or_default();
        if !fixes.get() {
            found.iter_mut().for_each(|l| l.fixes.clear());
        }
        found
    };
    move || {
        let t = ctx.t();
        let lang = ctx.lang.get();
        lints()
            .into_iter()
            .map(|l| {
                view! {
                    <div class="lint" role="status" data-testid=ids.lint data-code=l.code()>
                        <span class="lint-title">{t.editor_warning}</span>
                        <span class="lint-message">{l.message(lang)}</span>
                        {fix_buttons(&l, ids.lint_fix, on_fix)}
                    </div>
                }
            })
            .collect_view()
    }
}

/// The repair of `error` in `text`, if there is one: what to change and its fix.
#[component]
pub fn Repair(
    text: Signal<String>,
    error: ParseError,
    on_fix: Callback<String>,
    ids: EditorIds,
) -> impl IntoView {
    let ctx = use_ctx();
    move || {
        let found = text.with(|t| ctx.read(|pg| repair(t, &error, &pg.lint_context())))??;
        Some(view! {
            <div class="error-fix" data-code=found.code()>
                <span class="lint-message">{found.message(ctx.lang.get())}</span>
                {fix_buttons(&found, ids.error_fix, on_fix)}
            </div>
        })
    }
}
