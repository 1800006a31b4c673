//! Which server answered: Prometheus 2.x or 3.x, or a system that speaks its HTTP API to
//! scale it out (Thanos, Grafana Mimir, VictoriaMetrics), read from the shape of
//! `/api/v1/status/buildinfo`'s answer. Mimir names itself (`application`); Thanos
//! answers Prometheus's shape with its own 0.x version; VictoriaMetrics answers only
//! `{"version":"2.24.0"}`, a Prometheus version it claims for compatibility.

use serde_json::Value as Json;

use crate::lang::Lang;
use crate::promql::rate::ZeroClamp;

use super::error::SourceError;

/// The kind of server behind the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerKind {
    /// Prometheus itself.
    Prometheus,
    /// Thanos Query.
    Thanos,
    /// Grafana Mimir.
    Mimir,
    /// VictoriaMetrics (its version is the Prometheus one it claims).
    VictoriaMetrics,
    /// Another system that names itself in `application`.
    Other(String),
}

/// What `/api/v1/status/buildinfo` says about the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerInfo {
    /// Which system.
    pub kind: ServerKind,
    /// Its version as it wrote it (`2.42.0+ds`, `3.5.0`, `0.35.1`, ...).
    pub version: String,
}

/// How a server's range-vector windows treat a sample exactly on their left edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Windows {
    /// Prometheus 2.x: `[t - range, t]`, the edge sample is in.
    Closed,
    /// Prometheus 3.x (and Sonde): `(t - range, t]`, the edge sample is out.
    LeftOpen,
    /// Not known for this server.
    Unknown,
}

/// The server described by the `data` of `/api/v1/status/buildinfo`.
pub fn server_info(data: &Json) -> Result<ServerInfo, SourceError> {
    let obj = data.as_object().ok_or_else(|| SourceError::NotPrometheus {
        detail: "buildinfo is not an object".into(),
    })?;
    let text = |k: &str| obj.get(k).and_then(Json::as_str).map(str::to_string);
    let version = text("version").ok_or_else(|| SourceError::NotPrometheus {
        detail: "buildinfo has no version".into(),
    })?;
    let kind = if let Some(app) = text("application") {
        if app.contains("Mimir") {
            ServerKind::Mimir
        } else {
            ServerKind::Other(app)
        }
    } else if obj.len() == 1 {
        ServerKind::VictoriaMetrics
    } else if version.starts_with("0.") {
        ServerKind::Thanos
    } else {
        ServerKind::Prometheus
    };
    Ok(ServerInfo { kind, version })
}

impl ServerInfo {
    /// The system's name.
    pub fn name(&self) -> &str {
        match &self.kind {
            ServerKind::Prometheus => "Prometheus",
            ServerKind::Thanos => "Thanos",
            ServerKind::Mimir => "Grafana Mimir",
            ServerKind::VictoriaMetrics => "VictoriaMetrics",
            ServerKind::Other(name) => name,
        }
    }

    /// The major version of a Prometheus server, e.g. 2 or 3.
    pub fn prometheus_major(&self) -> Option<u32> {
        match self.kind {
            ServerKind::Prometheus => self.version.split('.').next()?.parse().ok(),
            _ => None,
        }
    }

    /// Where its `rate` and `increase` stop extrapolating toward a counter's zero point
    /// (Prometheus changed it in 2.51); none for other kinds of server.
    pub fn zero_clamp(&self) -> Option<ZeroClamp> {
        let major = self.prometheus_major()?;
        let minor: u32 = self.version.split(['.', '+', '-']).nth(1)?.parse().ok()?;
        Some(if (major, minor) < (2, 51) {
            ZeroClamp::BeforeLimit
        } else {
            ZeroClamp::AfterLimit
        })
    }

    /// How its range-vector windows treat a sample on their left edge.
    pub fn windows(&self) -> Windows {
        match self.prometheus_major() {
            Some(m) if m < 3 => Windows::Closed,
            Some(_) => Windows::LeftOpen,
            None => Windows::Unknown,
        }
    }

    /// "Prometheus 2.42.0+ds", or for VictoriaMetrics the version it claims.
    pub fn label(&self, lang: Lang) -> String {
        match self.kind {
            ServerKind::VictoriaMetrics => match lang {
                Lang::Fr => format!(
                    "VictoriaMetrics (se dit compatible Prometheus {})",
                    self.version
                ),
                Lang::En => format!(
                    "VictoriaMetrics (claims Prometheus {} compatibility)",
                    self.version
                ),
            },
            _ => format!("{} {}", self.name(), self.version),
        }
    }
}

/// What the server is doing, from `/api/v1/targets`, `/rules` and `/alerts`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overview {
    /// Targets whose last scrape worked.
    pub targets_up: usize,
    /// Active targets.
    pub targets: usize,
    /// Recording and alerting rules.
    pub rules: usize,
    /// Alerts firing.
    pub firing: usize,
}

impl Overview {
    /// The overview of the answers read by [`super::response`].
    pub fn of(
        targets: &[super::response::TargetInfo],
        rules: &[super::response::RuleInfo],
        alerts: &[super::response::AlertInfo],
    ) -> Self {
        Overview {
            targets_up: targets.iter().filter(|t| t.health == "up").count(),
            targets: targets.len(),
            rules: rules.len(),
            firing: alerts.iter().filter(|a| a.state == "firing").count(),
        }
    }

