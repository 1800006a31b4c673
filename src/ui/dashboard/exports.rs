//! The dashboard's downloads: its Grafana export JSON, its panels' alert rules as
//! Grafana's provisioning file, and the compose bundle that runs the app, Prometheus and
//! Grafana with all of it. The files are made by [`crate::export`] from the dashboard's
//! state at the click.

use leptos::prelude::*;

use crate::export::{
    alert_rules_file, compose_file, dashboard_file, ComposeInputs, DashboardModel,
};
use crate::grafana::DashboardTime;

use super::super::download::Download;
use super::super::{texts, use_ctx};
use super::use_dashboard;

/// The dashboard's title in exports.
const TITLE: &str = "Sonde";
/// The data source uid the standalone alert rules name (the compose bundle's).
const DATASOURCE_UID: &str = "prometheus";

/// The export buttons under the dashboard.
#[component]
pub fn DashboardExports() -> impl IntoView {
    let ctx = use_ctx();
    let dash = use_dashboard();
    let time = move || DashboardTime {
        range_ms: dash.range_ms.get_untracked(),
        end_ms: dash.end_ms.get_untracked(),
    };
    let untitled = move || texts(ctx.lang.get_untracked()).new_panel_title;
    let specs = move || {
        dash.panels
            .with_untracked(|ps| ps.iter().map(|p| p.spec.clone()).collect::<Vec<_>>())
    };
    let dashboard = move |()| {
        let panels = specs();
        dashboard_file(&DashboardModel {
            title: TITLE,
            panels: &panels,
            untitled: untitled(),
            time: time(),
            refresh: dash.refresh.get_untracked(),
        })
    };
    let alerts = move |()| alert_rules_file(&specs(), untitled(), DATASOURCE_UID);
    let compose = move |()| {
        let panels = specs();
        ctx.pg.with_value(|pg| {
            let inputs = ComposeInputs {
                prometheus_yml: pg.edited_config_text(),
                rules_yml: pg.rules_text(),
                version: pg.app().instrumentation(),
                dashboard: DashboardModel {
                    title: TITLE,
                    panels: &panels,
                    untitled: untitled(),
                    time: time(),
                    refresh: dash.refresh.get_untracked(),
                },
            };
            compose_file(&inputs, (pg.now_ms().max(0) / 1000) as u64)
        })
    };
    view! {
        <div class="buttons export" data-testid="dashboard-exports">
            <Download testid="export-dashboard" label=|t| t.export_dashboard make=dashboard/>
            <Download testid="export-alert-rules" label=|t| t.export_alert_rules make=alerts/>
            <Download testid="export-compose" label=|t| t.export_compose make=compose/>
            <span class="hint">{move || ctx.t().export_grafana_hint}</span>
        </div>
    }
}
