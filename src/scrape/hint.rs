//! Plain-language explanations of scrape failures, for learners, in both languages: each
//! names the likely cause in the course's setup (Flask on 5000, metrics on 8000).

use crate::lang::Lang;
use crate::sim::{FLASK_PORT, METRICS_PORT};

use super::target::ScrapeFailure;

impl ScrapeFailure {
    /// What the failure means and what to check, in the learner's language.
    pub fn hint(&self, lang: Lang) -> String {
        match (self, lang) {
            (ScrapeFailure::ConnectionRefused { dialled, app_stopped: true, .. }, Lang::Fr) => format!(
                "L'application est arrêtée : rien n'écoute sur {dialled} tant qu'elle n'est pas relancée. Prometheus réessaie à chaque scrape_interval ; démarrez l'application."
            ),
            (ScrapeFailure::ConnectionRefused { dialled, app_stopped: true, .. }, Lang::En) => format!(
                "The app is stopped: nothing listens on {dialled} until it starts again. Prometheus retries at every scrape_interval; start the app."
            ),
            (ScrapeFailure::ConnectionRefused { dialled, .. }, Lang::Fr) => format!(
                "Rien n'écoute sur {dialled} : ce n'est pas un port de l'application. prometheus_client sert les métriques sur localhost:{METRICS_PORT} (Flask sert les pages sur localhost:{FLASK_PORT}) ; une cible sans port vise le port 80 (443 en https)."
            ),
            (ScrapeFailure::ConnectionRefused { dialled, .. }, Lang::En) => format!(
                "Nothing listens on {dialled}: it is not one of the app's ports. prometheus_client serves the metrics on localhost:{METRICS_PORT} (Flask serves the pages on localhost:{FLASK_PORT}); a target without a port means port 80 (443 with https)."
            ),
            (ScrapeFailure::NoSuchHost { host, .. }, Lang::Fr) => format!(
                "Le nom d'hôte « {host} » n'existe pas : aucun serveur DNS ne le connaît. Vérifiez l'orthographe : l'application tourne sur localhost."
            ),
            (ScrapeFailure::NoSuchHost { host, .. }, Lang::En) => format!(
                "The host name \"{host}\" does not exist: no DNS server knows it. Check the spelling: the app runs on localhost."
            ),
            (ScrapeFailure::NotTls { .. }, Lang::Fr) => {
                "La cible est interrogée en HTTPS (scheme: https), mais l'application répond en HTTP simple : sa réponse n'est pas une négociation TLS. Retirez scheme: https (http est la valeur par défaut).".to_string()
            }
            (ScrapeFailure::NotTls { .. }, Lang::En) => {
                "The target is scraped over HTTPS (scheme: https), but the app answers in plain HTTP, so its answer is not a TLS handshake. Remove scheme: https (http is the default).".to_string()
            }
            (ScrapeFailure::HttpStatus { code: 404, port: Some(FLASK_PORT), .. }, Lang::Fr) => format!(
                "Le port {FLASK_PORT} est celui de Flask : il sert les pages de l'application (/), pas les métriques. prometheus_client les sert sur son propre port : visez localhost:{METRICS_PORT}."
            ),
            (ScrapeFailure::HttpStatus { code: 404, port: Some(FLASK_PORT), .. }, Lang::En) => format!(
                "Port {FLASK_PORT} is Flask's: it serves the app's pages (/), not the metrics. prometheus_client serves them on its own port: target localhost:{METRICS_PORT}."
            ),
            (ScrapeFailure::HttpStatus { code: 404, .. }, Lang::Fr) => format!(
                "Le serveur répond, mais n'a pas de page à ce chemin (metrics_path). Les métriques de l'application sont sur localhost:{METRICS_PORT}."
            ),
            (ScrapeFailure::HttpStatus { code: 404, .. }, Lang::En) => format!(
                "The server answers, but has no page at that path (metrics_path). The app's metrics are on localhost:{METRICS_PORT}."
            ),
            (ScrapeFailure::HttpStatus { code, .. }, Lang::Fr) => format!("L'application a répondu par une erreur HTTP {code}."),
            (ScrapeFailure::HttpStatus { code, .. }, Lang::En) => format!("The app answered with HTTP error {code}."),
            (ScrapeFailure::Timeout, Lang::Fr) => {
                "Pas de réponse avant scrape_timeout : la cible est trop lente ou le délai trop court.".to_string()
            }
            (ScrapeFailure::Timeout, Lang::En) => {
                "No answer within scrape_timeout: the target is too slow or the timeout too short.".to_string()
            }
            (ScrapeFailure::Parse(_), Lang::Fr) => {
                "La réponse n'est pas au format texte de Prometheus.".to_string()
            }
            (ScrapeFailure::Parse(_), Lang::En) => {
                "The answer is not in Prometheus's text format.".to_string()
            }
        }
    }
}