    /// One line: "1/1 targets up, 0 rules, 0 alerts firing".
    pub fn line(&self, lang: Lang) -> String {
        let Overview {
            targets_up,
            targets,
            rules,
            firing,
        } = self;
        match lang {
            Lang::Fr => format!(
                "cibles en service : {targets_up}/{targets}, règles : {rules}, alertes déclenchées : {firing}"
            ),
            Lang::En => format!(
                "targets up: {targets_up}/{targets}, rules: {rules}, alerts firing: {firing}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(body: &str) -> ServerInfo {
        let data = super::super::response::envelope(200, body).expect("envelope");
        server_info(&data).expect("buildinfo")
    }

    #[test]
    fn the_real_prometheus_2_42() {
        let i = info(include_str!(
            "../../tests/reference/prometheus-api/buildinfo.json"
        ));
        assert_eq!(i.kind, ServerKind::Prometheus);
        assert_eq!(i.prometheus_major(), Some(2));
        assert_eq!(i.zero_clamp(), Some(ZeroClamp::BeforeLimit));
        assert_eq!(i.windows(), Windows::Closed);
        assert_eq!(i.label(Lang::En), "Prometheus 2.42.0+ds");
    }

    #[test]
    fn prometheus_3_thanos_mimir_and_victoriametrics() {
        let p3 = info(
            r#"{"status":"success","data":{"version":"3.5.0","revision":"x","branch":"HEAD","buildUser":"root@x","buildDate":"20250714-16:15:23","goVersion":"go1.24.5"}}"#,
        );
        assert_eq!(
            (p3.kind.clone(), p3.windows()),
            (ServerKind::Prometheus, Windows::LeftOpen)
        );
        assert_eq!(p3.zero_clamp(), Some(ZeroClamp::AfterLimit));
        let at = |version: &str| ServerInfo {
            kind: ServerKind::Prometheus,
            version: version.into(),
        };
        assert_eq!(at("2.50.1").zero_clamp(), Some(ZeroClamp::BeforeLimit));
        assert_eq!(at("2.51.0-rc.0").zero_clamp(), Some(ZeroClamp::AfterLimit));
        assert_eq!(at("v2").zero_clamp(), None);
        let thanos = info(
            r#"{"status":"success","data":{"version":"0.35.1","revision":"x","branch":"HEAD","buildUser":"root@x","buildDate":"20240528-12:01:24","goVersion":"go1.21.10"}}"#,
        );
        assert_eq!(thanos.kind, ServerKind::Thanos);
        assert_eq!(thanos.windows(), Windows::Unknown);
        assert_eq!(thanos.zero_clamp(), None);
        let mimir = info(
            r#"{"status":"success","data":{"application":"Grafana Mimir","version":"2.13.0","revision":"x","branch":"HEAD","goVersion":"go1.22.5","features":{"ruler_config_api":"true"}}}"#,
        );
        assert_eq!(mimir.label(Lang::En), "Grafana Mimir 2.13.0");
        let vm = info(r#"{"status":"success","data":{"version":"2.24.0"}}"#);
        assert_eq!(vm.kind, ServerKind::VictoriaMetrics);
        assert!(vm.label(Lang::Fr).contains("2.24.0"));
        assert_eq!(vm.prometheus_major(), None);
        let other =
            info(r#"{"status":"success","data":{"application":"Cortex","version":"1.17"}}"#);
        assert_eq!(other.name(), "Cortex");
    }

    #[test]
    fn the_overview_counts_targets_rules_and_firing_alerts() {
        use super::super::response::{alerts, rules, targets};
        let data = |body: &str| super::super::response::envelope(200, body).expect("envelope");
        let t = targets(&data(include_str!(
            "../../tests/reference/prometheus-api/targets.json"
        )))
        .expect("targets");
        let r = rules(&data(r#"{"status":"success","data":{"groups":[{"name":"g","rules":[{"name":"A","type":"alerting"},{"name":"r","type":"recording"}]}]}}"#)).expect("rules");
        let a = alerts(&data(r#"{"status":"success","data":{"alerts":[{"labels":{},"state":"firing"},{"labels":{},"state":"pending"}]}}"#)).expect("alerts");
        let o = Overview::of(&t, &r, &a);
        assert_eq!(
            o,
            Overview {
                targets_up: 1,
                targets: 1,
                rules: 2,
                firing: 1
            }
        );
        assert_eq!(
            o.line(Lang::En),
            "targets up: 1/1, rules: 2, alerts firing: 1"
        );
        assert!(o.line(Lang::Fr).starts_with("cibles en service : 1/1"));
    }

    #[test]
    fn a_buildinfo_without_version_is_not_prometheus() {
        let data = serde_json::json!({"revision": "x"});
        assert!(matches!(
            server_info(&data),
            Err(SourceError::NotPrometheus { .. })
        ));
        assert!(server_info(&serde_json::json!([1])).is_err());
    }
}
