//! Rules in the whole chain, natively: `rules.yml` loads only through `rule_files`, is
//! evaluated every `evaluation_interval` on the simulated clock, its alerts go pending
//! then firing with traffic and resolve without it, and `ALERTS` and recorded series
//! can be queried like any other.
#![cfg(not(target_arch = "wasm32"))]

use sonde::config::COURSE_CONFIG;
use sonde::lang::Lang;
use sonde::playground::Playground;
use sonde::rules::{AlertState, EXAMPLE_RULES};

const START: i64 = 1_795_545_600_000;
const MIN: i64 = 60_000;

fn with_rule_files(extra_global: &str) -> String {
    COURSE_CONFIG.replace(
        "global:\n  scrape_interval: 15s\n",
        &format!("global:\n  scrape_interval: 15s\n{extra_global}\nrule_files:\n  - rules.yml\n"),
    )
}

fn values(pg: &Playground, q: &str) -> Vec<(String, f64)> {
    match pg.instant(q, None).unwrap().value {
        sonde::promql::Value::Vector(v) => {
            v.into_iter().map(|s| (s.labels.to_string(), s.v)).collect()
        }
        other => panic!("unexpected {other:?}"),
    }
}

fn rule_state(pg: &Playground) -> AlertState {
    pg.rules().groups()[0].runs[0].alerts.state()
}

#[test]
fn no_rule_files_no_rules() {
    let mut pg = Playground::new(1, START);
    pg.set_rate(2.0).unwrap();
    pg.step(5 * MIN);
    assert!(!pg.rules_loaded());
    assert!(!pg.rules().is_loaded());
    assert!(values(&pg, "ALERTS").is_empty());
    assert_eq!(pg.rules_text(), EXAMPLE_RULES);
}

#[test]
fn traffic_makes_the_example_alert_pending_then_firing_then_resolved() {
    let mut pg = Playground::new(1, START);
    pg.apply_config(&with_rule_files("")).unwrap();
    assert!(pg.rules_loaded() && pg.rules().is_loaded());
    pg.set_rate(2.0).unwrap();
    let mut seen = Vec::new();
    for _ in 0..6 {
        pg.step(MIN);
        seen.push(rule_state(&pg));
    }
    let first_firing = seen
        .iter()
        .position(|s| *s == AlertState::Firing)
        .expect("fires");
    assert!(first_firing >= 1, "{seen:?}");
    assert_eq!(seen[first_firing - 1], AlertState::Pending, "{seen:?}");
    let firing = values(&pg, "ALERTS{alertstate=\"firing\"}");
    assert_eq!(firing.len(), 1);
    assert!(
        firing[0].0.contains("alertname=\"HighRequestRate\"")
            && firing[0].0.contains("severity=\"warning\"")
    );
    let recorded = values(&pg, "job:http_requests:rate1m");
    assert_eq!(recorded.len(), 1);
    assert!(
        (1.0..3.0).contains(&recorded[0].1),
        "about 2 req/s: {}",
        recorded[0].1
    );
    let alert = pg.rules().groups()[0].runs[0]
        .alerts
        .alerts
        .values()
        .next()
        .unwrap()
        .clone();
    let summary = &alert.annotations[0].1;
    assert!(summary.starts_with("localhost:8000 serves "), "{summary}");

    pg.set_rate(0.0).unwrap();
    pg.step(3 * MIN);
    assert_eq!(rule_state(&pg), AlertState::Inactive);
    assert!(
        values(&pg, "ALERTS").is_empty(),
        "resolved: its series went stale"
    );
    let words: Vec<String> = pg
        .rules()
        .history()
        .iter()
        .map(|t| t.message(Lang::En, &|ms| ((ms - START) / 1000).to_string()))
        .collect();
    assert_eq!(words.len(), 3, "{words:?}");
    assert!(
        words[0].starts_with("pending: condition true since "),
        "{words:?}"
    );
    assert!(words[0].contains("`for: 1m` fires at "), "{words:?}");
    assert!(
        words[1].starts_with("firing: condition true since "),
        "{words:?}"
    );
    assert!(
        words[2].starts_with("resolved: the value fell to "),
        "{words:?}"
    );
    assert!(words[2].ends_with("no longer > 0.5"), "{words:?}");
}

#[test]
fn evaluation_interval_paces_the_groups() {
    let mut pg = Playground::new(1, START);
    pg.apply_config(&with_rule_files("  evaluation_interval: 15s"))
        .unwrap();
    let g = &pg.rules().groups()[0];
    assert_eq!(g.interval_ms, 15_000);
    let first = g.next_eval_ms;
    pg.step(MIN);
    let g = &pg.rules().groups()[0];
    assert_eq!(
        g.last_eval_ms,
        Some(first + 45_000),
        "four evaluations in the minute"
    );
    assert_eq!(g.next_eval_ms, first + MIN);
}

#[test]
fn an_invalid_rules_file_keeps_the_last_valid_one_running() {
    let mut pg = Playground::new(1, START);
    pg.apply_config(&with_rule_files("")).unwrap();
    let err = pg
        .apply_rules("groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: rate(\n")
        .unwrap_err();
    assert!(
        err.to_string().contains("could not parse expression"),
        "{err}"
    );
    assert_eq!(pg.rules_text(), EXAMPLE_RULES);
    assert_eq!(pg.rules().groups()[0].group.name, "my_app");
    pg.apply_rules("groups:\n  - name: x\n    rules:\n      - alert: Up\n        expr: up == 1\n")
        .unwrap();
    pg.step(2 * MIN);
    assert_eq!(pg.rules().groups()[0].group.name, "x");
    assert_eq!(
        rule_state(&pg),
        AlertState::Firing,
        "no `for`: fires at once"
    );
}

#[test]
fn removing_rule_files_stops_the_rules() {
    let mut pg = Playground::new(1, START);
    pg.apply_config(&with_rule_files("")).unwrap();
    pg.apply_rules("groups:\n  - name: x\n    rules:\n      - alert: Up\n        expr: up == 1\n")
        .unwrap();
    pg.step(2 * MIN);
    assert_eq!(values(&pg, "ALERTS").len(), 1);
    pg.apply_config(COURSE_CONFIG).unwrap();
    assert!(!pg.rules().is_loaded());
    pg.step(1_000);
    assert!(
        values(&pg, "ALERTS").is_empty(),
        "stale once the rules stop"
    );
}
