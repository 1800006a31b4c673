//! A panel's edit mode: the query box under the preview (`QueryBox`, the query page's
//! editor, and Grafana's query options: legend format, min interval) and the options on
//! the right (`PanelOptions`: visualization, title, unit, threshold lines, alert rule). Typed numbers and durations are parsed by `crate::grafana`; a bad value
//! shows why, in both languages, and the last good one stays in force.

use leptos::prelude::*;

use crate::alert::CompareOp;
use crate::go::duration::format_duration;
use crate::grafana::{
    interpolate, parse_alert, parse_min_interval, parse_number, AlertFields, IntervalVars,
    MinIntervalError, PanelSpec, Threshold, ThresholdColor, Unit, Visualization,
};
use crate::ui::query::editor::{EditorIds, QueryEditor};
use crate::ui::use_ctx;

use super::use_dashboard;

/// The value Grafana gives a new threshold.
const NEW_THRESHOLD: f64 = 80.0;

/// The query box: the query page's editor (highlighting, errors where they are, lints
/// and repairs with their fixes, completion) on a draft committed with Enter or "Run
/// queries", Grafana's variables substituted with `vars` before it is checked.
#[component]
pub fn QueryBox(id: u64, spec: Signal<PanelSpec>, vars: Signal<IntervalVars>) -> impl IntoView {
    let ctx = use_ctx();
    let dash = use_dashboard();
    let prepare = Callback::new(move |text: String| interpolate(&text, &vars.get()));
    let draft = RwSignal::new(spec.with_untracked(|s| s.query.clone()));
    let run = Callback::new(move |()| {
        let q = draft.get_untracked();
        dash.edit(id, |s| s.query = q);
    });
    let min_interval = RwSignal::new(spec.with_untracked(|s| {
        s.min_interval_ms
            .map_or(String::new(), |ms| format_duration(ms.unsigned_abs()))
    }));
    let min_interval_error = RwSignal::new(None::<MinIntervalError>);
    let on_min_interval = move |ev| {
        let text = event_target_value(&ev);
        min_interval.set(text.clone());
        match parse_min_interval(&text) {
            Ok(ms) => {
                min_interval_error.set(None);
                dash.edit(id, |s| s.min_interval_ms = ms);
            }
            Err(e) => min_interval_error.set(Some(e)),
        }
    };
    view! {
        <div class="query-box">
            <div class="field">
                <span>{move || ctx.t().panel_query}</span>
                <QueryEditor draft=draft on_run=run ids=EditorIds::PANEL
                    popup_id=format!("panel-{id}-autocomplete") prepare=prepare/>
                <span class="hint" data-testid="panel-variables-hint">{move || ctx.t().iv_variables_hint}</span>
            </div>
            <div class="query-options">
                <label class="field">
                    <span>{move || ctx.t().opt_legend}</span>
                    <input class="code" data-testid="panel-legend-input" spellcheck="false"
                        placeholder="{{endpoint}}" prop:value=move || spec.with(|s| s.legend.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); dash.edit(id, |s| s.legend = v) }/>
                    <span class="hint">{move || ctx.t().opt_legend_hint}</span>
                </label>
                <label class="field">
                    <span>{move || ctx.t().opt_min_interval}</span>
                    <input class="code" data-testid="panel-min-interval" spellcheck="false" placeholder="15s"
                        prop:value=move || min_interval.get() on:input=on_min_interval/>
                    {move || min_interval_error.get().map(|e| view! {
                        <span class="error field-error" role="alert" data-testid="panel-min-interval-error">
                            {e.message(ctx.lang.get())}" — "{ctx.t().min_interval_kept}
                        </span>
                    })}
                    <span class="hint">{move || ctx.t().opt_min_interval_hint}</span>
                </label>
            </div>
        </div>
    }
}

