//! The typed rules file: what the evaluator runs once `rules.yml` was accepted.

use crate::config::Position;
use crate::go::duration::format_duration;
use crate::go::quote::go_quote;
use crate::promql::ast::Expr;

use super::template::Template;

/// A whole, valid rules file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleFile {
    /// The groups, in file order.
    pub groups: Vec<RuleGroup>,
}

/// A group: rules evaluated one after the other at the same interval.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleGroup {
    /// `name`.
    pub name: String,
    /// `interval`; `None` uses the global `evaluation_interval`.
    pub interval_ms: Option<u64>,
    /// `query_offset`; `None` uses the global `rule_query_offset` (0 in Sonde).
    pub query_offset_ms: u64,
    /// `limit`: most alerts or series a rule may produce (0: no limit).
    pub limit: usize,
    /// The rules, in file order.
    pub rules: Vec<Rule>,
    /// Where the group starts.
    pub position: Option<Position>,
}

/// One rule of a group.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The `alert` or `record` name.
    pub name: String,
    /// `expr`, as written.
    pub expr_text: String,
    /// `expr`, parsed.
    pub expr: Expr,
    /// What kind of rule it is, and what only that kind has.
    pub kind: RuleKind,
    /// Where the rule starts.
    pub position: Option<Position>,
}

/// Alerting or recording.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleKind {
    /// `alert:`.
    Alerting(AlertingSpec),
    /// `record:` with its `labels` (the group's merged in), sorted by name.
    Recording {
        /// Labels added to every recorded series.
        labels: Vec<(String, String)>,
    },
}

/// What an alerting rule adds to its expression.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertingSpec {
    /// `for`: how long the condition must hold before the alert fires.
    pub for_ms: u64,
    /// `keep_firing_for`: how long the alert keeps firing once the condition stopped.
    pub keep_firing_for_ms: u64,
    /// `labels` (the group's merged in), sorted by name; values are templates.
    pub labels: Vec<(String, Template)>,
    /// `annotations`, sorted by name; values are templates.
    pub annotations: Vec<(String, Template)>,
}

/// Names and values, as written.
type Pairs<'a> = Vec<(&'a str, &'a str)>;

impl Rule {
    /// The rule as YAML, as Prometheus's Alerts and Rules pages show it.
    ///
    /// ```
    /// let file = sonde::rules::parse_rules(sonde::rules::EXAMPLE_RULES).unwrap();
    /// let text = file.groups[0].rules[0].definition();
    /// assert!(text.starts_with("alert: HighRequestRate\nexpr: rate(http_requests_total[1m]) > 0.5\nfor: 1m\n"));
    /// ```
    pub fn definition(&self) -> String {
        let (kind, durations, labels, annotations): (_, _, Pairs, Pairs) = match &self.kind {
            RuleKind::Alerting(spec) => (
                "alert",
                vec![
                    ("for", spec.for_ms),
                    ("keep_firing_for", spec.keep_firing_for_ms),
                ],
                spec.labels
                    .iter()
                    .map(|(n, t)| (n.as_str(), t.text()))
                    .collect(),
                spec.annotations
                    .iter()
                    .map(|(n, t)| (n.as_str(), t.text()))
                    .collect(),
            ),
            RuleKind::Recording { labels } => (
                "record",
                Vec::new(),
                labels
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect(),
                Vec::new(),
            ),
        };
        let mut out = format!(
            "{kind}: {}\nexpr: {}\n",
            self.name,
            self.expr_text.trim_end()
        );
        for (key, ms) in durations.into_iter().filter(|(_, ms)| *ms > 0) {
            out.push_str(&format!("{key}: {}\n", format_duration(ms)));
        }
        for (key, items) in [("labels", labels), ("annotations", annotations)] {
            if !items.is_empty() {
                out.push_str(&format!("{key}:\n"));
            }
            for (name, value) in items {
                out.push_str(&format!("  {name}: {}\n", go_quote(value)));
            }
        }
        out
    }

    /// The alerting part, for an alerting rule.
    pub fn alerting(&self) -> Option<&AlertingSpec> {
        match &self.kind {
            RuleKind::Alerting(spec) => Some(spec),
            RuleKind::Recording { .. } => None,
        }
    }
}
