//! What an exercise says, in French and English: its title, the question, a hint, and
//! the solution (a query that singles out the culprit, and why, with what really
//! happened).

use crate::lang::Lang;

use super::{ExerciseKind, Scenario};

/// The words of one exercise.
#[derive(Clone, Debug, PartialEq)]
pub struct ExerciseTexts {
    /// The question the learner answers.
    pub question: &'static str,
    /// A hint, on demand.
    pub hint: &'static str,
    /// A query that singles out the culprit over the hour.
    pub solution_query: &'static str,
    /// Why that query works, and what really happened.
    pub why: String,
}

const ERRORS_QUERY: &str = "sum by (endpoint) (rate(http_requests_total{status=~\"5..\"}[5m])) / sum by (endpoint) (rate(http_requests_total[5m])) > 0.1";
const LATENCY_QUERY: &str = "histogram_quantile(0.95, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket[5m]))) / histogram_quantile(0.95, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket[5m] offset 15m))) > 2";
const RESTART_QUERY: &str = "sum by (instance) (resets(http_requests_total[5m])) > 0";
const DOWN_QUERY: &str = "up == 0";

/// `HH:MM` (UTC) of a simulated time.
fn clock_time(ms: i64) -> String {
    let minutes = ms.div_euclid(60_000).rem_euclid(24 * 60);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

impl ExerciseKind {
    /// The exercise's title in `lang`, for the list.
    pub fn title(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ExerciseKind::ErrorRatio, Lang::Fr) => "Rafale d'erreurs",
            (ExerciseKind::ErrorRatio, Lang::En) => "Error burst",
            (ExerciseKind::Latency, Lang::Fr) => "Pic de latence",
            (ExerciseKind::Latency, Lang::En) => "Latency spike",
            (ExerciseKind::Restart, Lang::Fr) => "Redémarrage",
            (ExerciseKind::Restart, Lang::En) => "Restart",
            (ExerciseKind::Down, Lang::Fr) => "Cible tombée",
            (ExerciseKind::Down, Lang::En) => "Target down",
        }
    }
}

