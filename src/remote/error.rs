//! Why a call to a server failed, as a value the page explains in French or English:
//! the server could not be reached (or the browser refused its answer under CORS: a
//! browser cannot tell the two apart), it took too long, it answered with an HTTP error
//! (Prometheus's own JSON error when it sent one), or what answered is not Prometheus.

use crate::lang::Lang;

/// A failed call to a Prometheus-compatible server.
#[derive(Clone, Debug, PartialEq)]
pub enum SourceError {
    /// No answer reached the page: the server is down, the address is wrong, or the
    /// browser refused the answer because the server does not allow this page's origin.
    Unreachable {
        /// The URL tried.
        url: String,
    },
    /// No answer within the time allowed.
    Timeout {
        /// The URL tried.
        url: String,
        /// The time allowed, ms.
        after_ms: u32,
    },
    /// The server answered with an HTTP error status.
    Http {
        /// The HTTP status.
        status: u16,
        /// Prometheus's `errorType` when its JSON error came along.
        error_type: Option<String>,
        /// Prometheus's `error` (its words), when its JSON error came along.
        error: Option<String>,
    },
    /// Prometheus's JSON error with a success status (`{"status":"error",...}`).
    Api {
        /// `errorType`, e.g. `bad_data`.
        error_type: String,
        /// `error`, Prometheus's words.
        error: String,
    },
    /// The answer is not the Prometheus API's (not JSON, or not the expected shape).
    NotPrometheus {
        /// What was wrong with it.
        detail: String,
    },
    /// The fetch was stopped by the learner (or by a newer request).
    Cancelled,
    /// Explain's sample budget would be exceeded.
    TooManySamples {
        /// The budget.
        budget: usize,
    },
}

impl SourceError {
    /// The explanation in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SourceError::Unreachable { url } => match lang {
                Lang::Fr => format!(
                    "Serveur injoignable ou réponse refusée par CORS : {url}. Vérifiez que Prometheus tourne à cette adresse et, s'il a été lancé avec --web.cors.origin, que cette page y est autorisée."
                ),
                Lang::En => format!(
                    "Server unreachable or refused by CORS: {url}. Check that Prometheus runs at this address and, if it was started with --web.cors.origin, that this page is allowed."
                ),
            },
            SourceError::Timeout { url, after_ms } => {
                let s = after_ms / 1000;
                match lang {
                    Lang::Fr => format!("Pas de réponse en {s} s : {url}"),
                    Lang::En => format!("No answer within {s} s: {url}"),
                }
            }
            SourceError::Http {
                status,
                error_type,
                error,
            } => {
                let head = match lang {
                    Lang::Fr => format!("Le serveur a répondu HTTP {status}"),
                    Lang::En => format!("The server answered HTTP {status}"),
                };
                let colon = lang.pick(" :", ":");
                match (error_type, error) {
                    (Some(t), Some(e)) => format!("{head} ({t}){colon} {e}"),
                    (None, Some(e)) => format!("{head}{colon} {e}"),
                    _ => match lang {
                        Lang::Fr => format!("{head}, sans message d'erreur de Prometheus."),
                        Lang::En => format!("{head}, without a Prometheus error message."),
                    },
                }
            }
            SourceError::Api { error_type, error } => match lang {
                Lang::Fr => format!("Prometheus a refusé ({error_type}) : {error}"),
                Lang::En => format!("Prometheus refused ({error_type}): {error}"),
            },
            SourceError::NotPrometheus { detail } => match lang {
                Lang::Fr => format!(
                    "Ce serveur ne parle pas l'API HTTP de Prometheus ({detail}). L'adresse doit être celle du serveur, par exemple http://localhost:9090."
                ),
                Lang::En => format!(
                    "This server does not speak the Prometheus HTTP API ({detail}). The address must be the server's, e.g. http://localhost:9090."
                ),
            },
            SourceError::Cancelled => lang.pick("Annulé.", "Cancelled.").to_string(),
            SourceError::TooManySamples { budget } => match lang {
                Lang::Fr => format!(
                    "Plus de {budget} échantillons à rapatrier : réduisez la fenêtre ou filtrez les séries."
                ),
                Lang::En => format!(
                    "More than {budget} samples to fetch: narrow the window or filter the series."
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_is_explained_in_both_languages() {
        let errors = [
            SourceError::Unreachable {
                url: "http://127.0.0.1:1".into(),
            },
            SourceError::Timeout {
                url: "http://x".into(),
                after_ms: 10_000,
            },
            SourceError::Http {
                status: 400,
                error_type: Some("bad_data".into()),
                error: Some("parse error".into()),
            },
            SourceError::Http {
                status: 502,
                error_type: None,
                error: None,
            },
            SourceError::NotPrometheus {
                detail: "not JSON".into(),
            },
        ];
        for e in &errors {
            let (fr, en) = (e.message(Lang::Fr), e.message(Lang::En));
            assert_ne!(fr, en);
            assert!(!fr.is_empty() && !en.is_empty());
        }
        assert!(errors[0]
            .message(Lang::En)
            .contains("unreachable or refused by CORS"));
        assert!(errors[0].message(Lang::Fr).contains("injoignable"));
        assert_eq!(
            errors[2].message(Lang::En),
            "The server answered HTTP 400 (bad_data): parse error"
        );
        assert_eq!(
            errors[2].message(Lang::Fr),
            "Le serveur a répondu HTTP 400 (bad_data) : parse error"
        );
    }
}
