//! Plain-language explanations of scrape failures, for learners, in both languages.

use crate::lang::Lang;

use super::target::ScrapeFailure;

impl ScrapeFailure {
    /// What the failure means and what to check, in the learner's language.
    pub fn hint(&self, lang: Lang) -> String {
        match (self, lang) {
            (ScrapeFailure::ConnectionRefused { dialled, .. }, Lang::Fr) => format!(
                "Rien n'écoute sur {dialled} : l'application est arrêtée, ou l'adresse de la cible (hôte, port) ne correspond pas à celle de l'application (localhost:8000)."
            ),
            (ScrapeFailure::ConnectionRefused { dialled, .. }, Lang::En) => format!(
                "Nothing listens on {dialled}: the app is stopped, or the target's address (host, port) is not the app's (localhost:8000)."
            ),
            (ScrapeFailure::HttpStatus { code: 404, .. }, Lang::Fr) => {
                "L'application répond, mais pas à ce chemin : vérifiez metrics_path (l'application expose /metrics).".to_string()
            }
            (ScrapeFailure::HttpStatus { code: 404, .. }, Lang::En) => {
                "The app answers, but not on that path: check metrics_path (the app serves /metrics).".to_string()
            }
            (ScrapeFailure::HttpStatus { code, .. }, Lang::Fr) => {
                format!("L'application a répondu par une erreur HTTP {code}.")
            }
            (ScrapeFailure::HttpStatus { code, .. }, Lang::En) => {
                format!("The app answered with HTTP error {code}.")
            }
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
