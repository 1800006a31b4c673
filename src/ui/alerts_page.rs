//! Step 6 (and free mode): the Alerts page, as Prometheus's: each alerting rule with its
//! state (inactive, pending, firing) and its alerts (labels, state, active since, value,
//! annotations expanded); the recording rules with their health; and what Prometheus
//! has no screen for, the history of every transition with its reason in words.

use leptos::prelude::*;

use crate::chart::format_clock;
use crate::go::duration::format_duration;
use crate::go::float::format_g;
use crate::lang::Lang;
use crate::rules::{Alert, AlertState, GroupRun, Rule, RuleKind, RuleRun};

use super::{use_ctx, utc_offset_min, Texts};

/// A state in the page's words.
fn state_text(t: &Texts, s: AlertState) -> &'static str {
    match s {
        AlertState::Inactive => t.alert_state_inactive,
        AlertState::Pending => t.alert_state_pending,
        AlertState::Firing => t.alert_state_firing,
    }
}

/// `14:02:15 (2m15s ago)`, the second part following the simulated clock.
fn since(t: &'static Texts, at: i64) -> impl IntoView {
    let ctx = use_ctx();
    let ago = move || {
        let now = ctx.read(|pg| pg.now_ms()).unwrap_or(at);
        let ms = u64::try_from((now - at).max(0) / 1000 * 1000).unwrap_or(0);
        t.ago.replace("{n}", &format_duration(ms))
    };
    view! { {format_clock(at, utc_offset_min(), true)} " (" {ago} ")" }
}

