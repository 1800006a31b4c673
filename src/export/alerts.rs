//! The panels' alert rules as Grafana's alerting provisioning file (`apiVersion: 1`,
//! JSON, which Grafana reads as YAML): one rule a panel with an alert, in a group per
//! evaluation interval (a Grafana group has one interval; the rule's "Evaluate every" is
//! its group's). Each rule queries the panel's PromQL as an instant query
//! (`A`), reduces each series to its last value (`B`) and compares it with the threshold
//! (`C`, the condition): a Threshold expression for `>` and `<`, the two comparisons
//! every Grafana release's Threshold offers, a Math expression (`$B >= 5`) for the others.
//! The rule names its panel (`__dashboardUid__`, `__panelId__`) so Grafana shows it there.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::alert::CompareOp;
use crate::go::duration::format_duration;
use crate::grafana::PanelSpec;

use super::dashboard::{panel_id, pretty, DASHBOARD_UID};
use super::{ExportFile, JSON};

/// The folder the rules go in.
const FOLDER: &str = "Sonde";
/// How far back the query looks, in seconds (Grafana's default, 10 minutes).
const LOOKBACK_S: u64 = 600;

/// The provisioning document of `panels`' alert rules, their queries sent to the data
/// source of uid `datasource_uid`.
pub fn alert_rules(panels: &[PanelSpec], untitled: &str, datasource_uid: &str) -> Value {
    let rules: Vec<(i64, Value)> = panels
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let alert = p.alert.as_ref()?;
            let rule = p.alert_rule()?;
            let mut r = json!({
                "uid": format!("sonde-panel-{}", panel_id(i)),
                "title": alert.name,
                "condition": "C",
                "data": [
                    {
                        "refId": "A",
                        "relativeTimeRange": { "from": LOOKBACK_S, "to": 0 },
                        "datasourceUid": datasource_uid,
                        "model": {
                            "refId": "A",
                            "expr": rule.query,
                            "instant": true,
                            "range": false,
                            "intervalMs": 1000,
                            "maxDataPoints": 43200
                        }
                    },
                    {
                        "refId": "B",
                        "datasourceUid": "__expr__",
                        "model": { "refId": "B", "type": "reduce", "expression": "A", "reducer": "last" }
                    },
                    condition(rule.op, rule.threshold)
                ],
                "noDataState": "NoData",
                "execErrState": "Error",
                "for": format_duration(rule.for_ms.max(0) as u64),
                "annotations": {
                    "summary": format!("{}: {}", p.shown_title(untitled), rule.condition()),
                    "__dashboardUid__": DASHBOARD_UID,
                    "__panelId__": panel_id(i).to_string()
                },
                "labels": {},
                "isPaused": false
            });
            if rule.keep_firing_for_ms > 0 {
                r["keep_firing_for"] = json!(format_duration(rule.keep_firing_for_ms as u64));
            }
            Some((alert.every_ms, r))
        })
        .collect();
    let mut by_interval: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
    for (every_ms, rule) in rules {
        by_interval.entry(every_ms).or_default().push(rule);
    }
    let groups: Vec<Value> = by_interval
        .into_iter()
        .map(|(every_ms, rules)| {
            let interval = format_duration(u64::try_from(every_ms).unwrap_or(0));
            json!({
                "orgId": 1,
                "name": format!("sonde-{interval}"),
                "folder": FOLDER,
                "interval": interval,
                "rules": rules
            })
        })
        .collect();
    json!({
        "apiVersion": 1,
        "groups": groups
    })
}

/// The rules as a file (`sonde-alert-rules.json`), for a data source of uid
/// `datasource_uid`.
pub fn alert_rules_file(panels: &[PanelSpec], untitled: &str, datasource_uid: &str) -> ExportFile {
    ExportFile::text(
        "sonde-alert-rules.json",
        JSON,
        pretty(&alert_rules(panels, untitled, datasource_uid)),
    )
}