/// One threshold line's value, colour and remove button.
#[component]
fn ThresholdRow(
    id: u64,
    index: usize,
    spec: Signal<PanelSpec>,
    generation: RwSignal<u64>,
) -> impl IntoView {
    let ctx = use_ctx();
    let dash = use_dashboard();
    let initial = spec.with_untracked(|s| s.thresholds.get(index).copied());
    let draft = RwSignal::new(initial.map_or(String::new(), |t| t.value.to_string()));
    let error = RwSignal::new(None::<crate::grafana::NumberError>);
    let on_value = move |ev| {
        let text = event_target_value(&ev);
        draft.set(text.clone());
        match parse_number(&text) {
            Ok(v) => {
                error.set(None);
                dash.edit(id, |s| {
                    if let Some(t) = s.thresholds.get_mut(index) {
                        t.value = v
                    }
                });
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let on_color = move |ev| {
        if let Some(c) = ThresholdColor::from_id(&event_target_value(&ev)) {
            dash.edit(id, |s| {
                if let Some(t) = s.thresholds.get_mut(index) {
                    t.color = c
                }
            });
        }
    };
    let remove = move |_| {
        dash.edit(id, |s| {
            if index < s.thresholds.len() {
                s.thresholds.remove(index);
            }
        });
        generation.update(|g| *g += 1);
    };
    let color = move || spec.with(|s| s.thresholds.get(index).map(|t| t.color).unwrap_or_default());
    view! {
        <li class="threshold-row" data-testid="threshold-row">
            <span class=move || format!("threshold-dot {}", color().id()) aria-hidden="true"></span>
            <input class="code" data-testid="threshold-value" inputmode="decimal"
                aria-label=move || ctx.t().threshold_value
                prop:value=move || draft.get() on:input=on_value/>
            <select data-testid="threshold-color" aria-label=move || ctx.t().threshold_color on:change=on_color>
                {ThresholdColor::ALL.into_iter().map(|c| view! {
                    <option value=c.id() selected=move || color() == c>{move || c.label(ctx.lang.get())}</option>
                }).collect_view()}
            </select>
            <button class="icon" data-testid="threshold-remove" aria-label=move || ctx.t().threshold_remove
                title=move || ctx.t().threshold_remove on:click=remove>"✕"</button>
            {move || error.get().map(|e| view! {
                <div class="error field-error" role="alert" data-testid="threshold-error">
                    {e.message(ctx.lang.get())}" — "{ctx.t().threshold_kept}
                </div>
            })}
        </li>
    }
}

/// The alert rule editor: name, comparison, threshold, `for`.
#[component]
fn AlertEditor(id: u64, spec: Signal<PanelSpec>) -> impl IntoView {
    let ctx = use_ctx();
    let dash = use_dashboard();
    let start = spec.with_untracked(|s| s.alert.clone());
    let name = RwSignal::new(start.as_ref().map_or(String::new(), |a| a.name.clone()));
    let op = RwSignal::new(
        start
            .as_ref()
            .map_or(">", |a| a.rule.op.as_str())
            .to_string(),
    );
    let threshold = RwSignal::new(
        start
            .as_ref()
            .map_or("0".into(), |a| a.rule.threshold.to_string()),
    );
    let duration = |ms: i64| format_duration(u64::try_from(ms).unwrap_or(0));
    let for_text = RwSignal::new(
        start
            .as_ref()
            .map_or("1m".into(), |a| duration(a.rule.for_ms)),
    );
    let every = RwSignal::new(start.as_ref().map_or("1m".into(), |a| duration(a.every_ms)));
    let error = RwSignal::new(None::<crate::grafana::AlertInputError>);
    let apply = move || {
        let query = spec.with_untracked(|s| s.query.clone());
        let fields = (
            name.get_untracked(),
            op.get_untracked(),
            threshold.get_untracked(),
            for_text.get_untracked(),
            every.get_untracked(),
        );
        let parsed = parse_alert(
            &query,
            AlertFields {
                name: &fields.0,
                op: &fields.1,
                threshold: &fields.2,
                for_text: &fields.3,
                every: &fields.4,
            },
        );
        match parsed {
            Ok(alert) => {
                error.set(None);
                let now = ctx.read(|pg| pg.now_ms()).unwrap_or_default();
                dash.edit(id, |s| {
                    s.alert = Some(alert.restarted_from(s.alert.as_ref(), now));
                });
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let field = move |signal: RwSignal<String>| {
        move |ev| {
            signal.set(event_target_value(&ev));
            apply();
        }
    };
    view! {
        <div class="alert-rule" data-testid="alert-rule">
            <label class="field">
                <span>{move || ctx.t().alert_name}</span>
                <input data-testid="alert-name" prop:value=move || name.get() on:input=field(name)/>
            </label>
            <div class="field">
                <span>{move || ctx.t().alert_condition}</span>
                <div class="condition">
                    <select data-testid="alert-op" aria-label=move || ctx.t().alert_condition on:change=field(op)>
                        {CompareOp::ALL.into_iter().map(|o| view! {
                            <option value=o.as_str() selected=move || op.get() == o.as_str()>{o.as_str()}</option>
                        }).collect_view()}
                    </select>
                    <input class="code" data-testid="alert-threshold" inputmode="decimal"
                        aria-label=move || ctx.t().alert_threshold
                        prop:value=move || threshold.get() on:input=field(threshold)/>
                </div>
            </div>
            <label class="field">
                <span>{move || ctx.t().alert_for}</span>
                <input class="code" data-testid="alert-for" prop:value=move || for_text.get() on:input=field(for_text)/>
            </label>
            <label class="field">
                <span>{move || ctx.t().alert_every}</span>
                <input class="code" data-testid="alert-every" prop:value=move || every.get() on:input=field(every)/>
            </label>
            {move || error.get().map(|e| view! {
                <div class="error" role="alert" data-testid="alert-error">
                    <div>{e.message(ctx.lang.get())}</div>
                    <div class="hint">{ctx.t().alert_kept}</div>
                </div>
            })}
            <button data-testid="alert-remove" on:click=move |_| dash.edit(id, |s| s.alert = None)>
                {move || ctx.t().alert_remove}
            </button>
        </div>
    }
}

/// The options column.
#[component]
pub fn PanelOptions(id: u64, spec: Signal<PanelSpec>) -> impl IntoView {
    let ctx = use_ctx();
    let dash = use_dashboard();
    let generation = RwSignal::new(0_u64);
    let add_threshold = move |_| {
        dash.edit(id, |s| {
            s.thresholds.push(Threshold {
                value: NEW_THRESHOLD,
                color: ThresholdColor::Red,
            })
        })
    };
    let add_alert = move |_| {
        let now = ctx.read(|pg| pg.now_ms()).unwrap_or_default();
        dash.edit(id, |s| {
            let name = if s.title.trim().is_empty() {
                "Alert"
            } else {
                s.title.as_str()
            };
            let fields = AlertFields {
                name,
                ..AlertFields::default()
            };
            s.alert = parse_alert(&s.query, fields)
                .ok()
                .map(|a| a.restarted_from(None, now));
        })
    };
    let unit = move || spec.with(|s| s.unit);
    let viz = move || spec.with(|s| s.viz);
    let viz_hint = move || match viz() {
        Visualization::TimeSeries => "",
        Visualization::Stat => ctx.t().viz_stat_hint,
        Visualization::Heatmap => ctx.t().viz_heatmap_hint,
    };
    view! {
        <aside class="panel-options" aria-label=move || ctx.t().panel_options>
            <h5>{move || ctx.t().opt_viz}</h5>
            <label class="field">
                <select data-testid="panel-viz" aria-label=move || ctx.t().opt_viz on:change=move |ev| {
                    if let Some(v) = Visualization::from_id(&event_target_value(&ev)) { dash.edit(id, |s| s.viz = v) }
                }>
                    {Visualization::ALL.into_iter().map(|v| view! {
                        <option value=v.id() prop:selected=move || viz() == v>{move || v.label(ctx.lang.get())}</option>
                    }).collect_view()}
                </select>
                <span class="hint" data-testid="panel-viz-hint">{viz_hint}</span>
            </label>
            <h5>{move || ctx.t().panel_options}</h5>
            <label class="field">
                <span>{move || ctx.t().opt_title}</span>
                <input data-testid="panel-title-input" prop:value=move || spec.with(|s| s.title.clone())
                    placeholder=move || ctx.t().new_panel_title
                    on:input=move |ev| { let v = event_target_value(&ev); dash.edit(id, |s| s.title = v) }/>
            </label>
            <label class="field">
                <span>{move || ctx.t().opt_unit}</span>
                <select data-testid="panel-unit" on:change=move |ev| {
                    if let Some(u) = Unit::from_id(&event_target_value(&ev)) { dash.edit(id, |s| s.unit = u) }
                }>
                    {Unit::ALL.into_iter().map(|u| view! {
                        <option value=u.id() selected=move || unit() == u>{move || u.label(ctx.lang.get())}</option>
                    }).collect_view()}
                </select>
            </label>
            <h5>{move || ctx.t().opt_thresholds}</h5>
            <ul class="thresholds">
                <For each=move || {
                    let g = generation.get();
                    (0..spec.with(|s| s.thresholds.len())).map(|i| (g, i)).collect::<Vec<_>>()
                } key=|k| *k children=move |(_, i)| view! {
                    <ThresholdRow id=id index=i spec=spec generation=generation/>
                }/>
            </ul>
            <button data-testid="threshold-add" on:click=add_threshold>{move || ctx.t().threshold_add}</button>
            <h5>{move || ctx.t().alert_title}</h5>
            <Show when=move || spec.with(|s| s.alert.is_some())
                fallback=move || view! {
                    <button data-testid="alert-add" on:click=add_alert>{move || ctx.t().alert_add}</button>
                }>
                <AlertEditor id=id spec=spec/>
            </Show>
        </aside>
    }
}
