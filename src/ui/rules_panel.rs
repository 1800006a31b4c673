//! Step 6 (and free mode): `rules.yml`, beside `prometheus.yml`. Apply checks it as
//! `promtool check rules` would and shows every error at its line; the last valid rules
//! keep running. A status line says whether `prometheus.yml` loads the file at all.

use leptos::prelude::*;

use crate::export::rules_file;
use crate::go::duration::format_duration;
use crate::rules::RulesError;

use super::download::Download;
use super::{located, use_ctx};

/// The rules editor.
#[component]
pub fn RulesPanel() -> impl IntoView {
    let ctx = use_ctx();
    let initial = ctx.pg.with_value(|pg| pg.rules_text().to_string());
    let text = RwSignal::new(initial.clone());
    let outcome = RwSignal::new(None::<Result<(), RulesError>>);
    let apply = move |_| {
        let typed = text.get_untracked();
        outcome.set(ctx.update(|pg| pg.apply_rules(&typed)));
    };
    let status = move || {
        let t = ctx.t();
        ctx.read(|pg| {
            if pg.rules_loaded() {
                let every = format_duration(pg.config().global.evaluation_interval_ms);
                (true, t.rules_loaded.replace("{interval}", &every))
            } else {
                (false, t.rules_not_loaded.to_string())
            }
        })
        .unwrap_or_default()
    };
    let counts = move || {
        ctx.read(|pg| {
            let groups = pg.rules_file().groups.len();
            let rules: usize = pg.rules_file().groups.iter().map(|g| g.rules.len()).sum();
            ctx.t()
                .rules_applied
                .replace("{rules}", &rules.to_string())
                .replace("{groups}", &groups.to_string())
        })
        .unwrap_or_default()
    };
    view! {
        <section class="panel" data-testid="rules-panel">
            <h2>{move || ctx.t().rules_title}</h2>
            <p class="intro">{move || ctx.t().rules_intro}</p>
            <div class="file-name">"rules.yml"</div>
            <textarea class="code editor" data-testid="rules-editor" spellcheck="false" rows="14"
                aria-label="rules.yml" on:input=move |ev| text.set(event_target_value(&ev))>{initial}</textarea>
            <div class="buttons">
                <button class="primary" data-testid="rules-apply" on:click=apply>{move || ctx.t().rules_apply}</button>
                <Download testid="export-rules" label=|t| t.export_rules
                    make=move |()| rules_file(&text.get_untracked())/>
            </div>
            {move || match outcome.get() {
                Some(Err(errors)) => view! {
                    <div class="error" role="alert" data-testid="rules-error">
                        {errors.0.iter().map(|e| view! { <div class="rule-error">{located(ctx.t().rules_error_at, e.position, e.message(ctx.lang.get()))}</div> }).collect_view()}
                        <div class="hint">{ctx.t().rules_kept}</div>
                    </div>
                }.into_any(),
                Some(Ok(())) => view! { <div class="ok" data-testid="rules-ok">{counts}</div> }.into_any(),
                None => ().into_any(),
            }}
            {move || {
                let (loaded, words) = status();
                view! { <p class="rules-status" class:warn=!loaded data-testid="rules-status" data-loaded=loaded.to_string()>{words}</p> }
            }}
        </section>
    }
}
