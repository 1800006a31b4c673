//! The course run for real in one command: a folder `sonde/` packed as a tar archive, with
//! a `compose.yaml` that runs the app (Python, its pinned requirements), Prometheus (the
//! learner's `prometheus.yml` and `rules.yml`) and Grafana, provisioned with the
//! Prometheus data source, the dashboard and its alert rules. Inside compose each service
//! is reached by its name, so the targets `localhost:8000` and `127.0.0.1:8000` become
//! `app:8000` (a comment at the top of the file says so); everything else is the
//! learner's text.

use crate::sim::Instrumentation;

use super::alerts::alert_rules;
use super::app::{app_file, requirements_file};
use super::dashboard::{dashboard_json, pretty, DashboardModel, DataSourceRef};
use super::tar::tar_archive;
use super::ExportFile;

/// The folder every file of the bundle is in.
const ROOT: &str = "sonde";
/// The app's service name, which Prometheus scrapes.
pub const APP_SERVICE: &str = "app";
/// The uid of the provisioned Prometheus data source.
const DATASOURCE_UID: &str = "prometheus";
/// Where the app's metrics are, as the course's `prometheus.yml` names them.
const COURSE_TARGETS: [&str; 2] = ["localhost:8000", "127.0.0.1:8000"];

/// What the bundle is made of.
#[derive(Clone, Copy, Debug)]
pub struct ComposeInputs<'a> {
    /// `prometheus.yml` as edited.
    pub prometheus_yml: &'a str,
    /// `rules.yml` in force.
    pub rules_yml: &'a str,
    /// The app's version.
    pub version: Instrumentation,
    /// The dashboard.
    pub dashboard: DashboardModel<'a>,
}

/// The `compose.yaml`.
pub fn compose_yaml() -> String {
    format!(
        "# Sonde's course, for real: the app, Prometheus and Grafana.
#   docker compose up        (or: podman compose up)
# then open http://localhost:5000/ (the app: each page loaded is counted),
# http://localhost:9090/ (Prometheus) and http://localhost:3000/ (Grafana: admin / admin).
#
# Inside compose each service is reached by its name, not by localhost: Prometheus
# scrapes {APP_SERVICE}:8000 where your prometheus.yml said localhost:8000 (the same app,
# seen from the Prometheus container; prometheus/prometheus.yml says which lines changed),
# and Grafana's data source is http://prometheus:9090.
services:
  {APP_SERVICE}:
    image: python:3.12-slim
    working_dir: /app
    volumes:
      - ./app:/app:ro
    # run.py starts app.py's Flask app and metrics server on every interface: in a
    # container, app.run()'s default 127.0.0.1 is unreachable from outside.
    command: sh -c \"pip install --no-cache-dir --quiet -r requirements.txt && python run.py\"
    ports:
      - \"5000:5000\"
      - \"8000:8000\"
  prometheus:
    image: prom/prometheus:v3.5.0
    volumes:
      - ./prometheus:/etc/prometheus:ro
    ports:
      - \"9090:9090\"
    depends_on:
      - {APP_SERVICE}
  grafana:
    image: grafana/grafana:11.6.0
    volumes:
      - ./grafana/provisioning:/etc/grafana/provisioning:ro
      - ./grafana/dashboards:/var/lib/grafana/dashboards:ro
    ports:
      - \"3000:3000\"
    depends_on:
      - prometheus
"
    )
}

