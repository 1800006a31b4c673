//! The dashboard as Grafana's own export JSON ("Export for sharing externally"): the
//! Prometheus data source as an input (`__inputs`, `DS_PROMETHEUS`) that Grafana's
//! import asks for, what the dashboard requires (`__requires`), and each panel with its
//! place on the grid, type, query, legend format, "Min interval", unit and thresholds,
//! then the time range and refresh. The same JSON with a fixed data-source uid is what
//! the compose bundle provisions.

use serde_json::{json, Value};

use crate::go::duration::format_duration;
use crate::go::time::rfc3339;
use crate::grafana::{DashboardTime, PanelSpec, Refresh, Threshold, Visualization};

use super::{ExportFile, JSON};

/// The dashboard's uid (the alert rules point at it).
pub const DASHBOARD_UID: &str = "sonde";
/// The Grafana version the JSON is written for (`__requires`).
const GRAFANA_VERSION: &str = "11.0.0";
/// The dashboard JSON schema version of Grafana 11.0.
const SCHEMA_VERSION: u32 = 39;
/// The input name of the Prometheus data source in an exported dashboard.
pub const DS_INPUT: &str = "DS_PROMETHEUS";
/// Panel size on Grafana's 24-column grid: two panels a row.
const PANEL_W: usize = 12;
const PANEL_H: usize = 8;

/// What the dashboard holds, read from the UI's state.
#[derive(Clone, Copy, Debug)]
pub struct DashboardModel<'a> {
    /// The dashboard's title.
    pub title: &'a str,
    /// The panels, in order.
    pub panels: &'a [PanelSpec],
    /// The title of an untitled panel (as the page shows it).
    pub untitled: &'a str,
    /// The time range.
    pub time: DashboardTime,
    /// The refresh picker's choice.
    pub refresh: Refresh,
}

/// How panels name their data source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataSourceRef {
    /// Through the `DS_PROMETHEUS` input, chosen when the dashboard is imported.
    Input,
    /// A data source of this uid (a provisioned one).
    Uid(String),
}

impl DataSourceRef {
    /// The uid panels and queries carry.
    pub fn uid(&self) -> String {
        match self {
            DataSourceRef::Input => format!("${{{DS_INPUT}}}"),
            DataSourceRef::Uid(uid) => uid.clone(),
        }
    }
}

/// The dashboard as Grafana's JSON model.
pub fn dashboard_json(model: &DashboardModel, ds: &DataSourceRef) -> Value {
    let datasource = json!({ "type": "prometheus", "uid": ds.uid() });
    let panels: Vec<Value> = model
        .panels
        .iter()
        .enumerate()
        .map(|(i, p)| panel_json(i, p, model.untitled, &datasource))
        .collect();
    let mut dash = json!({
        "annotations": { "list": [] },
        "editable": true,
        "fiscalYearStartMonth": 0,
        "graphTooltip": 0,
        "id": null,
        "links": [],
        "panels": panels,
        "refresh": refresh_text(model.refresh),
        "schemaVersion": SCHEMA_VERSION,
        "tags": ["sonde"],
        "templating": { "list": [] },
        "time": time_json(model.time),
        "timepicker": {},
        "timezone": "browser",
        "title": model.title,
        "uid": DASHBOARD_UID,
        "version": 1,
        "weekStart": ""
    });
    if *ds == DataSourceRef::Input {
        dash["__inputs"] = json!([{
            "name": DS_INPUT,
            "label": "Prometheus",
            "description": "",
            "type": "datasource",
            "pluginId": "prometheus",
            "pluginName": "Prometheus"
        }]);
        dash["__elements"] = json!({});
        dash["__requires"] = requires(model.panels);
    }
    dash
}

/// The dashboard for import (`sonde-dashboard.json`).
pub fn dashboard_file(model: &DashboardModel) -> ExportFile {
    let json = dashboard_json(model, &DataSourceRef::Input);
    ExportFile::text("sonde-dashboard.json", JSON, pretty(&json))
}

/// JSON as Grafana writes it, indented, with a final newline.
pub(crate) fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The panel id Grafana gets for the panel at `index` (ids start at 1).
pub fn panel_id(index: usize) -> usize {
    index + 1
}

