//! The lints of the draft as Prometheus-style yellow warning boxes, each with its
//! one-click fix.

use leptos::prelude::*;

use crate::lint::{lint, Lint};
use crate::promql::ast::Expr;
use crate::ui::use_ctx;

/// The lints of `expr` (when the draft parses); `on_fix` receives the fixed query.
#[component]
pub fn Lints(expr: Signal<Option<Expr>>, on_fix: Callback<String>) -> impl IntoView {
    let ctx = use_ctx();
    let lints = move || -> Vec<Lint> {
        let Some(expr) = expr.get() else {
            return Vec::new();
        };
        ctx.read(|pg| lint(&expr, &pg.lint_context()))
            .unwrap_or_default()
    };
    move || {
        let t = ctx.t();
        let lang = ctx.lang.get();
        lints()
            .into_iter()
            .map(|l| {
                let fix = l.fixes.iter().cloned().map(|fix| {
                    let apply = fix.clone();
                    view! {
                        <button class="lint-fix" data-testid="lint-fix"
                            on:click=move |_| on_fix.run(apply.clone())>
                            {t.editor_apply}<code>{fix}</code>
                        </button>
                    }
                }).collect_view();
                view! {
                    <div class="lint" role="status" data-testid="lint" data-code=l.code()>
                        <span class="lint-title">{t.editor_warning}</span>
                        <span class="lint-message">{l.message(lang)}</span>
                        {fix}
                    </div>
                }
            })
            .collect_view()
    }
}
