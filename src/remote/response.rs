//! The Prometheus HTTP API's JSON answers read into Sonde's own types: the envelope
//! (`{"status":"success","data":...}` or Prometheus's JSON error), query results as the
//! engine's [`Value`], and the lists behind autocomplete, targets, rules and alerts.
//! Anything of the wrong shape is [`SourceError::NotPrometheus`], never a panic.

use serde_json::{Map, Value as Json};

use crate::promql::{InstantSample, RangeSeries, Value};
use crate::store::{Labels, Sample};

use super::error::SourceError;

/// A query's answer from a server: its value and the warnings and infos it attached.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerAnswer {
    /// The result, in the engine's types.
    pub value: Value,
    /// `warnings`, as the server wrote them.
    pub warnings: Vec<String>,
    /// `infos` (Prometheus 3), as the server wrote them.
    pub infos: Vec<String>,
}

/// One metric's metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricMeta {
    /// The metric (family) name.
    pub name: String,
    /// `counter`, `gauge`, `histogram`, ...
    pub kind: String,
    /// The HELP text.
    pub help: String,
}

/// One scrape target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetInfo {
    /// The target's labels after relabelling.
    pub labels: Labels,
    /// `up`, `down` or `unknown`.
    pub health: String,
    /// The last scrape's error, empty when it worked.
    pub last_error: String,
    /// The URL scraped.
    pub scrape_url: String,
}

/// One rule of `/api/v1/rules`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The group it belongs to.
    pub group: String,
    /// The rule's name (the alert or the recorded series).
    pub name: String,
    /// `alerting` or `recording`.
    pub kind: String,
    /// `ok`, `err` or `unknown`.
    pub health: String,
}

/// One active alert of `/api/v1/alerts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertInfo {
    /// The alert's labels (with `alertname`).
    pub labels: Labels,
    /// `pending` or `firing`.
    pub state: String,
}

fn not_prometheus(detail: impl Into<String>) -> SourceError {
    SourceError::NotPrometheus {
        detail: detail.into(),
    }
}

/// The `data` of an answer with HTTP status `status` and body `body`, or the error it
/// carries: Prometheus's JSON error (with the HTTP status when it is not 2xx), an HTTP
/// error without one, or a body that is not the API's envelope.
pub fn envelope(status: u16, body: &str) -> Result<Json, SourceError> {
    let ok_status = (200..300).contains(&status);
    let json: Json = match serde_json::from_str(body) {
        Ok(j) => j,
        Err(_) if !ok_status => {
            return Err(SourceError::Http {
                status,
                error_type: None,
                error: None,
            })
        }
        Err(_) => return Err(not_prometheus("not JSON")),
    };
    let text = |key: &str| json.get(key).and_then(Json::as_str).map(str::to_string);
    match json.get("status").and_then(Json::as_str) {
        Some("success") if ok_status => json
            .get("data")
            .cloned()
            .ok_or_else(|| not_prometheus("no \"data\"")),
        Some("error") if ok_status => Err(SourceError::Api {
            error_type: text("errorType").unwrap_or_default(),
            error: text("error").unwrap_or_default(),
        }),
        _ if !ok_status => Err(SourceError::Http {
            status,
            error_type: text("errorType"),
            error: text("error"),
        }),
        _ => Err(not_prometheus("no \"status\": \"success\"")),
    }
}

/// A sample value as the API writes it: a string (`"1"`, `"NaN"`, `"+Inf"`, `"-Inf"`).
fn sample_value(v: &Json) -> Option<f64> {
    match v.as_str()? {
        "NaN" => Some(f64::NAN),
        "+Inf" | "Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        s => s.parse().ok(),
    }
}

/// A `[time, "value"]` pair: time in seconds (with decimals) to ms.
fn point(p: &Json) -> Option<Sample> {
    let pair = p.as_array()?;
    let t = pair.first()?.as_f64()?;
    let v = sample_value(pair.get(1)?)?;
    Some(Sample {
        t: (t * 1000.0).round() as i64,
        v,
    })
}

/// A `metric` object as labels.
fn labels_of(m: Option<&Json>) -> Option<Labels> {
    let obj: &Map<String, Json> = m?.as_object()?;
    let pairs: Option<Vec<(String, String)>> = obj
        .iter()
        .map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
        .collect();
    Some(Labels::from_pairs(pairs?))
}