fn panel_json(index: usize, p: &PanelSpec, untitled: &str, datasource: &Value) -> Value {
    let legend = if p.legend.trim().is_empty() {
        "__auto"
    } else {
        p.legend.as_str()
    };
    let format = match p.viz {
        Visualization::Heatmap => "heatmap",
        _ => "time_series",
    };
    let mut panel = json!({
        "id": panel_id(index),
        "type": p.viz.id(),
        "title": p.shown_title(untitled),
        "datasource": datasource,
        "gridPos": {
            "h": PANEL_H,
            "w": PANEL_W,
            "x": (index % 2) * PANEL_W,
            "y": (index / 2) * PANEL_H
        },
        "fieldConfig": {
            "defaults": {
                "unit": p.unit.id(),
                "thresholds": { "mode": "absolute", "steps": threshold_steps(&p.thresholds) },
                "custom": custom(p)
            },
            "overrides": []
        },
        "options": options(p),
        "targets": [{
            "datasource": datasource,
            "expr": p.query,
            "legendFormat": legend,
            "format": format,
            "range": true,
            "instant": false,
            "refId": "A"
        }]
    });
    if let Some(ms) = p.min_interval_ms {
        panel["interval"] = json!(format_duration(ms.max(1) as u64));
    }
    panel
}

/// Grafana's threshold steps: a base step (no value), then the lines in increasing order.
fn threshold_steps(thresholds: &[Threshold]) -> Vec<Value> {
    let mut lines: Vec<&Threshold> = thresholds.iter().filter(|t| t.value.is_finite()).collect();
    crate::order::sort_by(&mut lines, |a, b| a.value.total_cmp(&b.value));
    std::iter::once(json!({ "color": "green", "value": null }))
        .chain(
            lines
                .into_iter()
                .map(|t| json!({ "color": t.color.id(), "value": t.value })),
        )
        .collect()
}

/// Field options of the panel's type: lines drawn at the thresholds for time series.
fn custom(p: &PanelSpec) -> Value {
    match p.viz {
        Visualization::TimeSeries => json!({
            "drawStyle": "line",
            "lineWidth": 1,
            "showPoints": "never",
            "thresholdsStyle": { "mode": if p.thresholds.is_empty() { "off" } else { "line" } }
        }),
        _ => json!({}),
    }
}

/// Panel options of the panel's type.
fn options(p: &PanelSpec) -> Value {
    match p.viz {
        Visualization::TimeSeries => json!({
            "legend": { "displayMode": "list", "placement": "bottom", "showLegend": true },
            "tooltip": { "mode": "single", "sort": "none" }
        }),
        Visualization::Stat => json!({
            "reduceOptions": { "calcs": ["lastNotNull"], "fields": "", "values": false },
            "colorMode": "value",
            "graphMode": "area",
            "justifyMode": "auto",
            "textMode": "auto"
        }),
        Visualization::Heatmap => json!({
            "calculate": false,
            "cellGap": 1,
            "color": { "mode": "scheme", "scheme": "Oranges", "steps": 64 },
            "yAxis": { "axisPlacement": "left", "unit": p.unit.id() },
            "legend": { "show": true },
            "tooltip": { "mode": "single", "yHistogram": false }
        }),
    }
}

/// What the dashboard needs: Grafana, the Prometheus plugin and each panel type used.
fn requires(panels: &[PanelSpec]) -> Value {
    let mut list = vec![
        json!({ "type": "grafana", "id": "grafana", "name": "Grafana", "version": GRAFANA_VERSION }),
        json!({ "type": "datasource", "id": "prometheus", "name": "Prometheus", "version": "1.0.0" }),
    ];
    for viz in Visualization::ALL {
        if panels.iter().any(|p| p.viz == viz) {
            let name = match viz {
                Visualization::TimeSeries => "Time series",
                Visualization::Stat => "Stat",
                Visualization::Heatmap => "Heatmap",
            };
            list.push(json!({ "type": "panel", "id": viz.id(), "name": name, "version": "" }));
        }
    }
    Value::Array(list)
}

/// `time`: `now-5m` to `now`, or an absolute From/To in UTC.
fn time_json(time: DashboardTime) -> Value {
    match time.end_ms {
        None => json!({
            "from": format!("now-{}", format_duration(time.range_ms.max(1000) as u64)),
            "to": "now"
        }),
        Some(end) => json!({ "from": rfc3339(end - time.range_ms), "to": rfc3339(end) }),
    }
}

