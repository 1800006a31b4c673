//! Prometheus's alerting and recording rules: the rules file Prometheus loads through
//! `rule_files` (`rules.yml` in Sonde, beside `prometheus.yml`), read and checked as
//! `promtool check rules` does (Prometheus 3), then evaluated on the simulated clock
//! (`eval`): alerts go inactive → pending → firing and back, their `ALERTS` and
//! `ALERTS_FOR_STATE` series and the recorded series land in the store, and every
//! transition is kept with its reason in words (`history`).
//!
//! The pipeline is: YAML text -> positioned tree and strict decoding shared with
//! `config` (`parse`) -> promtool's checks and the typed rules (`validate`, `model`),
//! templates parsed once (`template`).

mod alerting;
mod error;
mod eval;
mod history;
mod manager;
mod model;
mod parse;
pub mod template;
mod validate;

pub use alerting::{Alert, AlertSet, AlertState, RESOLVED_RETENTION_MS};
pub use error::{RuleError, RuleErrorKind, RuleRef, RulesError, TemplatePlace, YamlIssue};
pub use eval::{eval_rule, EvalContext, RuleEvalError, RuleRun};
pub use history::{Cause, Reason, Transition, MAX_TRANSITIONS};
pub use manager::{next_slot, GroupRun, RuleManager, RulesContext};
pub use model::{AlertingSpec, Rule, RuleFile, RuleGroup, RuleKind};

/// The rules file's name: the one `rule_files` must list for Sonde to load it.
pub const RULES_FILE: &str = "rules.yml";

/// What the rules editor holds at first: the course's request rate as an alert, and
/// its sum per job recorded.
pub const EXAMPLE_RULES: &str = "groups:
  - name: my_app
    rules:
      - alert: HighRequestRate
        expr: rate(http_requests_total[1m]) > 0.5
        for: 1m
        labels:
          severity: warning
        annotations:
          summary: \"{{ $labels.instance }} serves {{ $value | humanize }} requests/s\"
      - record: job:http_requests:rate1m
        expr: sum by (job) (rate(http_requests_total[1m]))
";

/// Whether `rule_files` (as written in `prometheus.yml`) loads Sonde's `rules.yml`: an
/// entry naming it, possibly as `./rules.yml` or through a pattern (`*.yml`), in the
/// configuration's own folder.
///
/// ```
/// use sonde::rules::loads_rules_file;
///
/// assert!(loads_rules_file(&["rules.yml".to_string()]));
/// assert!(loads_rules_file(&["alerts.yml".to_string(), "*.yml".to_string()]));
/// assert!(!loads_rules_file(&["alerts.yml".to_string()]));
/// assert!(!loads_rules_file(&[]));
/// ```
pub fn loads_rules_file(rule_files: &[String]) -> bool {
    rule_files
        .iter()
        .any(|f| glob_matches(f.strip_prefix("./").unwrap_or(f), RULES_FILE))
}

/// Whether `name` matches the shell pattern `pattern` (`*`, `?`; no path separators).
fn glob_matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // matched[i][j]: p[..i] matches n[..j].
    let mut matched = vec![vec![false; n.len() + 1]; p.len() + 1];
    matched[0][0] = true;
    for i in 1..=p.len() {
        for j in 0..=n.len() {
            matched[i][j] = match p[i - 1] {
                '*' => matched[i - 1][j] || (j > 0 && matched[i][j - 1] && n[j - 1] != '/'),
                '?' => j > 0 && matched[i - 1][j - 1] && n[j - 1] != '/',
                c => j > 0 && matched[i - 1][j - 1] && n[j - 1] == c,
            };
        }
    }
    matched[p.len()][n.len()]
}

/// Parses and checks a rules file, accepting or refusing it as Prometheus 3's
/// `promtool check rules` does.
///
/// ```
/// use sonde::rules::{parse_rules, EXAMPLE_RULES};
///
/// let file = parse_rules(EXAMPLE_RULES).unwrap();
/// assert_eq!(file.groups[0].rules.len(), 2);
/// let err = parse_rules("groups:\n  - name: a\n    rules:\n      - alert: A\n").unwrap_err();
/// assert_eq!(err.to_string(), "group \"a\", rule 1, \"A\": field 'expr' must be set in rule");
/// ```
pub fn parse_rules(text: &str) -> Result<RuleFile, RulesError> {
    validate::finish(parse::read_groups(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn the_example_is_valid() {
        let file = parse_rules(EXAMPLE_RULES).unwrap();
        let [group] = file.groups.as_slice() else {
            panic!("one group")
        };
        let alert = group.rules[0].alerting().expect("an alerting rule");
        assert_eq!(alert.for_ms, 60_000);
        assert_eq!(alert.labels[0].0, "severity");
        assert!(matches!(group.rules[1].kind, RuleKind::Recording { .. }));
        assert_eq!(
            group.rules[0].definition(),
            "alert: HighRequestRate\nexpr: rate(http_requests_total[1m]) > 0.5\nfor: 1m\nlabels:\n  severity: \"warning\"\nannotations:\n  summary: \"{{ $labels.instance }} serves {{ $value | humanize }} requests/s\"\n"
        );
        assert_eq!(
            group.rules[1].definition(),
            "record: job:http_requests:rate1m\nexpr: sum by (job) (rate(http_requests_total[1m]))\n"
        );
    }

    #[test]
    fn rule_file_patterns() {
        for (pattern, loads) in [
            ("rules.yml", true),
            ("./rules.yml", true),
            ("*.yml", true),
            ("rule?.yml", true),
            ("*", true),
            ("rules.yaml", false),
            ("alerts/*.yml", false),
            ("/etc/prometheus/rules.yml", false),
        ] {
            assert_eq!(loads_rules_file(&[pattern.to_string()]), loads, "{pattern}");
        }
    }

    #[test]
    fn group_labels_merge_under_the_rules_own() {
        let file = parse_rules(
            "groups:\n  - name: a\n    labels: {team: web, severity: low}\n    rules:\n      - record: r\n        expr: up\n        labels: {severity: high}\n",
        )
        .unwrap();
        let RuleKind::Recording { labels } = &file.groups[0].rules[0].kind else {
            panic!("a recording rule")
        };
        assert_eq!(
            labels,
            &vec![
                ("severity".to_string(), "high".to_string()),
                ("team".to_string(), "web".to_string())
            ]
        );
    }

    #[test]
    fn every_problem_is_reported_in_both_languages() {
        let err = parse_rules(
            "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: up\n        for: 1m\n      - alert: A\n        expr: rate(up[5m]\n",
        )
        .unwrap_err();
        assert_eq!(err.0.len(), 2);
        assert_eq!(
            err.0[1].message(Lang::En),
            "group \"a\", rule 2, \"A\": could not parse expression: 1:12: parse error: unclosed left parenthesis"
        );
        assert!(err.0[1]
            .message(Lang::Fr)
            .starts_with("groupe \"a\", règle 2"));
        let at = err.0[1].position.unwrap();
        assert_eq!(
            (at.line, at.column),
            (8, 26),
            "points at the end of the expression"
        );
    }
}