/// `run.py`: app.py started as the course does, but on the interface and ports of the
/// environment (`HOST`, `PORT`, `METRICS_PORT`; by default every interface, 5000 and
/// 8000). The tests run it on 127.0.0.1 and free ports.
pub fn run_py() -> String {
    "\"\"\"Starts app.py as the course does (metrics on 8000, the app on 5000), listening on
HOST (every interface by default: a container's 127.0.0.1 is its own).\"\"\"
import os

from prometheus_client import start_http_server

import app

host = os.environ.get(\"HOST\", \"0.0.0.0\")
start_http_server(int(os.environ.get(\"METRICS_PORT\", \"8000\")), addr=host)
app.app.run(host=host, port=int(os.environ.get(\"PORT\", \"5000\")))
"
    .to_string()
}

/// `prometheus.yml` for compose: the app's targets renamed to its service.
pub fn compose_prometheus_yml(edited: &str) -> String {
    let mut changed = Vec::new();
    let body: Vec<String> = edited
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let mut line = line.to_string();
            for target in COURSE_TARGETS {
                if line.contains(target) {
                    line = line.replace(target, &format!("{APP_SERVICE}:8000"));
                    changed.push(i + 1);
                }
            }
            line
        })
        .collect();
    let note = if changed.is_empty() {
        "# Sonde: no target was localhost:8000, nothing changed.\n".to_string()
    } else {
        let lines: Vec<String> = changed.iter().map(|n| n.to_string()).collect();
        format!(
            "# Sonde: in compose the app is the service `{APP_SERVICE}`, so localhost:8000 became\n\
             # {APP_SERVICE}:8000 (your file's line {}).\n",
            lines.join(", ")
        )
    };
    format!("{note}{}\n", body.join("\n"))
}

/// Every file of the bundle (path, content), in archive order.
pub fn compose_bundle(inputs: &ComposeInputs) -> Vec<(String, Vec<u8>)> {
    let dashboard = dashboard_json(
        &inputs.dashboard,
        &DataSourceRef::Uid(DATASOURCE_UID.to_string()),
    );
    let rules = alert_rules(
        inputs.dashboard.panels,
        inputs.dashboard.untitled,
        DATASOURCE_UID,
    );
    let has_rules = rules["groups"][0]["rules"]
        .as_array()
        .is_some_and(|r| !r.is_empty());
    let mut files = vec![
        ("compose.yaml".to_string(), compose_yaml()),
        (
            "app/app.py".to_string(),
            app_file(inputs.version).as_text().into_owned(),
        ),
        ("app/run.py".to_string(), run_py()),
        (
            "app/requirements.txt".to_string(),
            requirements_file().as_text().into_owned(),
        ),
        (
            "prometheus/prometheus.yml".to_string(),
            compose_prometheus_yml(inputs.prometheus_yml),
        ),
        (
            "prometheus/rules.yml".to_string(),
            inputs.rules_yml.to_string(),
        ),
        (
            "grafana/provisioning/datasources/prometheus.yaml".to_string(),
            datasource_yaml(),
        ),
        (
            "grafana/provisioning/dashboards/sonde.yaml".to_string(),
            dashboard_provider_yaml(),
        ),
        (
            "grafana/dashboards/sonde.json".to_string(),
            pretty(&dashboard),
        ),
    ];
    if has_rules {
        files.push((
            "grafana/provisioning/alerting/sonde-alert-rules.json".to_string(),
            pretty(&rules),
        ));
    }
    files
        .into_iter()
        .map(|(path, text)| (format!("{ROOT}/{path}"), text.into_bytes()))
        .collect()
}

/// The bundle as a tar archive (`sonde-compose.tar`), its files dated `mtime_s`.
pub fn compose_file(inputs: &ComposeInputs, mtime_s: u64) -> ExportFile {
    ExportFile {
        name: "sonde-compose.tar".to_string(),
        mime: "application/x-tar",
        bytes: tar_archive(&compose_bundle(inputs), mtime_s),
    }
}

/// Grafana's data source provisioning: Prometheus at its service's address.
fn datasource_yaml() -> String {
    format!(
        "apiVersion: 1
datasources:
  - name: Prometheus
    type: prometheus
    uid: {DATASOURCE_UID}
    access: proxy
    url: http://prometheus:9090
    isDefault: true
"
    )
}

/// Grafana's dashboard provider: the dashboards of `/var/lib/grafana/dashboards`.
fn dashboard_provider_yaml() -> String {
    "apiVersion: 1
providers:
  - name: sonde
    folder: Sonde
    type: file
    options:
      path: /var/lib/grafana/dashboards
"
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{parse_config, COURSE_CONFIG};
    use crate::export::tar::read_tar;
    use crate::grafana::{parse_alert, AlertFields, DashboardTime, PanelSpec, Refresh};

    fn inputs(panels: &[PanelSpec]) -> ComposeInputs<'_> {
        ComposeInputs {
            prometheus_yml: COURSE_CONFIG,
            rules_yml: "groups: []\n",
            version: Instrumentation::Production,
            dashboard: DashboardModel {
                title: "Sonde",
                panels,
                untitled: "Panel title",
                time: DashboardTime::relative(300_000),
                refresh: Refresh::Live,
            },
        }
    }

    #[test]
    fn the_targets_become_the_app_service() {
        let yml = compose_prometheus_yml(COURSE_CONFIG);
        assert!(yml.contains("targets: ['app:8000']"), "{yml}");
        assert!(!yml.contains("localhost:8000']"), "{yml}");
        assert!(yml.starts_with("# Sonde:"), "{yml}");
        assert!(yml.contains("line 7"), "{yml}");
        let config = parse_config(&yml).unwrap();
        assert_eq!(config.scrape_configs[0].targets[0].address, "app:8000");
        let other = compose_prometheus_yml("global: {}\n");
        assert!(other.contains("nothing changed"), "{other}");
    }

    #[test]
    fn every_file_in_the_archive() {
        let mut panel = PanelSpec::default();
        let paths = |panels: &[PanelSpec]| -> Vec<String> {
            compose_bundle(&inputs(panels))
                .into_iter()
                .map(|(p, _)| p)
                .collect()
        };
        let plain = paths(std::slice::from_ref(&panel));
        assert!(plain.iter().all(|p| p.starts_with("sonde/")), "{plain:?}");
        for want in [
            "sonde/compose.yaml",
            "sonde/app/app.py",
            "sonde/app/run.py",
            "sonde/app/requirements.txt",
            "sonde/prometheus/prometheus.yml",
            "sonde/prometheus/rules.yml",
            "sonde/grafana/provisioning/datasources/prometheus.yaml",
            "sonde/grafana/provisioning/dashboards/sonde.yaml",
            "sonde/grafana/dashboards/sonde.json",
        ] {
            assert!(plain.iter().any(|p| p == want), "{want} in {plain:?}");
        }
        assert!(
            !plain.iter().any(|p| p.contains("alerting")),
            "no rules, no file"
        );
        panel.alert = Some(
            parse_alert(
                "q",
                AlertFields {
                    name: "High",
                    op: ">",
                    threshold: "1",
                    for_text: "1m",
                    ..AlertFields::default()
                },
            )
            .unwrap(),
        );
        let panels = [panel];
        assert!(paths(&panels)
            .iter()
            .any(|p| p.contains("alerting/sonde-alert-rules.json")));
        let file = compose_file(&inputs(&panels), 1_795_545_600);
        assert_eq!(file.name, "sonde-compose.tar");
        let files = read_tar(&file.bytes).unwrap();
        assert_eq!(files, compose_bundle(&inputs(&panels)));
        let dash = files
            .iter()
            .find(|(p, _)| p.ends_with("sonde.json"))
            .unwrap();
        let dash: serde_json::Value = serde_json::from_slice(&dash.1).unwrap();
        assert_eq!(dash["panels"][0]["datasource"]["uid"], DATASOURCE_UID);
        let app = files.iter().find(|(p, _)| p.ends_with("app.py")).unwrap();
        assert!(
            String::from_utf8_lossy(&app.1).contains("Histogram"),
            "the production version"
        );
    }

    #[test]
    fn the_yaml_files_parse() {
        for text in [compose_yaml(), datasource_yaml(), dashboard_provider_yaml()] {
            assert!(crate::config::tree::parse_tree(&text).is_ok(), "{text}");
        }
        let compose = compose_yaml();
        for service in ["  app:", "  prometheus:", "  grafana:"] {
            assert!(compose.lines().any(|l| l == service), "{service}");
        }
        assert!(run_py().contains("import app"));
    }
}