/// The condition `C`: `$B op threshold`.
fn condition(op: CompareOp, threshold: f64) -> Value {
    let threshold = if threshold.is_finite() {
        threshold
    } else {
        0.0
    };
    let evaluator = match op {
        CompareOp::Gt => Some("gt"),
        CompareOp::Lt => Some("lt"),
        _ => None,
    };
    let model = match evaluator {
        Some(kind) => json!({
            "refId": "C",
            "type": "threshold",
            "expression": "B",
            "conditions": [{ "evaluator": { "type": kind, "params": [threshold] } }]
        }),
        None => json!({
            "refId": "C",
            "type": "math",
            "expression": format!("$B {} {}", op.as_str(), threshold)
        }),
    };
    json!({ "refId": "C", "datasourceUid": "__expr__", "model": model })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grafana::{parse_alert, AlertFields};

    #[test]
    fn one_rule_per_panel_with_an_alert() {
        let mut high = PanelSpec {
            title: "Débit".into(),
            query: "rate(http_requests_total[1m])".into(),
            ..PanelSpec::default()
        };
        high.alert = Some(
            parse_alert(
                "ignored",
                AlertFields {
                    name: "HighRate",
                    op: ">",
                    threshold: "0,5",
                    for_text: "1m",
                    ..AlertFields::default()
                },
            )
            .unwrap(),
        );
        let low = PanelSpec {
            alert: Some(
                parse_alert(
                    "q",
                    AlertFields {
                        name: "NoTraffic",
                        op: "<=",
                        threshold: "0",
                        for_text: "0",
                        ..AlertFields::default()
                    },
                )
                .unwrap(),
            ),
            ..PanelSpec::default()
        };
        let panels = vec![PanelSpec::default(), high, low];
        let doc = alert_rules(&panels, "Panel title", "prometheus");
        assert_eq!(doc["apiVersion"], 1);
        let rules = doc["groups"][0]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 2, "the first panel has no alert");
        let r = &rules[0];
        assert_eq!(r["uid"], "sonde-panel-2");
        assert_eq!(r["title"], "HighRate");
        assert_eq!(r["condition"], "C");
        assert_eq!(r["for"], "1m");
        assert_eq!(
            r["data"][0]["model"]["expr"], "rate(http_requests_total[1m])",
            "the panel's query"
        );
        assert_eq!(r["data"][0]["datasourceUid"], "prometheus");
        assert_eq!(r["data"][2]["model"]["type"], "threshold");
        assert_eq!(
            r["data"][2]["model"]["conditions"][0]["evaluator"],
            json!({ "type": "gt", "params": [0.5] })
        );
        assert_eq!(r["annotations"]["__panelId__"], "2");
        let le = &rules[1];
        assert_eq!(le["for"], "0s");
        assert_eq!(
            le["data"][2]["model"],
            json!({ "refId": "C", "type": "math", "expression": "$B <= 0" })
        );
        let f = alert_rules_file(&panels, "Panel title", "prometheus");
        assert_eq!(serde_json::from_slice::<Value>(&f.bytes).unwrap(), doc);
        assert_eq!(alert_rules(&[], "", "x")["groups"], json!([]));
    }

    #[test]
    fn each_evaluation_interval_makes_a_group() {
        let every = |every| PanelSpec {
            alert: parse_alert(
                "q",
                AlertFields {
                    every,
                    ..AlertFields::default()
                },
            )
            .ok(),
            ..PanelSpec::default()
        };
        let doc = alert_rules(&[every("1m"), every("10s"), every("1m")], "t", "p");
        let groups = doc["groups"].as_array().unwrap();
        let shape: Vec<(String, usize)> = groups
            .iter()
            .map(|g| {
                (
                    g["interval"].as_str().unwrap().to_string(),
                    g["rules"].as_array().unwrap().len(),
                )
            })
            .collect();
        assert_eq!(shape, [("10s".to_string(), 1), ("1m".to_string(), 2)]);
        assert_eq!(groups[0]["name"], "sonde-10s");
    }
}
