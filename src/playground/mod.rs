//! The whole simulated chain in one value: the app's replicas and their traffic,
//! `prometheus.yml`, the scraper, the series store and the PromQL engine, advanced together
//! on the simulated clock. The UI holds one `Playground` and calls it; everything here is
//! pure Rust. Requests (automatic and sent by hand) are in `requests`, the replicas and
//! incidents in `incidents`.

use crate::config::{Config, ConfigError, COURSE_CONFIG};
use crate::lang::Lang;
use crate::lint::LintContext;
use crate::promql::{Engine, EvalError, ParseError};
use crate::rules::{
    loads_rules_file, parse_rules, RuleFile, RuleManager, RulesContext, RulesError, EXAMPLE_RULES,
};
use crate::scrape::{ScrapeTarget, Scraper, TargetState};
use crate::sim::{
    FlaskApp, IncidentLog, Instrumentation, Replicas, SimClock, SpeedError, Traffic, TrafficMix,
    Workload,
};
use crate::store::{Store, METRIC_NAME};

mod config_file;
mod incidents;
mod network;
mod query;
mod requests;

pub use config_file::{ConfigFile, FileStatus, ReloadError};
use network::fetch_from;
pub use query::{lens_on, node_values_on, raw_samples_on, stands_behind, GraphAnswer, GraphWindow};
pub use requests::SentRequest;

/// Scrape interval assumed when no target is configured (Prometheus's global default).
const DEFAULT_INTERVAL_MS: i64 = 60_000;

/// The address Prometheus would give itself (`$externalURL` in rule templates).
const EXTERNAL_URL: &str = "http://localhost:9090";

/// How often retention runs, in simulated ms.
const RETENTION_EVERY_MS: i64 = 60_000;

/// A query that could not be answered: where and why.
#[derive(Clone, Debug, PartialEq)]
pub enum QueryError {
    /// The text is not valid PromQL (with the span to underline).
    Parse(ParseError),
    /// Evaluation failed (limits, duplicate series, ...).
    Eval(EvalError),
}

impl QueryError {
    /// The message in the learner's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            QueryError::Parse(e) => e.message(lang),
            QueryError::Eval(e) => e.message(lang),
        }
    }

    /// The byte span of the query the error points at, if any.
    pub fn span(&self) -> Option<std::ops::Range<usize>> {
        match self {
            QueryError::Parse(e) => Some(e.span.clone()),
            QueryError::Eval(_) => None,
        }
    }
}

/// The simulation.
#[derive(Clone, Debug)]
pub struct Playground {
    seed: u64,
    /// When the simulation began: the page's data starts here.
    started_ms: i64,
    clock: SimClock,
    apps: Replicas,
    traffic: Traffic,
    /// The learner's traffic rate (a traffic spike multiplies what `traffic` runs at).
    rate: f64,
    mix: TrafficMix,
    workload: Workload,
    incidents: IncidentLog,
    /// Incident ends up to this time have been applied.
    incidents_done_ms: i64,
    config: ConfigFile,
    scraper: Scraper,
    store: Store,
    engine: Engine,
    scrapes: u64,
    last_retention_ms: i64,
    last_sent: Option<SentRequest>,
    rules_text: String,
    rules_file: RuleFile,
    rules: RuleManager,
}

impl Playground {
    /// The course's setup at `start_ms`: the app running, no automatic traffic, the
    /// course's `prometheus.yml`. `seed` fixes every random-looking value.
    pub fn new(seed: u64, start_ms: i64) -> Self {
        // The course's file is valid (a unit test says so); Prometheus's defaults otherwise.
        let config = ConfigFile::start(COURSE_CONFIG).unwrap_or_default();
        let mut pg = Playground {
            seed,
            started_ms: start_ms,
            clock: SimClock::new(start_ms),
            apps: Replicas::new(seed, start_ms),
            traffic: Traffic::new(seed ^ 0x5eed, start_ms),
            rate: 0.0,
            mix: TrafficMix::default(),
            workload: Workload::new(seed ^ 0x0a11_0ad5),
            incidents: IncidentLog::default(),
            incidents_done_ms: start_ms,
            config,
            scraper: Scraper::with_seed(seed ^ 0x005c_4a9e),
            store: Store::default(),
            engine: Engine::default(),
            scrapes: 0,
            last_retention_ms: start_ms,
            last_sent: None,
            rules_text: EXAMPLE_RULES.to_string(),
            // The example is valid (a unit test says so); no rules otherwise.
            rules_file: parse_rules(EXAMPLE_RULES).unwrap_or_default(),
            rules: RuleManager::default(),
        };
        pg.reload_targets();
        pg.reload_rules();
        pg
    }

