//! The tasks of the course: what the learner is asked to do, in both languages.

use crate::lang::Lang;

/// One thing to do, checked from the simulation's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Task {
    /// Send 10 requests and find them in `/metrics`.
    SendTenRequests,
    /// Set `scrape_interval` to 5s.
    ScrapeInterval5s,
    /// See the target UP on the targets page.
    TargetUp,
    /// Run `http_requests_total` in the expression browser.
    QueryInBrowser,
    /// Add Prometheus as a Grafana data source.
    AddDataSource,
    /// Create a dashboard panel with `http_requests_total`.
    CreatePanel,
    /// Write a query that shows requests per second.
    RatePerSecond,
    /// Deploy the per-endpoint instrumentation and see its labels.
    PerEndpoint,
    /// Put an alert rule on a panel.
    AlertRule,
    /// Run a per-endpoint rate of the production app's counter.
    EndpointRate,
    /// Run the p95 latency from the duration histogram.
    LatencyP95,
    /// Run the error ratio: 5xx requests divided by all requests.
    ErrorRatio,
    /// Have an alert rule fire during an error burst.
    ErrorBurstAlert,
}

impl Task {
    /// Every task, in the course's order.
    pub const ALL: [Task; 13] = [
        Task::SendTenRequests,
        Task::ScrapeInterval5s,
        Task::TargetUp,
        Task::QueryInBrowser,
        Task::AddDataSource,
        Task::CreatePanel,
        Task::RatePerSecond,
        Task::PerEndpoint,
        Task::AlertRule,
        Task::EndpointRate,
        Task::LatencyP95,
        Task::ErrorRatio,
        Task::ErrorBurstAlert,
    ];

    /// The task named `id` (see [`Task::id`]).
    pub fn from_id(id: &str) -> Option<Task> {
        Task::ALL.into_iter().find(|t| t.id() == id)
    }

    /// A stable name (for tests, `data-testid`s and saved progress).
    pub fn id(self) -> &'static str {
        match self {
            Task::SendTenRequests => "send-ten-requests",
            Task::ScrapeInterval5s => "scrape-interval-5s",
            Task::TargetUp => "target-up",
            Task::QueryInBrowser => "query-in-browser",
            Task::AddDataSource => "add-data-source",
            Task::CreatePanel => "create-panel",
            Task::RatePerSecond => "rate-per-second",
            Task::PerEndpoint => "per-endpoint",
            Task::AlertRule => "alert-rule",
            Task::EndpointRate => "endpoint-rate",
            Task::LatencyP95 => "latency-p95",
            Task::ErrorRatio => "error-ratio",
            Task::ErrorBurstAlert => "error-burst-alert",
        }
    }

    /// What to do.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Task::SendTenRequests => lang.pick(
                "Envoyez 10 requêtes à l'application, puis retrouvez-les dans /metrics (ligne http_requests_total).",
                "Send 10 requests to the app, then find them in /metrics (the http_requests_total line).",
            ),
            Task::ScrapeInterval5s => lang.pick(
                "Passez scrape_interval à 5s dans prometheus.yml, rechargez Prometheus, et regardez la cible être interrogée trois fois plus souvent (avant le rechargement, rien ne change).",
                "Change scrape_interval to 5s in prometheus.yml, reload Prometheus, and watch the target being scraped three times as often (before the reload, nothing changes).",
            ),
            Task::TargetUp => lang.pick(
                "Vérifiez que la cible localhost:8000 est UP dans Status → Targets.",
                "Check that target localhost:8000 is UP in Status → Targets.",
            ),
            Task::QueryInBrowser => lang.pick(
                "Exécutez http_requests_total dans l'explorateur d'expressions et trouvez votre série.",
                "Run http_requests_total in the expression browser and find your series.",
            ),
            Task::AddDataSource => lang.pick(
                "Dans Grafana, ajoutez Prometheus comme source de données (URL du serveur Prometheus) et testez-la.",
                "In Grafana, add Prometheus as a data source (the Prometheus server URL) and test it.",
            ),
            Task::CreatePanel => lang.pick(
                "Créez un tableau de bord avec un panneau qui affiche http_requests_total.",
                "Create a dashboard with a panel showing http_requests_total.",
            ),
            Task::RatePerSecond => lang.pick(
                "Écrivez une requête qui montre le nombre de requêtes par seconde (avec du trafic automatique, c'est plus parlant).",
                "Write a query that shows requests per second (with automatic traffic it tells more).",
            ),
            Task::PerEndpoint => lang.pick(
                "Déployez l'instrumentation par point d'accès, puis exécutez une requête dont le résultat montre le label endpoint.",
                "Deploy the per-endpoint instrumentation, then run a query whose result shows the endpoint label.",
            ),
            Task::AlertRule => lang.pick(
                "Ajoutez une règle d'alerte sur un panneau (seuil et durée for) et regardez-la passer en attente puis se déclencher.",
                "Add an alert rule on a panel (threshold and for duration) and watch it go pending, then fire.",
            ),
            Task::EndpointRate => lang.pick(
                "Déployez la version de production, puis exécutez le débit par endpoint : sum by (endpoint) (rate(http_requests_total[5m])).",
                "Deploy the production version, then run the rate per endpoint: sum by (endpoint) (rate(http_requests_total[5m])).",
            ),
            Task::LatencyP95 => lang.pick(
                "Exécutez la latence p95 par endpoint : histogram_quantile(0.95, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket[5m]))).",
                "Run the p95 latency per endpoint: histogram_quantile(0.95, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket[5m]))).",
            ),
            Task::ErrorRatio => lang.pick(
                "Exécutez le taux d'erreurs : le débit des requêtes en 5xx (status=~\"5..\") divisé par celui de toutes les requêtes.",
                "Run the error ratio: the rate of 5xx requests (status=~\"5..\") divided by the rate of all requests.",
            ),
            Task::ErrorBurstAlert => lang.pick(
                "Mettez une règle d'alerte sur un panneau du taux d'erreurs, déclenchez une rafale d'erreurs et regardez l'alerte se déclencher.",
                "Put an alert rule on an error-ratio panel, trigger an error burst and watch the alert fire.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_task_asks_for_a_reload() {
        let fr = Task::ScrapeInterval5s.text(Lang::Fr);
        let en = Task::ScrapeInterval5s.text(Lang::En);
        assert!(fr.contains("rechargez Prometheus"), "{fr}");
        assert!(en.contains("reload Prometheus"), "{en}");
        for task in Task::ALL {
            assert_ne!(task.text(Lang::Fr), task.text(Lang::En));
            assert_eq!(Task::from_id(task.id()), Some(task));
        }
    }
}
