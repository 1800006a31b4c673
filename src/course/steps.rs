//! The six steps of the course, with their titles and what each one teaches.

use crate::lang::Lang;

use super::tasks::Task;

/// A step of the course, in the course's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// 1. Why monitor.
    Why,
    /// 2. Instrument the app.
    Instrument,
    /// 3. Configure Prometheus.
    Configure,
    /// 4. Run Prometheus and Grafana.
    Run,
    /// 5. Visualise.
    Visualise,
    /// 6. Benefits and next steps.
    NextSteps,
}

impl Step {
    /// All steps in order.
    pub const ALL: [Step; 6] = [
        Step::Why,
        Step::Instrument,
        Step::Configure,
        Step::Run,
        Step::Visualise,
        Step::NextSteps,
    ];

    /// Position from 0.
    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The step at `index`, if there is one (URL state may hold anything).
    pub fn from_index(index: usize) -> Option<Step> {
        Step::ALL.get(index).copied()
    }

    /// The step's title.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Step::Why => lang.pick("Pourquoi surveiller ?", "Why monitor?"),
            Step::Instrument => lang.pick("Instrumenter l'application", "Instrument the app"),
            Step::Configure => lang.pick("Configurer Prometheus", "Configure Prometheus"),
            Step::Run => lang.pick("Lancer Prometheus et Grafana", "Run Prometheus and Grafana"),
            Step::Visualise => lang.pick("Visualiser", "Visualise"),
            Step::NextSteps => lang.pick("Bénéfices et suites", "Benefits and next steps"),
        }
    }

    /// What the step is about, in a few sentences.
    pub fn summary(self, lang: Lang) -> &'static str {
        match self {
            Step::Why => lang.pick(
                "Une application en production doit être observée : combien de requêtes reçoit-elle, répond-elle, consomme-t-elle trop ? Prometheus collecte des métriques numériques en venant les chercher (pull) à intervalle régulier sur chaque cible, les stocke en séries temporelles et répond aux requêtes PromQL. Grafana interroge Prometheus et dessine ces séries dans des tableaux de bord. Sonde simule toute cette chaîne dans votre navigateur, sur une horloge que vous pouvez accélérer.",
                "An app in production must be watched: how many requests does it get, does it answer, does it use too much? Prometheus collects numeric metrics by fetching them (pull) at a regular interval from each target, stores them as time series and answers PromQL queries. Grafana queries Prometheus and draws those series on dashboards. Sonde simulates that whole chain in your browser, on a clock you can speed up.",
            ),
            Step::Instrument => lang.pick(
                "Avec prometheus_client, l'application déclare un compteur http_requests_total et l'incrémente à chaque requête sur /. start_http_server(8000) expose toutes les métriques au format texte sur http://localhost:8000/metrics : le compteur, mais aussi les métriques du processus Python ajoutées par la bibliothèque. L'application écoute donc sur deux ports : Flask sert ses pages sur le port 5000 (celui d'app.run(), pour les visiteurs), et le petit serveur de prometheus_client sert les métriques sur le port 8000 (celui que Prometheus interroge). Sur 5000, /metrics n'existe pas (404) ; sur 8000, tout chemin renvoie les métriques.",
                "With prometheus_client, the app declares an http_requests_total counter and increments it on every request to /. start_http_server(8000) exposes every metric in the text format at http://localhost:8000/metrics: the counter, and the Python process metrics the library adds. So the app listens on two ports: Flask serves its pages on port 5000 (app.run()'s, for visitors), and prometheus_client's small server serves the metrics on port 8000 (the one Prometheus scrapes). On 5000, /metrics does not exist (404); on 8000, any path returns the metrics.",
            ),
            Step::Configure => lang.pick(
                "prometheus.yml dit à Prometheus quoi interroger et à quel rythme : scrape_interval (15 s dans le cours) et, pour le job my_app, la cible localhost:8000. Prometheus lit ce fichier au démarrage puis s'y tient : une modification ne compte qu'après un rechargement, kill -HUP <pid> ou curl -X POST localhost:9090/-/reload (si Prometheus tourne avec --web.enable-lifecycle). Vérifiez d'abord le fichier avec promtool check config prometheus.yml : un fichier invalide fait échouer le rechargement (« Error reloading config » dans le journal) et Prometheus continue avec la dernière configuration valide.",
                "prometheus.yml tells Prometheus what to scrape and how often: scrape_interval (15 s in the course) and, for job my_app, the target localhost:8000. Prometheus reads the file at start and then sticks to it: an edit only counts after a reload, kill -HUP <pid> or curl -X POST localhost:9090/-/reload (when Prometheus runs with --web.enable-lifecycle). Check the file first with promtool check config prometheus.yml: an invalid file makes the reload fail (\"Error reloading config\" in the log) and Prometheus keeps the last valid configuration.",
            ),
            Step::Run => lang.pick(
                "Prometheus tourne sur le port 9090 : la page Status → Targets montre la santé de chaque cible (up), l'explorateur d'expressions exécute du PromQL. Grafana (port 3000) se branche sur Prometheus comme source de données, puis on crée un tableau de bord et un panneau avec la requête http_requests_total.",
                "Prometheus runs on port 9090: Status → Targets shows each target's health (up), the expression browser runs PromQL. Grafana (port 3000) connects to Prometheus as a data source, then you create a dashboard and a panel with the query http_requests_total.",
            ),
            Step::Visualise => lang.pick(
                "Le compteur brut ne fait que monter : ce qui intéresse, c'est le débit. rate(http_requests_total[1m]) donne le nombre moyen de requêtes par seconde sur la dernière minute, en tenant compte des redémarrages. Survolez la courbe pour voir comment chaque point est calculé.",
                "The raw counter only goes up: what matters is the throughput. rate(http_requests_total[1m]) gives the average requests per second over the last minute, counter restarts included. Hover the curve to see how each point is computed.",
            ),
            Step::NextSteps => lang.pick(
                "Avec quelques lignes, l'application est observable : tendances, pics, pannes (up à 0) se voient d'un coup d'œil. Ensuite : des labels par point d'accès (endpoint, method) pour des vues détaillées, et des alertes sur seuil (for: 1m) pour être prévenu avant les utilisateurs.",
                "With a few lines, the app is observable: trends, spikes and outages (up at 0) show at a glance. Next: per-endpoint labels (endpoint, method) for detailed views, and threshold alerts (for: 1m) to know before the users do.",
            ),
        }
    }

    /// The tasks this step asks for, in order.
    pub fn tasks(self) -> &'static [Task] {
        match self {
            Step::Why => &[],
            Step::Instrument => &[Task::SendTenRequests],
            Step::Configure => &[Task::ScrapeInterval5s],
            Step::Run => &[
                Task::TargetUp,
                Task::QueryInBrowser,
                Task::AddDataSource,
                Task::CreatePanel,
            ],
            Step::Visualise => &[
                Task::RatePerSecond,
                Task::EndpointRate,
                Task::LatencyP95,
                Task::ErrorRatio,
            ],
            Step::NextSteps => &[Task::PerEndpoint, Task::AlertRule, Task::ErrorBurstAlert],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_in_order_with_texts_in_both_languages() {
        for (i, s) in Step::ALL.iter().enumerate() {
            assert_eq!(s.index(), i);
            assert_eq!(Step::from_index(i), Some(*s));
            assert_ne!(s.title(Lang::Fr), s.title(Lang::En));
            assert_ne!(s.summary(Lang::Fr), s.summary(Lang::En));
        }
        assert_eq!(Step::from_index(6), None);
    }

    #[test]
    fn step_three_teaches_the_reload() {
        for lang in [Lang::Fr, Lang::En] {
            let text = Step::Configure.summary(lang);
            assert!(
                text.contains("kill -HUP") && text.contains("/-/reload"),
                "{text}"
            );
            assert!(text.contains("Error reloading config"), "{text}");
        }
    }

    #[test]
    fn step_two_explains_both_ports() {
        for lang in [Lang::Fr, Lang::En] {
            let text = Step::Instrument.summary(lang);
            assert!(text.contains("5000") && text.contains("8000"), "{text}");
        }
    }
}
