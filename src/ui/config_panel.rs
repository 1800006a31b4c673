//! Step 3: the editable `prometheus.yml`, with line numbers beside it. Typing only
//! checks the file, as `promtool check config` would (its words first, then what they
//! mean, the lines in error marked); nothing runs differently until the learner reloads
//! Prometheus, which loads a valid file or is refused, the last good configuration
//! running on as the real Prometheus does. Options Prometheus accepts but the simulation
//! has no use for are marked "not simulated" beside their line.

use leptos::html::{Div, Textarea};
use leptos::prelude::*;

use crate::config::{parse_config, promtool_success, ConfigError, ConfigNote, CONFIG_FILE};
use crate::export::prometheus_yml_file;
use crate::playground::{FileStatus, ReloadError};

use super::download::Download;
use super::use_ctx;

/// The line numbers beside the editor, those in `errors` marked, those in `noted`
/// (options not simulated) flagged.
fn gutter_lines(text: &str, errors: &[usize], noted: &[usize]) -> impl IntoView {
    let count = text.split('\n').count();
    (1..=count)
        .map(|n| {
            if errors.contains(&n) {
                view! { <div class="line-error" data-testid="config-line-error">{n}</div> }
                    .into_any()
            } else if noted.contains(&n) {
                view! { <div class="line-note" data-testid="config-line-note">{n}</div> }.into_any()
            } else {
                view! { <div data-testid="config-line">{n}</div> }.into_any()
            }
        })
        .collect_view()
}

/// The "not simulated" remarks on the file, one a line.
fn notes_view(notes: Vec<ConfigNote>) -> impl IntoView {
    let ctx = use_ctx();
    (!notes.is_empty()).then(|| {
        let items = notes
            .into_iter()
            .map(|note| {
                view! { <div class="note" data-testid="config-note">{move || note.text(ctx.lang.get())}</div> }
            })
            .collect_view();
        view! {
            <div class="config-notes" role="note">
                <div class="hint">{move || ctx.t().config_notes_title}</div>
                {items}
            </div>
        }
    })
}

/// promtool's text for a refusal, then its explanation.
fn refusal(err: &ConfigError) -> impl IntoView {
    let ctx = use_ctx();
    let text = format!("FAILED: {}", err.promtool_text(CONFIG_FILE));
    let promtool = view! {
        <div class="hint">{move || ctx.t().config_promtool}</div>
        <pre class="promtool" data-testid="config-promtool">{text}</pre>
    };
    let err = err.clone();
    let explanation = move || {
        err.explanation(ctx.lang.get())
            .lines()
            .map(|l| view! { <div>{l.to_string()}</div> })
            .collect_view()
    };
    view! {
        {promtool}
        <div class="explanation" data-testid="config-explanation">{explanation}</div>
    }
}

/// A refused reload: what Prometheus logs, and that the previous configuration runs on.
fn refused_reload(refused: &ReloadError) -> impl IntoView {
    let ctx = use_ctx();
    let detail =
        view! { <pre class="promtool" data-testid="config-reload-log">{refused.log_line()}</pre> };
    view! {
        <div class="error" role="alert" data-testid="config-reload-refused">
            <div>{move || ctx.t().config_reload_refused}</div>
            {detail}
        </div>
    }
}

/// The config panel.
#[component]
pub fn ConfigPanel() -> impl IntoView {
    let ctx = use_ctx();
    let initial = ctx.pg.with_value(|pg| pg.edited_config_text().to_string());
    let text = RwSignal::new(initial.clone());
    let refused = RwSignal::new(None::<ReloadError>);
    let area = NodeRef::<Textarea>::new();
    let gutter = NodeRef::<Div>::new();
    // The simulation changes on every tick; the views below only follow the file's status.
    let status = Memo::new(move |_| {
        ctx.read(|pg| pg.config_status())
            .unwrap_or(FileStatus::Loaded)
    });
    let on_input = move |ev| {
        let typed = event_target_value(&ev);
        ctx.update(|pg| pg.edit_config(&typed));
        text.set(typed);
        refused.set(None);
    };
    let reload = move |_| {
        let result = ctx.update(|pg| pg.reload_config());
        refused.set(result.and_then(Result::err));
    };
    let sync_scroll = move |_| {
        if let (Some(a), Some(g)) = (area.get_untracked(), gutter.get_untracked()) {
            g.set_scroll_top(a.scroll_top());
        }
    };
    let error_lines = move || match status.get() {
        FileStatus::Invalid(e) => e.lines(),
        _ => Vec::new(),
    };
    // The remarks on the text in the editor (none while it is refused).
    let notes =
        Memo::new(move |_| text.with(|t| parse_config(t).map(|c| c.notes).unwrap_or_default()));
    let noted_lines = move || notes.with(|n| n.iter().map(|n| n.position.line).collect::<Vec<_>>());
    let state = move || {
        match status.get() {
        FileStatus::Loaded => {
            view! { <div class="ok" data-testid="config-ok">{ctx.t().config_ok}</div> }.into_any()
        }
        FileStatus::Modified => view! {
            <div class="pending" role="status" data-testid="config-pending">
                <div>{ctx.t().config_pending}</div>
                <code class="hint" data-testid="config-valid">{promtool_success(CONFIG_FILE)}</code>
            </div>
        }
        .into_any(),
        FileStatus::Invalid(e) => view! {
            <div class="error" role="alert" data-testid="config-error">{refusal(&e)}</div>
            <div class="pending" role="status" data-testid="config-pending">{ctx.t().config_pending_invalid}</div>
        }
        .into_any(),
    }
    };
    view! {
        <section class="panel" data-testid="config-panel">
            <h2>{move || ctx.t().config_title}</h2>
            <p class="intro">{move || ctx.t().config_intro}</p>
            <div class="file-name">{CONFIG_FILE}</div>
            <div class="config-editor">
                <div class="gutter" aria-hidden="true" node_ref=gutter>
                    {move || text.with(|t| gutter_lines(t, &error_lines(), &noted_lines()))}
                </div>
                <textarea class="code editor" data-testid="config-editor" spellcheck="false" rows="12"
                    wrap="off" aria-label=CONFIG_FILE node_ref=area
                    on:input=on_input on:scroll=sync_scroll>{initial}</textarea>
            </div>
            <div class="config-actions">
                <button data-testid="config-reload" class:primary=move || status.with(FileStatus::is_pending)
                    title=move || ctx.t().config_reload_hint on:click=reload>{move || ctx.t().config_reload}</button>
                <span class="hint">{move || ctx.t().config_reload_hint}</span>
                <Download testid="export-prometheus-yml" label=|t| t.export_prometheus_yml
                    make=move |()| prometheus_yml_file(&text.get_untracked())/>
            </div>
            {move || notes_view(notes.get())}
            {move || refused.get().map(|r| refused_reload(&r))}
            {state}
        </section>
    }
}
