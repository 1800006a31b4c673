//! The shareable UI state: what a teacher's link restores (course step, queries, the
//! `prometheus.yml` and `rules.yml` texts, time range, speed, language, theme,
//! presentation mode, the dashboard's panels, the app's version, traffic, mix and
//! instances), with the bounds each field must respect.

use serde::{Deserialize, Serialize};

use crate::alert::AlertRule;
use crate::course::Task;
use crate::lang::Lang;
use crate::sim::{Instrumentation, MAX_RATE};

/// Most queries kept.
pub const MAX_QUERIES: usize = 32;
/// Most dashboard panels kept.
pub const MAX_PANELS: usize = 24;
/// Most thresholds kept per panel.
pub const MAX_THRESHOLDS: usize = 8;
/// Longest legend format kept, in characters.
pub const MAX_LEGEND_CHARS: usize = 256;
/// The panel visualizations a link may name (Grafana's panel type ids).
pub const VIZ_CODES: [&str; 3] = ["timeseries", "stat", "heatmap"];
/// Shortest time range shown (1 second).
pub const MIN_RANGE_MS: i64 = 1_000;
/// Longest time range shown (30 days).
pub const MAX_RANGE_MS: i64 = 30 * 24 * 3_600_000;
/// Latest end time accepted (about year 2286, far past any simulated clock).
pub const MAX_TIME_MS: i64 = 10_000_000_000_000;
/// Largest query step (1 day); the smallest is 1 ms.
pub const MAX_STEP_MS: i64 = 24 * 3_600_000;
/// Slowest simulation speed (paused).
pub const MIN_SPEED: f64 = 0.0;
/// Fastest simulation speed.
pub const MAX_SPEED: f64 = 10_000.0;
/// Fastest automatic traffic kept (requests per second), the simulation's own limit.
pub const MAX_TRAFFIC_RATE: f64 = MAX_RATE;
/// Longest `for` / `keep_firing_for` of a panel's alert (1 day).
pub const MAX_ALERT_DURATION_MS: i64 = 24 * 3_600_000;
/// Shortest evaluation interval of a panel's alert (Grafana's 10 s).
pub const MIN_ALERT_EVERY_MS: i64 = 10_000;
/// Longest `rules.yml` kept, in characters.
pub const MAX_RULES_CHARS: usize = 16 * 1024;

/// The colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Light background.
    #[default]
    Light,
    /// Dark background.
    Dark,
}

/// One dashboard panel.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Panel {
    /// The panel's title.
    #[serde(rename = "t")]
    pub title: String,
    /// Its PromQL query.
    #[serde(rename = "q")]
    pub query: String,
    /// The unit of its values (e.g. `req/s`), free text.
    #[serde(rename = "u")]
    pub unit: String,
    /// Threshold lines drawn across the chart, finite values.
    #[serde(rename = "h")]
    pub thresholds: Vec<f64>,
    /// An alert rule on the panel, if any.
    #[serde(rename = "a")]
    pub alert: Option<AlertRule>,
    /// Grafana's legend format (`{{endpoint}}`); empty (and left out of the link) names
    /// series by their labels.
    #[serde(rename = "l", skip_serializing_if = "String::is_empty")]
    pub legend: String,
    /// Grafana's "Min interval" in ms, within `[1, MAX_STEP_MS]`; `None` (left out of the
    /// link) keeps the automatic step.
    #[serde(rename = "i", skip_serializing_if = "Option::is_none")]
    pub min_interval_ms: Option<i64>,
    /// The visualization, one of [`VIZ_CODES`]; empty (left out of the link) is a time
    /// series.
    #[serde(rename = "v", skip_serializing_if = "String::is_empty")]
    pub viz: String,
    /// How often the alert is evaluated, in ms, within `[MIN_ALERT_EVERY_MS,
    /// MAX_ALERT_DURATION_MS]`; `None` (left out) is Grafana's default, one minute.
    #[serde(rename = "e", skip_serializing_if = "Option::is_none")]
    pub alert_every_ms: Option<i64>,
}

