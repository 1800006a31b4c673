//! Remarks on an accepted `prometheus.yml`: options Prometheus knows and accepts, which
//! mean nothing in the simulation (authentication, TLS, service discovery, remote
//! storage...). Sonde accepts them as Prometheus does and says "not simulated" beside
//! the line.

use crate::lang::Lang;

use super::error::Position;

/// One "not simulated" remark.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigNote {
    /// The key, as written.
    pub key: String,
    /// Where the key is written.
    pub position: Position,
}

/// Why a key means nothing in the simulation, in French and English.
fn why(key: &str) -> (&'static str, &'static str) {
    match key {
        "basic_auth" | "authorization" | "oauth2" | "bearer_token" | "bearer_token_file" => (
            "l'app simulée ne demande aucune authentification",
            "the simulated app asks for no authentication",
        ),
        "tls_config" => (
            "l'app simulée ne parle que HTTP, sans TLS",
            "the simulated app speaks plain HTTP, without TLS",
        ),
        "params" => (
            "l'app simulée ignore les paramètres d'URL (les labels __param_* sont bien posés)",
            "the simulated app ignores URL parameters (the __param_* labels are set)",
        ),
        "alerting" => (
            "Sonde n'a pas d'Alertmanager : les alertes s'arrêtent à la page Alerts",
            "Sonde has no Alertmanager: alerts stop at the Alerts page",
        ),
        k if k.ends_with("_sd_configs") => (
            "Sonde n'a que des cibles static_configs",
            "Sonde only has static_configs targets",
        ),
        "remote_write" | "remote_read" | "storage" | "tracing" | "otlp" | "runtime" => (
            "Sonde n'a ni stockage distant ni disque : tout reste en mémoire",
            "Sonde has no remote storage nor disk: everything stays in memory",
        ),
        _ => (
            "Sonde l'accepte comme Prometheus, sans effet sur la simulation",
            "Sonde accepts it as Prometheus does, with no effect on the simulation",
        ),
    }
}

impl ConfigNote {
    /// The remark in plain words: `Ligne 5 : basic_auth : non simulé (...)`.
    pub fn text(&self, lang: Lang) -> String {
        let (fr, en) = why(&self.key);
        let line = self.position.line;
        match lang {
            Lang::Fr => format!("Ligne {line} : {} : non simulé ({fr}).", self.key),
            Lang::En => format!("Line {line}: {}: not simulated ({en}).", self.key),
        }
    }
}
