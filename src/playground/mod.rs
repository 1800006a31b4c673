//! The whole simulated chain in one value: the app and its traffic, `prometheus.yml`, the
//! scraper, the series store and the PromQL engine, advanced together on the simulated
//! clock. The UI holds one `Playground` and calls it; everything here is pure Rust.

use crate::config::{parse_config, Config, ConfigError, COURSE_CONFIG};
use crate::lang::Lang;
use crate::lint::LintContext;
use crate::promql::{Engine, EvalError, ParseError};
use crate::rules::{
    loads_rules_file, parse_rules, RuleFile, RuleManager, RulesContext, RulesError, EXAMPLE_RULES,
};
use crate::scrape::{ScrapeTarget, Scraper, TargetState};
use crate::sim::{FlaskApp, Instrumentation, RateError, SimClock, SpeedError, Traffic};
use crate::store::Store;

mod network;
mod query;

use network::fetch_from;
pub use query::{stands_behind, GraphAnswer, GraphWindow};

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
    clock: SimClock,
    app: FlaskApp,
    traffic: Traffic,
    config_text: String,
    config: Config,
    scraper: Scraper,
    store: Store,
    engine: Engine,
    scrapes: u64,
    last_retention_ms: i64,
    last_response: Option<String>,
    rules_text: String,
    rules_file: RuleFile,
    rules: RuleManager,
}

impl Playground {
    /// The course's setup at `start_ms`: the app running, no automatic traffic, the
    /// course's `prometheus.yml`. `seed` fixes every random-looking value.
    pub fn new(seed: u64, start_ms: i64) -> Self {
        // The course's file is valid (a unit test says so); Prometheus's defaults otherwise.
        let config = parse_config(COURSE_CONFIG).unwrap_or_default();
        let mut pg = Playground {
            clock: SimClock::new(start_ms),
            app: FlaskApp::new(seed, start_ms),
            traffic: Traffic::new(seed ^ 0x5eed, start_ms),
            config_text: COURSE_CONFIG.to_string(),
            config,
            scraper: Scraper::with_seed(seed ^ 0x005c_4a9e),
            store: Store::default(),
            engine: Engine::default(),
            scrapes: 0,
            last_retention_ms: start_ms,
            last_response: None,
            rules_text: EXAMPLE_RULES.to_string(),
            // The example is valid (a unit test says so); no rules otherwise.
            rules_file: parse_rules(EXAMPLE_RULES).unwrap_or_default(),
            rules: RuleManager::default(),
        };
        pg.reload_targets();
        pg.reload_rules();
        pg
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

    /// Sets the automatic traffic, in requests per second.
    pub fn set_rate(&mut self, per_second: f64) -> Result<(), RateError> {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        self.traffic.set_rate(per_second)
    }

    /// Automatic traffic rate, in requests per second.
    pub fn rate(&self) -> f64 {
        self.traffic.rate()
    }

    /// A learner's click on "send a request": `GET /` now. Returns the answer shown.
    pub fn send_request(&mut self) -> String {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        let text = match self.app.get(crate::sim::FLASK_PORT, "/", now) {
            Ok(r) => format!("{} — {}", r.status_text(), r.body),
            Err(e) => e.to_string(),
        };
        self.last_response = Some(text.clone());
        text
    }

    /// The answer to the last "send a request".
    pub fn last_response(&self) -> Option<&str> {
        self.last_response.as_deref()
    }

    /// The app (to show its counter and state).
    pub fn app(&self) -> &FlaskApp {
        &self.app
    }

    /// Restarts the app process (counters back to 0).
    pub fn restart_app(&mut self) {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        self.app.restart(now);
    }

    /// Deploys another version of the app's instrumentation (the process restarts).
    pub fn deploy(&mut self, instrumentation: Instrumentation) {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        self.app.deploy(instrumentation, now);
    }

    /// Stops or starts the app.
    pub fn set_app_running(&mut self, running: bool) {
        let now = self.now_ms();
        self.serve_traffic_until(now);
        if running {
            self.app.start(now)
        } else {
            self.app.stop()
        }
    }

    /// What `curl localhost:8000/metrics` shows now (does not count as a scrape).
    pub fn metrics_preview(&self) -> String {
        crate::exposition::write_text(&self.app.families(self.now_ms()))
    }

    /// What Prometheus receives from the same page now: OpenMetrics, which it asks for
    /// first (does not count as a scrape).
    pub fn openmetrics_preview(&self) -> String {
        crate::exposition::write_openmetrics(&self.app.families(self.now_ms()))
    }

    /// The `prometheus.yml` text in force (the last valid one).
    pub fn config_text(&self) -> &str {
        &self.config_text
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Applies an edited `prometheus.yml`; on error the running config is kept.
    pub fn apply_config(&mut self, text: &str) -> Result<(), ConfigError> {
        let config = parse_config(text)?;
        self.config = config;
        self.config_text = text.to_string();
        self.reload_targets();
        self.reload_rules();
        Ok(())
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
        loads_rules_file(&self.config.rule_files)
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

    /// What the lints need: metric types from the targets' metadata, and the shortest
    /// scrape interval in force.
    pub fn lint_context(&self) -> LintContext {
        let interval = self
            .targets()
            .iter()
            .map(|t| t.target.interval_ms)
            .min()
            .unwrap_or(DEFAULT_INTERVAL_MS);
        LintContext::from_metadata(
            self.targets().iter().flat_map(|t| t.metadata.iter()),
            interval,
        )
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
            let interval = self.config.global.evaluation_interval_ms;
            self.rules
                .load(&self.rules_file, interval, now, &mut self.store);
        } else {
            self.rules.unload(now, &mut self.store);
        }
    }

    fn serve_traffic_until(&mut self, t_ms: i64) {
        let arrivals = self.traffic.arrivals_until(t_ms);
        if arrivals.count > 0 {
            self.app.serve_traffic("/", arrivals.count, t_ms);
        }
    }

    /// The scrapes due at `at`.
    fn scrape(&mut self, at: i64) {
        self.serve_traffic_until(at);
        let app = &mut self.app;
        let mut fetch = |t: &ScrapeTarget, t_ms: i64| fetch_from(app, t, t_ms);
        self.scraper.scrape_due(at, &mut self.store, &mut fetch);
        self.scrapes += 1;
    }

    /// The rule groups due at `at`.
    fn evaluate_rules(&mut self, at: i64) {
        let ctx = RulesContext {
            engine: &self.engine,
            external_labels: &self.config.global.external_labels,
            external_url: EXTERNAL_URL,
        };
        self.rules.eval_due(at, &mut self.store, &ctx);
    }

    /// Scrapes and rule evaluations in time order up to `now` (a scrape before an
    /// evaluation at the same millisecond).
    fn run_until(&mut self, now: i64) {
        loop {
            let scrape = self.scraper.next_due_ms().filter(|&d| d <= now);
            let rules = self.rules.next_due_ms().filter(|&d| d <= now);
            match (scrape, rules) {
                (None, None) => break,
                (Some(s), Some(r)) if r < s => self.evaluate_rules(r),
                (Some(s), _) => self.scrape(s),
                (None, Some(r)) => self.evaluate_rules(r),
            }
        }
        self.serve_traffic_until(now);
        if now - self.last_retention_ms >= RETENTION_EVERY_MS {
            self.store.apply_retention(now);
            self.last_retention_ms = now;
        }
    }
}