/// Everything a shared link restores. Field names are shortened in the encoded form to keep
/// links short. It is only serialised here: reading goes through `from_fragment`, which
/// checks each field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShareState {
    /// The course step shown (0 = the first).
    #[serde(rename = "c")]
    pub course_step: u8,
    /// The queries of the query editor.
    #[serde(rename = "q")]
    pub queries: Vec<String>,
    /// The `prometheus.yml` text.
    #[serde(rename = "y")]
    pub prometheus_yml: String,
    /// Width of the time range shown, in milliseconds.
    #[serde(rename = "r")]
    pub range_ms: i64,
    /// End of the range in simulated milliseconds; `None` follows the simulated "now".
    #[serde(rename = "e")]
    pub end_ms: Option<i64>,
    /// Query step in milliseconds; `None` lets the chart pick one from its width.
    #[serde(rename = "s")]
    pub step_ms: Option<i64>,
    /// Simulation speed (simulated seconds per real second).
    #[serde(rename = "x")]
    pub speed: f64,
    /// Interface language.
    #[serde(rename = "l", serialize_with = "lang_code")]
    pub lang: Lang,
    /// Colour theme.
    #[serde(rename = "m")]
    pub theme: Theme,
    /// Presentation mode (large type, controls hidden).
    #[serde(rename = "p")]
    pub presentation: bool,
    /// The dashboard's panels.
    #[serde(rename = "d")]
    pub panels: Vec<Panel>,
    /// The Grafana data source URL as typed (empty when none was set).
    #[serde(rename = "g")]
    pub datasource_url: String,
    /// The version of the app that runs.
    #[serde(rename = "a", serialize_with = "app_code")]
    pub app: Instrumentation,
    /// Automatic traffic, requests per second.
    #[serde(rename = "t")]
    pub traffic_rate: f64,
    /// The course's tasks done, by id.
    #[serde(rename = "k", serialize_with = "task_ids")]
    pub done: Vec<Task>,
    /// The `rules.yml` text; empty (left out) restores the example file.
    #[serde(rename = "u", skip_serializing_if = "String::is_empty")]
    pub rules_yml: String,
    /// The traffic mix's weights in the order of [`crate::sim::MIX_ENDPOINTS`], each at
    /// most [`crate::sim::MAX_WEIGHT`]; empty (left out) keeps the default mix.
    #[serde(rename = "w", skip_serializing_if = "Vec::is_empty")]
    pub mix: Vec<u32>,
    /// How many instances of the app run (ports 8000, 8001, ...), 1 to [`crate::sim::MAX_REPLICAS`].
    #[serde(rename = "n")]
    pub instances: u8,
}

impl Default for ShareState {
    fn default() -> Self {
        ShareState {
            course_step: 0,
            queries: Vec::new(),
            prometheus_yml: String::new(),
            range_ms: 3_600_000,
            end_ms: None,
            step_ms: None,
            speed: 1.0,
            lang: Lang::Fr,
            theme: Theme::Light,
            presentation: false,
            panels: Vec::new(),
            datasource_url: String::new(),
            app: Instrumentation::Course,
            traffic_rate: 0.0,
            done: Vec::new(),
            rules_yml: String::new(),
            mix: Vec::new(),
            instances: 1,
        }
    }
}

/// Serialises a `Lang` as its two-letter code.
fn lang_code<S: serde::Serializer>(lang: &Lang, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(lang.code())
}

/// The name of each app version in a link.
pub const APP_CODES: [(Instrumentation, &str); 3] = [
    (Instrumentation::Course, "course"),
    (Instrumentation::PerEndpoint, "per-endpoint"),
    (Instrumentation::Production, "production"),
];

/// Serialises an app version as its name in [`APP_CODES`].
fn app_code<S: serde::Serializer>(app: &Instrumentation, s: S) -> Result<S::Ok, S::Error> {
    let code = APP_CODES
        .iter()
        .find(|(a, _)| a == app)
        .map_or("course", |(_, c)| c);
    s.serialize_str(code)
}

/// Serialises tasks as their ids.
fn task_ids<S: serde::Serializer>(tasks: &[Task], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(tasks.iter().map(|t| t.id()))
}