/// `refresh`: Grafana has no "every scrape", so Sonde's live panels become its shortest
/// default choice, `5s`; off is the empty string, as Grafana writes it.
fn refresh_text(refresh: Refresh) -> String {
    match refresh {
        Refresh::Live => "5s".to_string(),
        Refresh::Off => String::new(),
        every => every.id(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grafana::{ThresholdColor, Unit};

    fn panels() -> Vec<PanelSpec> {
        vec![
            PanelSpec {
                title: "Débit".into(),
                query: "sum by (endpoint) (rate(http_requests_total[1m]))".into(),
                unit: Unit::ReqPerSec,
                thresholds: vec![
                    Threshold {
                        value: 5.0,
                        color: ThresholdColor::Red,
                    },
                    Threshold {
                        value: 2.0,
                        color: ThresholdColor::Orange,
                    },
                ],
                legend: "{{endpoint}}".into(),
                min_interval_ms: Some(60_000),
                ..PanelSpec::default()
            },
            PanelSpec {
                viz: Visualization::Stat,
                ..PanelSpec::default()
            },
            PanelSpec {
                viz: Visualization::Heatmap,
                query: "sum by (le) (rate(http_request_duration_seconds_bucket[1m]))".into(),
                unit: Unit::Seconds,
                ..PanelSpec::default()
            },
        ]
    }

    fn model(panels: &[PanelSpec], time: DashboardTime, refresh: Refresh) -> DashboardModel<'_> {
        DashboardModel {
            title: "Sonde",
            panels,
            untitled: "Panel title",
            time,
            refresh,
        }
    }

    #[test]
    fn an_importable_export() {
        let ps = panels();
        let m = model(&ps, DashboardTime::relative(300_000), Refresh::Live);
        let d = dashboard_json(&m, &DataSourceRef::Input);
        assert_eq!(d["__inputs"][0]["name"], DS_INPUT);
        assert_eq!(d["__inputs"][0]["pluginId"], "prometheus");
        let required: Vec<&str> = d["__requires"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            required,
            ["grafana", "prometheus", "timeseries", "stat", "heatmap"]
        );
        assert_eq!(d["schemaVersion"], SCHEMA_VERSION);
        assert_eq!(d["time"], json!({ "from": "now-5m", "to": "now" }));
        assert_eq!(d["refresh"], "5s");
        let p = &d["panels"];
        assert_eq!(p.as_array().unwrap().len(), 3);
        assert_eq!(p[0]["type"], "timeseries");
        assert_eq!(p[0]["title"], "Débit");
        assert_eq!(p[0]["datasource"]["uid"], "${DS_PROMETHEUS}");
        assert_eq!(p[0]["targets"][0]["expr"], ps[0].query);
        assert_eq!(p[0]["targets"][0]["legendFormat"], "{{endpoint}}");
        assert_eq!(p[0]["targets"][0]["refId"], "A");
        assert_eq!(p[0]["interval"], "1m");
        assert_eq!(p[0]["fieldConfig"]["defaults"]["unit"], "reqps");
        let steps = &p[0]["fieldConfig"]["defaults"]["thresholds"]["steps"];
        assert_eq!(steps[0]["value"], Value::Null);
        assert_eq!(
            (steps[1]["value"].as_f64(), steps[1]["color"].as_str()),
            (Some(2.0), Some("orange"))
        );
        assert_eq!(steps[2]["value"].as_f64(), Some(5.0));
        assert_eq!(
            p[0]["fieldConfig"]["defaults"]["custom"]["thresholdsStyle"]["mode"],
            "line"
        );
        assert_eq!(p[1]["title"], "Panel title", "untitled: the page's default");
        assert_eq!(p[1]["targets"][0]["legendFormat"], "__auto");
        assert!(p[1].get("interval").is_none());
        assert_eq!(p[2]["targets"][0]["format"], "heatmap");
        let grid: Vec<(u64, u64)> = (0..3)
            .map(|i| {
                (
                    p[i]["gridPos"]["x"].as_u64().unwrap(),
                    p[i]["gridPos"]["y"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(grid, [(0, 0), (12, 0), (0, 8)]);
        let f = dashboard_file(&m);
        let back: Value = serde_json::from_slice(&f.bytes).unwrap();
        assert_eq!(back, d);
    }

    #[test]
    fn a_provisioned_dashboard_names_its_data_source() {
        let ps = panels();
        let end = 1_795_545_600_000;
        let time = DashboardTime {
            range_ms: 3_600_000,
            end_ms: Some(end),
        };
        let d = dashboard_json(
            &model(&ps, time, Refresh::Off),
            &DataSourceRef::Uid("prom".into()),
        );
        assert!(d.get("__inputs").is_none());
        assert_eq!(d["panels"][2]["targets"][0]["datasource"]["uid"], "prom");
        assert_eq!(d["time"]["to"], rfc3339(end));
        assert_eq!(d["time"]["from"], rfc3339(end - 3_600_000));
        assert_eq!(d["refresh"], "");
        let every = dashboard_json(
            &model(&[], time, Refresh::EverySeconds(60)),
            &DataSourceRef::Input,
        );
        assert_eq!(every["refresh"], "1m");
        assert_eq!(every["panels"], json!([]));
    }
}