impl Scenario {
    /// The exercise's words in `lang`.
    pub fn texts(&self, lang: Lang) -> ExerciseTexts {
        let (question, hint, why, solution_query) = match self.kind {
            ExerciseKind::ErrorRatio => (
                ["Au cours de la dernière heure, le taux d'erreurs (5xx) d'un endpoint a dépassé 5 %, bien au-delà de son niveau habituel. Lequel ? Montrez-le par une requête qui ne renvoie que lui.", "Over the past hour, one endpoint's error ratio (5xx) passed 5%, far above its usual level. Which one? Show it with a query that returns only it."],
                ["Divisez le débit des requêtes en 5xx par le débit de toutes les requêtes, par endpoint : sum by (endpoint) (rate(...{status=~\"5..\"}[5m])) / sum by (endpoint) (rate(...[5m])). /api/orders échoue toujours à environ 5 % : filtrez avec un seuil plus haut.", "Divide the rate of 5xx requests by the rate of all requests, per endpoint: sum by (endpoint) (rate(...{status=~\"5..\"}[5m])) / sum by (endpoint) (rate(...[5m])). /api/orders always fails about 5% of the time: filter with a higher threshold."],
                ["Le rapport 5xx / total par endpoint donne le taux d'erreurs ; le filtre > 0.1 ne garde que l'endpoint qui a dépassé de loin son niveau normal.", "The 5xx / total ratio per endpoint is the error ratio; the > 0.1 filter keeps only the endpoint that went far beyond its normal level."],
                ERRORS_QUERY,
            ),
            ExerciseKind::Latency => (
                ["Au cours de la dernière heure, la latence p95 d'un endpoint a bondi. Lequel ? Montrez-le par une requête qui ne renvoie que lui.", "Over the past hour, one endpoint's p95 latency jumped. Which one? Show it with a query that returns only it."],
                ["histogram_quantile(0.95, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket[5m]))) donne le p95 par endpoint ; /api/users est toujours lent, alors comparez chaque p95 à lui-même un peu plus tôt (offset).", "histogram_quantile(0.95, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket[5m]))) gives the p95 per endpoint; /api/users is always slow, so compare each p95 with itself a little earlier (offset)."],
                ["Le p95 divisé par le p95 d'il y a 15 minutes vaut environ 1 en temps normal ; > 2 ne garde que l'endpoint dont la latence a bondi, quelle que soit sa lenteur habituelle.", "The p95 divided by the p95 of 15 minutes earlier is about 1 in normal times; > 2 keeps only the endpoint whose latency jumped, however slow it usually is."],
                LATENCY_QUERY,
            ),
            ExerciseKind::Restart => (
                ["Au cours de la dernière heure, une instance a redémarré : ses compteurs sont repartis de 0. Laquelle (ex. localhost:8001) ? Montrez-la par une requête qui ne renvoie qu'elle.", "Over the past hour, one instance restarted: its counters went back to 0. Which one (e.g. localhost:8001)? Show it with a query that returns only it."],
                ["Un compteur qui redescend est une remise à zéro : resets() les compte sur une fenêtre ; rate() montre aussi un creux.", "A counter that goes down is a reset: resets() counts them over a window; rate() also shows a dip."],
                ["resets() compte les baisses d'un compteur dans la fenêtre ; sommé par instance et filtré par > 0, il ne garde que l'instance qui a redémarré.", "resets() counts a counter's decreases in the window; summed by instance and filtered with > 0, it keeps only the instance that restarted."],
                RESTART_QUERY,
            ),
            ExerciseKind::Down => (
                ["Au cours de la dernière heure, une cible n'a plus répondu aux scrapes pendant quelques minutes. Laquelle (ex. localhost:8001) ? Montrez-la par une requête qui ne renvoie qu'elle.", "Over the past hour, one target stopped answering scrapes for a few minutes. Which one (e.g. localhost:8001)? Show it with a query that returns only it."],
                ["Prometheus écrit up = 1 après un scrape réussi, 0 après un échec ; absent() dit quand une série manque.", "Prometheus writes up = 1 after a successful scrape, 0 after a failed one; absent() says when a series is missing."],
                ["up vaut 0 quand le scrape échoue ; up == 0 ne garde que les cibles tombées.", "up is 0 when the scrape fails; up == 0 keeps only the targets that went down."],
                DOWN_QUERY,
            ),
        };
        let (c, from, to) = (
            self.truth.culprit.as_str(),
            clock_time(self.truth.start_ms),
            clock_time(self.truth.end_ms),
        );
        let happened = match (lang, self.truth.start_ms == self.truth.end_ms) {
            (Lang::Fr, true) => format!("En réalité : {c}, à {from} (UTC)."),
            (Lang::Fr, false) => format!("En réalité : {c}, de {from} à {to} (UTC)."),
            (Lang::En, true) => format!("What happened: {c}, at {from} (UTC)."),
            (Lang::En, false) => format!("What happened: {c}, from {from} to {to} (UTC)."),
        };
        let pick = |[fr, en]: [&'static str; 2]| lang.pick(fr, en);
        ExerciseTexts {
            question: pick(question),
            hint: pick(hint),
            solution_query,
            why: format!("{} {happened}", pick(why)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_time_is_utc_hours_and_minutes() {
        assert_eq!(
            clock_time(super::super::SCENARIO_START_MS + 83 * 60_000),
            "01:23"
        );
    }

    #[test]
    fn the_solution_names_the_culprit_in_both_languages() {
        let s = Scenario::build(ExerciseKind::Down, 4);
        for lang in [Lang::Fr, Lang::En] {
            assert!(s.texts(lang).why.contains(&s.truth.culprit));
        }
        assert_ne!(s.texts(Lang::Fr).question, s.texts(Lang::En).question);
    }
}