/// The strings of a JSON array (`warnings`, `infos`, label names); empty when absent.
fn strings(v: Option<&Json>) -> Vec<String> {
    v.and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The `data` of `/api/v1/query` or `query_range` as the engine's value. Native
/// histograms (`histogram`, `histograms`) are not read: such series come without points.
pub fn query_value(data: &Json) -> Result<Value, SourceError> {
    let result = data
        .get("result")
        .ok_or_else(|| not_prometheus("no \"result\""))?;
    let bad = |what: &str| not_prometheus(format!("bad {what} in \"result\""));
    match data.get("resultType").and_then(Json::as_str) {
        Some("scalar") => {
            let p = point(result).ok_or_else(|| bad("scalar"))?;
            Ok(Value::Scalar { t: p.t, v: p.v })
        }
        Some("string") => {
            let pair = result.as_array().ok_or_else(|| bad("string"))?;
            let t = pair
                .first()
                .and_then(Json::as_f64)
                .ok_or_else(|| bad("string"))?;
            let s = pair
                .get(1)
                .and_then(Json::as_str)
                .ok_or_else(|| bad("string"))?;
            Ok(Value::String {
                t: (t * 1000.0).round() as i64,
                s: s.to_string(),
            })
        }
        Some("vector") => {
            let items = result.as_array().ok_or_else(|| bad("vector"))?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let labels = labels_of(item.get("metric")).ok_or_else(|| bad("metric"))?;
                // A native histogram sample has "histogram" instead of "value".
                let Some(value) = item.get("value") else {
                    continue;
                };
                let p = point(value).ok_or_else(|| bad("value"))?;
                out.push(InstantSample {
                    labels,
                    t: p.t,
                    v: p.v,
                });
            }
            Ok(Value::Vector(out))
        }
        Some("matrix") => {
            let items = result.as_array().ok_or_else(|| bad("matrix"))?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let labels = labels_of(item.get("metric")).ok_or_else(|| bad("metric"))?;
                let samples = match item.get("values") {
                    None => Vec::new(),
                    Some(vs) => vs
                        .as_array()
                        .ok_or_else(|| bad("values"))?
                        .iter()
                        .map(point)
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| bad("values"))?,
                };
                out.push(RangeSeries { labels, samples });
            }
            Ok(Value::Matrix(out))
        }
        _ => Err(not_prometheus("unknown \"resultType\"")),
    }
}

/// A whole query answer (`status`, `body`) read: value, warnings and infos.
pub fn query_answer(status: u16, body: &str) -> Result<ServerAnswer, SourceError> {
    let data = envelope(status, body)?;
    let value = query_value(&data)?;
    // Warnings and infos sit beside "data" in the envelope.
    let json: Json = serde_json::from_str(body).unwrap_or(Json::Null);
    Ok(ServerAnswer {
        value,
        warnings: strings(json.get("warnings")),
        infos: strings(json.get("infos")),
    })
}

/// The `data` of `/api/v1/labels` or `label/<name>/values`: a list of strings.
pub fn string_list(data: &Json) -> Result<Vec<String>, SourceError> {
    let a = data
        .as_array()
        .ok_or_else(|| not_prometheus("a list was expected"))?;
    Ok(strings(Some(&Json::Array(a.clone()))))
}

/// The `data` of `/api/v1/series`: label sets.
pub fn series_list(data: &Json) -> Result<Vec<Labels>, SourceError> {
    data.as_array()
        .ok_or_else(|| not_prometheus("a list of series was expected"))?
        .iter()
        .map(|s| labels_of(Some(s)).ok_or_else(|| not_prometheus("bad series")))
        .collect()
}

/// The `data` of `/api/v1/metadata`: each metric's first type and help, by name.
pub fn metadata(data: &Json) -> Result<Vec<MetricMeta>, SourceError> {
    let obj = data
        .as_object()
        .ok_or_else(|| not_prometheus("metadata must be an object"))?;
    let text = |m: &Json, k: &str| m.get(k).and_then(Json::as_str).unwrap_or("").to_string();
    let mut out: Vec<MetricMeta> = obj
        .iter()
        .filter_map(|(name, list)| {
            let first = list.as_array()?.first()?;
            Some(MetricMeta {
                name: name.clone(),
                kind: text(first, "type"),
                help: text(first, "help"),
            })
        })
        .collect();
    crate::order::sort_by(&mut out, |a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The `data` of `/api/v1/targets`: the active targets.
pub fn targets(data: &Json) -> Result<Vec<TargetInfo>, SourceError> {
    let list = data
        .get("activeTargets")
        .and_then(Json::as_array)
        .ok_or_else(|| not_prometheus("no \"activeTargets\""))?;
    let text = |t: &Json, k: &str| t.get(k).and_then(Json::as_str).unwrap_or("").to_string();
    Ok(list
        .iter()
        .map(|t| TargetInfo {
            labels: labels_of(t.get("labels")).unwrap_or_default(),
            health: text(t, "health"),
            last_error: text(t, "lastError"),
            scrape_url: text(t, "scrapeUrl"),
        })
        .collect())
}

/// The `data` of `/api/v1/rules`: every rule of every group.
pub fn rules(data: &Json) -> Result<Vec<RuleInfo>, SourceError> {
    let groups = data
        .get("groups")
        .and_then(Json::as_array)
        .ok_or_else(|| not_prometheus("no \"groups\""))?;
    let text = |t: &Json, k: &str| t.get(k).and_then(Json::as_str).unwrap_or("").to_string();
    Ok(groups
        .iter()
        .flat_map(|g| {
            let group = text(g, "name");
            g.get("rules")
                .and_then(Json::as_array)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |r| RuleInfo {
                    group: group.clone(),
                    name: text(&r, "name"),
                    kind: text(&r, "type"),
                    health: text(&r, "health"),
                })
        })
        .collect())
}

/// The `data` of `/api/v1/alerts`: the active alerts.
pub fn alerts(data: &Json) -> Result<Vec<AlertInfo>, SourceError> {
    let list = data
        .get("alerts")
        .and_then(Json::as_array)
        .ok_or_else(|| not_prometheus("no \"alerts\""))?;
    Ok(list
        .iter()
        .map(|a| AlertInfo {
            labels: labels_of(a.get("labels")).unwrap_or_default(),
            state: a
                .get("state")
                .and_then(Json::as_str)
                .unwrap_or("")
                .to_string(),
        })
        .collect())
}

#[cfg(test)]
mod tests;