    /// When the simulation began (ms since the epoch): nothing is stored before it.
    pub fn started_ms(&self) -> i64 {
        self.started_ms
    }

    /// Simulated now (ms since the epoch).
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The clock (speed, paused).
    pub fn clock(&self) -> &SimClock {
        &self.clock
    }

    /// Advances by `real_elapsed_ms` of real time at the clock's speed (nothing when paused).
    pub fn tick(&mut self, real_elapsed_ms: f64) {
        let before = self.clock.now_ms();
        self.clock.advance(real_elapsed_ms);
        let now = self.clock.now_ms();
        if now > before {
            self.run_until(now);
        }
    }

    /// Moves simulated time forward by `ms`, paused or not.
    pub fn step(&mut self, ms: i64) {
        self.clock.step(ms);
        self.run_until(self.clock.now_ms());
    }

    /// Pauses or resumes the clock.
    pub fn set_paused(&mut self, paused: bool) {
        if paused {
            self.clock.pause()
        } else {
            self.clock.resume()
        }
    }

    /// Sets the clock's speed (1 = real time).
    pub fn set_speed(&mut self, speed: f64) -> Result<(), SpeedError> {
        self.clock.set_speed(speed)
    }

    /// The app's first replica (ports 5000 and 8000), to show its counter and state.
    pub fn app(&self) -> &FlaskApp {
        self.apps.first()
    }

    /// Every replica of the app, in port order.
    pub fn replicas(&self) -> &[FlaskApp] {
        self.apps.all()
    }

    /// Requests counted by all replicas together.
    pub fn requests_total(&self) -> f64 {
        self.apps.requests_total()
    }

    /// Restarts every replica of the app (counters back to 0).
    pub fn restart_app(&mut self) {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        self.apps.restart_all(now);
    }

    /// Deploys another version of the app's instrumentation (every replica restarts).
    pub fn deploy(&mut self, instrumentation: Instrumentation) {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        self.apps.deploy(instrumentation, now);
    }

    /// Stops or starts every replica of the app.
    pub fn set_app_running(&mut self, running: bool) {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        self.apps.set_all_running(running, now);
    }

    /// What `curl localhost:8000/metrics` shows now (does not count as a scrape).
    pub fn metrics_preview(&self) -> String {
        crate::exposition::write_text(&self.app().families(self.now_ms()))
    }

    /// What Prometheus receives from the same page now: OpenMetrics, which it asks for
    /// first (does not count as a scrape).
    pub fn openmetrics_preview(&self) -> String {
        crate::exposition::write_openmetrics(&self.app().families(self.now_ms()))
    }

    /// The `prometheus.yml` Prometheus runs (loaded at start or at the last successful
    /// reload).
    pub fn config_text(&self) -> &str {
        self.config.loaded_text()
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        self.config.loaded()
    }

    /// The `prometheus.yml` as the learner last wrote it (loaded or not).
    pub fn edited_config_text(&self) -> &str {
        self.config.edited_text()
    }

    /// How the edited `prometheus.yml` stands against the one running: loaded, modified
    /// (a reload applies it) or invalid (a reload would be refused, with this error).
    pub fn config_status(&self) -> FileStatus {
        self.config.status()
    }

    /// The learner writes `prometheus.yml`: the file is checked as `promtool check
    /// config` would, and nothing runs differently until [`Playground::reload_config`].
    pub fn edit_config(&mut self, text: &str) {
        self.config.edit(text);
    }

    /// Reloads Prometheus (`kill -HUP`, `POST /-/reload`): the edited file is loaded if
    /// it is valid and takes effect at once; otherwise the reload is refused and the
    /// previous configuration keeps running.
    pub fn reload_config(&mut self) -> Result<(), ReloadError> {
        if self.config.reload()? {
            self.reload_targets();
            self.reload_rules();
        }
        Ok(())
    }

    /// Writes `text` as `prometheus.yml` and reloads at once (a file restored from a link,
    /// a test's setup); on error the running config is kept and the file stays edited.
    pub fn apply_config(&mut self, text: &str) -> Result<(), ConfigError> {
        self.edit_config(text);
        self.reload_config().map_err(|e| e.error)
    }

    /// The `rules.yml` text in force (the last valid one).
    pub fn rules_text(&self) -> &str {
        &self.rules_text
    }

    /// Applies an edited `rules.yml`; on error the last valid rules keep running.
    pub fn apply_rules(&mut self, text: &str) -> Result<(), RulesError> {
        self.rules_file = parse_rules(text)?;
        self.rules_text = text.to_string();
        self.reload_rules();
        Ok(())
    }