/// One alert's row and its annotations.
fn alert_view(t: &'static Texts, a: &Alert) -> impl IntoView {
    let state = a.state;
    let annotations = a.annotations.clone();
    view! {
        <tr data-testid="alert-instance" data-state=state.as_str()>
            <td class="labels">{a.labels.to_string()}</td>
            <td><span class=format!("badge state-{}", state.as_str())>{state_text(t, state)}</span></td>
            <td>{since(t, a.active_at_ms)}</td>
            <td class="value">{format_g(a.value)}</td>
        </tr>
        <tr class="annotations">
            <td colspan="4">
                <dl class="facts">
                    {annotations.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
            </td>
        </tr>
    }
}

/// One alerting rule: its state, definition, error and alerts.
fn rule_view(t: &'static Texts, lang: Lang, rule: &Rule, run: &RuleRun) -> impl IntoView {
    let state = run.alerts.state();
    let active: Vec<Alert> = run
        .alerts
        .alerts
        .values()
        .filter(|a| a.state != AlertState::Inactive)
        .cloned()
        .collect();
    let count = t.alerts_active.replace("{n}", &active.len().to_string());
    let error = run.last_error.as_ref().map(|e| e.message(lang));
    view! {
        <details class="alert-rule" data-testid="alert-row" data-state=state.as_str() data-alert=rule.name.clone()
            open=state != AlertState::Inactive>
            <summary>
                <span class=format!("badge state-{}", state.as_str())>{state_text(t, state)}</span>
                " " <b>{rule.name.clone()}</b> " " <span class="hint">{count}</span>
            </summary>
            <pre class="code rule-def">{rule.definition()}</pre>
            {error.map(|e| view! { <div class="error">{t.rule_eval_error} " " <code>{e}</code></div> })}
            <Show when={
                let any = !active.is_empty();
                move || any
            }>
                <table class="alert-instances">
                    <thead><tr>
                        <th>{t.col_labels}</th>
                        <th>{t.col_alert_state}</th>
                        <th>{t.col_active_since}</th>
                        <th>{t.col_value}</th>
                    </tr></thead>
                    <tbody>{active.iter().map(|a| alert_view(t, a)).collect_view()}</tbody>
                </table>
            </Show>
        </details>
    }
}

/// The recording rules of every group.
fn recording_view(t: &'static Texts, lang: Lang, groups: &[GroupRun]) -> impl IntoView {
    let rows: Vec<_> = groups
        .iter()
        .flat_map(|g| g.group.rules.iter().zip(g.runs.iter()))
        .filter(|(r, _)| matches!(r.kind, RuleKind::Recording { .. }))
        .map(|(r, run)| {
            let health = match &run.last_error {
                Some(e) => e.message(lang),
                None if run.last_eval_ms.is_some() => "ok".to_string(),
                None => "—".to_string(),
            };
            let last = run.last_eval_ms.map(|at| since(t, at));
            let never = last.is_none().then_some(t.never);
            view! {
                <tr data-testid="recording-row">
                    <td class="labels">{r.name.clone()}</td>
                    <td class="labels">{r.expr_text.clone()}</td>
                    <td>{health}</td>
                    <td>{last}{never}</td>
                    <td>{run.last_samples}</td>
                </tr>
            }
        })
        .collect();
    let any = !rows.is_empty();
    view! {
        <Show when=move || any>
            <h3>{t.recording_title}</h3>
        </Show>
        <table class="recording-rules" class:hidden=!any>
            <thead><tr>
                <th>{t.col_record}</th>
                <th>"expr"</th>
                <th>{t.col_health}</th>
                <th>{t.col_last_eval}</th>
                <th>{t.col_samples}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The Alerts page.
#[component]
pub fn AlertsPage() -> impl IntoView {
    let ctx = use_ctx();
    // Rebuilt when an evaluation changed something, not at every tick of the clock.
    let groups = Memo::new(move |_| {
        ctx.read(|pg| pg.rules().groups().to_vec())
            .unwrap_or_default()
    });
    let history_key = Memo::new(move |_| {
        ctx.read(|pg| {
            (
                pg.rules().history().len(),
                pg.rules().history().last().cloned(),
            )
        })
        .unwrap_or_default()
    });
    let rules = move || {
        let t = ctx.t();
        let lang = ctx.lang.get();
        groups.with(|groups| {
            let alerting: Vec<_> = groups
                .iter()
                .flat_map(|g| g.group.rules.iter().zip(g.runs.iter()))
                .filter(|(r, _)| r.alerting().is_some())
                .map(|(r, run)| rule_view(t, lang, r, run).into_any())
                .collect();
            let none = alerting
                .is_empty()
                .then(|| view! { <p class="hint">{t.alerts_none}</p> });
            view! {
                {none}
                <div class="alert-rules">{alerting}</div>
                {recording_view(t, lang, groups)}
            }
        })
    };
    let history = move || {
        // Read, not only tracked: reading brings the memo up to date.
        history_key.with(|_| ());
        let lang = ctx.lang.get();
        let t = ctx.t();
        ctx.pg.with_value(|pg| {
            let clock = |ms: i64| format_clock(ms, utc_offset_min(), true);
            let entries: Vec<_> = pg
                .rules()
                .history()
                .iter()
                .rev()
                .map(|tr| {
                    view! {
                        <li data-testid="history-entry" data-to=tr.to.as_str() data-alert=tr.alert.clone()>
                            <time>{clock(tr.at_ms)}</time> " "
                            <b>{tr.alert.clone()}</b> " "
                            <span class="labels">{tr.labels.to_string()}</span>
                            <div>{tr.message(lang, &clock)}</div>
                        </li>
                    }
                })
                .collect();
            let empty = entries.is_empty().then(|| view! { <li class="hint">{t.history_empty}</li> });
            view! { {empty}{entries} }
        })
    };
    view! {
        <section class="panel" data-testid="alerts-page">
            <h2>{move || ctx.t().alerts_title}</h2>
            <p class="intro">{move || ctx.t().alerts_intro}</p>
            {rules}
            <h3>{move || ctx.t().history_title}</h3>
            <p class="hint">{move || ctx.t().history_intro}</p>
            <ol class="alert-history" data-testid="alert-history">{history}</ol>
        </section>
    }
}
