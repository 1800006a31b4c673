//! Everything a learner built in Sonde, as files for the real tools: `prometheus.yml` and
//! `rules.yml` as edited (`prometheus`), the app's Python code and the pinned
//! `requirements.txt` (`app`), the Grafana dashboard as Grafana's export JSON
//! (`dashboard`) and its panels' alert rules as Grafana's alerting provisioning file
//! (`alerts`), a `compose.yaml` bundle that runs the app, Prometheus and Grafana with all
//! of them (`compose`, packed by `tar`), and the simulated series as OpenMetrics text for
//! `promtool tsdb create-blocks-from openmetrics` (`openmetrics`). Each export is a pure
//! function to an [`ExportFile`]; the UI only offers it as a download, and
//! `tests/real_tools.rs` hands each to the real tool.

pub mod alerts;
pub mod app;
pub mod compose;
pub mod dashboard;
pub mod openmetrics;
pub mod prometheus;
pub mod tar;

pub use alerts::{alert_rules, alert_rules_file};
pub use app::{app_file, requirements_file, FLASK_VERSION, PROMETHEUS_CLIENT_VERSION};
pub use compose::{compose_bundle, compose_file, compose_yaml, ComposeInputs};
pub use dashboard::{dashboard_file, dashboard_json, DashboardModel, DataSourceRef};
pub use openmetrics::{openmetrics_file, write_series};
pub use prometheus::{prometheus_yml_file, rules_file};
pub use tar::tar_archive;

/// A file to download: its name, its MIME type and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// The file name offered to the browser (`prometheus.yml`).
    pub name: String,
    /// Its MIME type (`application/yaml`).
    pub mime: &'static str,
    /// Its content.
    pub bytes: Vec<u8>,
}

impl ExportFile {
    /// A text file.
    pub fn text(name: &str, mime: &'static str, text: String) -> ExportFile {
        ExportFile {
            name: name.to_string(),
            mime,
            bytes: text.into_bytes(),
        }
    }

    /// The content as text (lossy for a binary archive).
    pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }
}

/// The MIME type of YAML files.
pub const YAML: &str = "application/yaml";
/// The MIME type of JSON files.
pub const JSON: &str = "application/json";
/// The MIME type of plain text.
pub const TEXT: &str = "text/plain";