    /// The rules in force (the last valid `rules.yml`, loaded or not).
    pub fn rules_file(&self) -> &RuleFile {
        &self.rules_file
    }

    /// Whether `prometheus.yml` loads `rules.yml` (`rule_files` lists it): without it,
    /// Prometheus loads no rules, as here.
    pub fn rules_loaded(&self) -> bool {
        loads_rules_file(&self.config.loaded().rule_files)
    }

    /// The running rules, their alerts and the history of their transitions.
    pub fn rules(&self) -> &RuleManager {
        &self.rules
    }

    /// The targets and their health.
    pub fn targets(&self) -> &[TargetState] {
        self.scraper.targets()
    }

    /// Scrapes done so far (the chart redraws when this moves).
    pub fn scrapes(&self) -> u64 {
        self.scrapes
    }

    /// What the lints need: metric types from the targets' metadata, the metric names
    /// the store holds series for, each job's scrape interval and the shortest one.
    pub fn lint_context(&self) -> LintContext {
        let interval = self
            .targets()
            .iter()
            .map(|t| t.target.interval_ms)
            .min()
            .unwrap_or(DEFAULT_INTERVAL_MS);
        let mut ctx = LintContext::from_metadata(
            self.targets().iter().flat_map(|t| t.metadata.iter()),
            interval,
        );
        ctx.metric_names = crate::order::set(self.store.label_values(METRIC_NAME));
        for t in self.targets() {
            let job = ctx.job_intervals_ms.entry(t.target.job.clone());
            let ms = job.or_insert(t.target.interval_ms);
            *ms = (*ms).min(t.target.interval_ms);
        }
        ctx
    }

    /// The PromQL engine with its settings.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The series store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    fn reload_targets(&mut self) {
        let now = self.now_ms();
        let targets = self
            .config
            .loaded()
            .scrape_configs
            .iter()
            .flat_map(|job| {
                job.targets
                    .iter()
                    .map(move |t| ScrapeTarget::from_config(job, t))
            })
            .collect();
        self.scraper.set_targets(targets, now, &mut self.store);
    }

    /// Loads the rules in force if `rule_files` asks for them, else stops them.
    fn reload_rules(&mut self) {
        let now = self.now_ms();
        if self.rules_loaded() {
            let interval = self.config.loaded().global.evaluation_interval_ms;
            self.rules
                .load(&self.rules_file, interval, now, &mut self.store);
        } else {
            self.rules.unload(now, &mut self.store);
        }
    }

    /// The rule groups due at `at`.
    fn evaluate_rules(&mut self, at: i64) {
        let ctx = RulesContext {
            engine: &self.engine,
            external_labels: &self.config.loaded().global.external_labels,
            external_url: EXTERNAL_URL,
        };
        self.rules.eval_due(at, &mut self.store, &ctx);
    }

    /// Serves the traffic up to `due`, then runs the scrapes due then.
    fn scrape_at(&mut self, due: i64) {
        self.serve_traffic_until(due);
        let apps = &mut self.apps;
        let incidents = &self.incidents;
        let mut fetch = |t: &ScrapeTarget, at: i64| fetch_from(apps, incidents, t, at);
        self.scraper.scrape_due(due, &mut self.store, &mut fetch);
        self.scrapes += 1;
    }

    /// Runs scrapes, incident ends and rule evaluations in time order up to `now`,
    /// serving the traffic that arrives in between (a scrape before an evaluation at the
    /// same millisecond).
    fn run_until(&mut self, now: i64) {
        loop {
            let scrape = self.scraper.next_due_ms().filter(|&d| d <= now);
            let end = self
                .incidents
                .next_end_after(self.incidents_done_ms)
                .filter(|&e| e <= now);
            let rules = self.rules.next_due_ms().filter(|&d| d <= now);
            // The earliest first; at the same millisecond an incident ends, then the
            // scrape, then the rules see what it stored.
            let next = [
                end.map(|t| (t, 0)),
                scrape.map(|t| (t, 1)),
                rules.map(|t| (t, 2)),
            ]
            .into_iter()
            .flatten()
            .min();
            match next {
                None => break,
                Some((t, 0)) => {
                    self.serve_traffic_until(t);
                    self.end_incidents_at(t);
                }
                Some((t, 1)) => self.scrape_at(t),
                Some((t, _)) => self.evaluate_rules(t),
            }
        }
        self.serve_traffic_until(now);
        if now - self.last_retention_ms >= RETENTION_EVERY_MS {
            self.store.apply_retention(now);
            self.last_retention_ms = now;
        }
    }
}
