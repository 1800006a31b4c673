//! Step 5, the small Grafana: the Prometheus data source form (`datasource`), then a
//! dashboard of panels (`panel`) over one time range, relative or absolute
//! (`time_picker`) and refreshed as its picker says (`refresh_picker`), each drawn on its own canvas with threshold lines and an alert-state
//! lane (`chart`), or as a Stat (`stat`) or a Heatmap (`heatmap`), with the intervals its
//! query ran with (`intervals`), and edited in a
//! Grafana-like edit mode (`editor`). The dashboard's state is a `Copy` context
//! ([`Dashboard`]) whose panels are plain [`PanelSpec`]s, ready to be put in a shared
//! link.

mod chart;
mod datasource;
mod editor;
mod exports;
mod heatmap;
mod intervals;
mod panel;
mod refresh_picker;
mod stat;
mod time_picker;

use leptos::prelude::*;

use crate::grafana::{DataSource, DataSourceError, PanelSpec, Refresh};

use super::use_ctx;

/// A panel of the dashboard with the id that keys its view.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelEntry {
    /// Stable id (not shown, not shared).
    pub id: u64,
    /// The panel's settings.
    pub spec: PanelSpec,
}

/// The dashboard's state, provided as context to its components.
#[derive(Clone, Copy)]
pub struct Dashboard {
    /// The data source as edited in the form.
    pub datasource: RwSignal<DataSource>,
    /// The answer of the last "Save & test" (`None` before the first).
    pub datasource_test: RwSignal<Option<Result<(), DataSourceError>>>,
    /// The panels, in dashboard order.
    pub panels: RwSignal<Vec<PanelEntry>>,
    /// Width of the dashboard's time range (ms before its end).
    pub range_ms: RwSignal<i64>,
    /// The end of an absolute time range; `None` follows now.
    pub end_ms: RwSignal<Option<i64>>,
    /// How often the panels query again.
    pub refresh: RwSignal<Refresh>,
    /// Clicks of the refresh button.
    pub refreshes: RwSignal<u64>,
    /// Real time (ms, the page's clock), kept while a periodic refresh is chosen.
    pub real_ms: RwSignal<f64>,
    next_id: StoredValue<u64>,
}

impl Dashboard {
    /// An empty dashboard with no data source.
    pub fn new() -> Dashboard {
        Dashboard {
            datasource: RwSignal::new(DataSource::default()),
            datasource_test: RwSignal::new(None),
            panels: RwSignal::new(Vec::new()),
            range_ms: RwSignal::new(time_picker::RANGES[0].1),
            end_ms: RwSignal::new(None),
            refresh: RwSignal::new(Refresh::Live),
            refreshes: RwSignal::new(0),
            real_ms: RwSignal::new(0.0),
            next_id: StoredValue::new(0),
        }
    }

    /// Whether the last "Save & test" succeeded (panels can query).
    pub fn datasource_ok(&self) -> bool {
        self.datasource_test
            .with(|t| t.as_ref().is_some_and(|r| r.is_ok()))
    }

    /// The panels' queries, in order (the course's tasks look at them).
    pub fn panel_queries(&self) -> Vec<String> {
        self.panels
            .with(|ps| ps.iter().map(|p| p.spec.query.clone()).collect())
    }

    /// The panels' settings, in order (for a shared link: map them with `to_share`).
    pub fn specs(&self) -> Vec<PanelSpec> {
        self.panels
            .with(|ps| ps.iter().map(|p| p.spec.clone()).collect())
    }

    /// Replaces every panel (e.g. with a shared link's, through `PanelSpec::from`).
    pub fn set_specs(&self, specs: Vec<PanelSpec>) {
        let first = self.next_id.get_value();
        let count = specs.len() as u64;
        self.next_id.set_value(first + count);
        self.panels.set(
            specs
                .into_iter()
                .zip(first..)
                .map(|(spec, id)| PanelEntry { id, spec })
                .collect(),
        );
    }

    /// Appends a new panel.
    fn add(&self, spec: PanelSpec) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.panels.update(|ps| ps.push(PanelEntry { id, spec }));
    }

    /// Removes the panel `id`.
    fn remove(&self, id: u64) {
        self.panels.update(|ps| ps.retain(|p| p.id != id));
    }

    /// The settings of panel `id` (subscribes to them).
    fn spec(&self, id: u64) -> Option<PanelSpec> {
        self.panels
            .with(|ps| ps.iter().find(|p| p.id == id).map(|p| p.spec.clone()))
    }

    /// Changes the settings of panel `id`.
    fn edit(&self, id: u64, f: impl FnOnce(&mut PanelSpec)) {
        self.panels.update(|ps| {
            if let Some(p) = ps.iter_mut().find(|p| p.id == id) {
                f(&mut p.spec)
            }
        });
    }
}

impl Default for Dashboard {
    fn default() -> Self {
        Dashboard::new()
    }
}

/// The dashboard context (provided by the app, or by [`Grafana`] when alone).
pub(crate) fn use_dashboard() -> Dashboard {
    expect_context::<Dashboard>()
}

/// The Grafana section: data source, then the dashboard.
#[component]
pub fn Grafana() -> impl IntoView {
    let ctx = use_ctx();
    let dash = use_dashboard();
    let add_panel = move |_| {
        dash.add(PanelSpec {
            ..PanelSpec::default()
        })
    };
    // Panels can be added once Grafana's data source works, or on a real server.
    let source = crate::ui::source::use_source();
    let ok = move || dash.datasource_ok() || source.server().is_some();
    let empty = move || dash.panels.with(|ps| ps.is_empty());
    view! {
        <section class="panel grafana" data-testid="grafana">
            <h2>{move || ctx.t().dash_title}</h2>
            <p class="intro">{move || ctx.t().dash_intro}</p>
            <datasource::DataSourceForm/>
            <div class="dash-bar">
                <h3>{move || ctx.t().dash_panels}</h3>
                <time_picker::TimePicker/>
                <refresh_picker::RefreshPicker/>
                <button class="primary" data-testid="add-panel" disabled=move || !ok()
                    on:click=add_panel>{move || ctx.t().add_panel}</button>
            </div>
            <Show when=move || !ok()>
                <p class="hint dash-first" data-testid="datasource-first">{move || ctx.t().datasource_first}</p>
            </Show>
            <Show when=move || ok() && empty()>
                <p class="hint">{move || ctx.t().no_panels}</p>
            </Show>
            <div class="dash-grid" data-testid="dashboard">
                <For each=move || dash.panels.with(|ps| ps.iter().map(|p| p.id).collect::<Vec<_>>())
                    key=|id| *id
                    children=move |id| view! { <panel::PanelView id=id/> }/>
            </div>
            <exports::DashboardExports/>
        </section>
    }
}
