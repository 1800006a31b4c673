//! Encoding the shared state as a URL fragment (`#s=<base64url of JSON>`) and reading it
//! back without trusting it: size capped before decoding, every field checked on its own,
//! a bad field falling back to its default (or clamped) while the valid rest is kept.

use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{DecodeError, Engine};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::alert::AlertRule;
use crate::sim::{MAX_REPLICAS, MAX_WEIGHT, MIX_ENDPOINTS};

use super::error::{IssueKind, ShareError, ShareIssue};
use super::state::*;

/// Longest fragment read, in bytes (64 KiB); longer links are refused before decoding.
pub const MAX_FRAGMENT_BYTES: usize = 64 * 1024;

/// The encoding version written in every link (`"v"`).
pub const VERSION: u64 = 1;

/// base64url without padding when writing; padding tolerated when reading (some tools add it).
const B64: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A state read from a link, with the fields that could not be taken as they were.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The state restored.
    pub state: ShareState,
    /// Fields that fell back to their default, were clamped or truncated.
    pub issues: Vec<ShareIssue>,
}

/// The fragment for `state`, `#s=` included, ready to append to the page's address; a
/// state too large to be read back (over [`MAX_FRAGMENT_BYTES`]) is refused.
///
/// ```
/// use sonde::share::{from_fragment, to_fragment, ShareState};
///
/// let state = ShareState {
///     queries: vec!["rate(http_requests_total[1m])".to_string()],
///     ..ShareState::default()
/// };
/// let fragment = to_fragment(&state).unwrap();
/// assert!(fragment.starts_with("#s="));
/// let back = from_fragment(&fragment).unwrap();
/// assert_eq!(back.state, state);
/// assert!(back.issues.is_empty());
/// ```
pub fn to_fragment(state: &ShareState) -> Result<String, ShareError> {
    let mut value = serde_json::to_value(state).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("v".to_string(), Value::from(VERSION));
    }
    let fragment = format!("#s={}", B64.encode(value.to_string()));
    if fragment.len() > MAX_FRAGMENT_BYTES {
        return Err(ShareError::TooLarge {
            len: fragment.len(),
            max: MAX_FRAGMENT_BYTES,
        });
    }
    Ok(fragment)
}

/// Reads a fragment (`#s=...`, with or without `#`, possibly among other `&`-separated
/// parameters).
pub fn from_fragment(fragment: &str) -> Result<Decoded, ShareError> {
    if fragment.len() > MAX_FRAGMENT_BYTES {
        return Err(ShareError::TooLarge {
            len: fragment.len(),
            max: MAX_FRAGMENT_BYTES,
        });
    }
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let encoded = fragment
        .split('&')
        .find_map(|p| p.strip_prefix("s="))
        .ok_or(ShareError::Missing)?;
    let bytes = B64.decode(encoded).map_err(|e| ShareError::BadBase64 {
        offset: match e {
            DecodeError::InvalidByte(o, _) | DecodeError::InvalidLastSymbol(o, _) => Some(o),
            DecodeError::InvalidLength(_) | DecodeError::InvalidPadding => None,
        },
    })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| ShareError::BadJson {
        line: e.line(),
        column: e.column(),
    })?;
    let Value::Object(obj) = value else {
        return Err(ShareError::NotAnObject);
    };
    Ok(read_state(&obj))
}

/// Collects field issues while reading an object.
struct Reader {
    issues: Vec<ShareIssue>,
}

impl Reader {
    fn issue(&mut self, field: &str, kind: IssueKind) {
        self.issues.push(ShareIssue {
            field: field.to_string(),
            kind,
        });
    }

    /// The value at `key` as a `T`; absent or `null` gives `None` silently, wrong gives
    /// `None` and an issue.
    fn take<T: DeserializeOwned>(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        field: &str,
    ) -> Option<T> {
        let v = obj.get(key).filter(|v| !v.is_null())?;
        match T::deserialize(v) {
            Ok(t) => Some(t),
            Err(_) => {
                self.issue(field, IssueKind::Invalid);
                None
            }
        }
    }

    /// An integer clamped to `[min, max]` (an issue when clamped); a whole number written
    /// as a float (`9e5`) counts as an integer.
    fn int(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        field: &str,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        let v = obj.get(key).filter(|v| !v.is_null())?;
        let whole = v.as_i64().map(i128::from).or_else(|| {
            v.as_f64()
                .filter(|f| f.is_finite() && f.fract() == 0.0)
                .map(|f| f.clamp(-1e30, 1e30) as i128)
        });
        let Some(n) = whole else {
            self.issue(field, IssueKind::Invalid);
            return None;
        };
        let c = n.clamp(i128::from(min), i128::from(max));
        if c != n {
            self.issue(field, IssueKind::Clamped);
        }
        i64::try_from(c).ok()
    }

    /// A number clamped to `[min, max]` (an issue when clamped).
    fn float(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        field: &str,
        min: f64,
        max: f64,
    ) -> Option<f64> {
        let x = self.take::<f64>(obj, key, field)?;
        let c = x.clamp(min, max);
        if c != x {
            self.issue(field, IssueKind::Clamped);
        }
        Some(c)
    }

    /// A list whose items are read by `item`; bad items are skipped, extra ones dropped.
    fn list<T>(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        field: &str,
        max: usize,
        mut item: impl FnMut(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let items: Vec<Value> = self.take(obj, key, field)?;
        if items.len() > max {
            self.issue(field, IssueKind::Truncated);
        }
        Some(
            items
                .iter()
                .take(max)
                .enumerate()
                .filter_map(|(i, v)| item(self, v, &format!("{field}[{i}]")))
                .collect(),
        )
    }
}

/// The state in `obj`, field by field.
fn read_state(obj: &Map<String, Value>) -> Decoded {
    let mut r = Reader { issues: Vec::new() };
    let d = ShareState::default();
    if let Some(v) = r.take::<u64>(obj, "v", "v") {
        if v > VERSION {
            r.issue("v", IssueKind::NewerVersion);
        }
    }
    let course_step = r
        .int(obj, "c", "course_step", 0, i64::from(u8::MAX))
        .and_then(|c| u8::try_from(c).ok())
        .unwrap_or(d.course_step);
    let queries = r
        .list(obj, "q", "queries", MAX_QUERIES, |r, v, f| {
            let s = v.as_str().map(str::to_string);
            if s.is_none() {
                r.issue(f, IssueKind::Invalid);
            }
            s
        })
        .unwrap_or_default();
    let prometheus_yml = r.take(obj, "y", "prometheus_yml").unwrap_or_default();
    let range_ms = r
        .int(obj, "r", "range_ms", MIN_RANGE_MS, MAX_RANGE_MS)
        .unwrap_or(d.range_ms);
    let end_ms = r.int(obj, "e", "end_ms", 0, MAX_TIME_MS);
    let step_ms = r.int(obj, "s", "step_ms", 1, MAX_STEP_MS);
    let speed = r
        .float(obj, "x", "speed", MIN_SPEED, MAX_SPEED)
        .unwrap_or(d.speed);
    let lang = match r.take::<String>(obj, "l", "lang").as_deref() {
        Some("fr") => crate::lang::Lang::Fr,
        Some("en") => crate::lang::Lang::En,
        Some(_) => {
            r.issue("lang", IssueKind::Invalid);
            d.lang
        }
        None => d.lang,
    };
    let theme = r.take(obj, "m", "theme").unwrap_or(d.theme);
    let presentation = r.take(obj, "p", "presentation").unwrap_or(d.presentation);
    let panels = r
        .list(obj, "d", "panels", MAX_PANELS, |r, v, f| match v {
            Value::Object(p) => Some(read_panel(r, p, f)),
            _ => {
                r.issue(f, IssueKind::Invalid);
                None
            }
        })
        .unwrap_or_default();
    let datasource_url = r
        .take::<String>(obj, "g", "datasource_url")
        .map(|u| u.chars().take(2048).collect())
        .unwrap_or_default();
    let app = match r.take::<String>(obj, "a", "app") {
        Some(code) => match APP_CODES.iter().find(|(_, c)| *c == code) {
            Some((app, _)) => *app,
            None => {
                r.issue("app", IssueKind::Invalid);
                d.app
            }
        },
        None => d.app,
    };
    let done = r
        .list(
            obj,
            "k",
            "done",
            crate::course::Task::ALL.len(),
            |r, v, f| {
                let task = v.as_str().and_then(crate::course::Task::from_id);
                if task.is_none() {
                    r.issue(f, IssueKind::Invalid);
                }
                task
            },
        )
        .unwrap_or_default();
    let traffic_rate = r
        .float(obj, "t", "traffic_rate", 0.0, MAX_TRAFFIC_RATE)
        .unwrap_or(d.traffic_rate);
    let rules_yml = r
        .take::<String>(obj, "u", "rules_yml")
        .map(|u| {
            if u.chars().count() > MAX_RULES_CHARS {
                r.issue("rules_yml", IssueKind::Truncated);
            }
            u.chars().take(MAX_RULES_CHARS).collect()
        })
        .unwrap_or_default();
    let mix = r
        .list(obj, "w", "mix", MIX_ENDPOINTS.len(), |r, v, f| {
            let w = v.as_u64().and_then(|w| u32::try_from(w).ok());
            match w {
                Some(w) if w <= MAX_WEIGHT => Some(w),
                Some(_) => {
                    r.issue(f, IssueKind::Clamped);
                    Some(MAX_WEIGHT)
                }
                None => {
                    r.issue(f, IssueKind::Invalid);
                    None
                }
            }
        })
        .filter(|m| {
            let whole = m.len() == MIX_ENDPOINTS.len();
            if !whole && !m.is_empty() {
                r.issue("mix", IssueKind::Invalid);
            }
            whole
        })
        .unwrap_or_default();
    let instances = r
        .int(obj, "n", "instances", 1, MAX_REPLICAS as i64)
        .and_then(|n| u8::try_from(n).ok())
        .unwrap_or(d.instances);
    Decoded {
        state: ShareState {
            course_step,
            queries,
            prometheus_yml,
            range_ms,
            end_ms,
            step_ms,
            speed,
            lang,
            theme,
            presentation,
            panels,
            datasource_url,
            app,
            traffic_rate,
            done,
            rules_yml,
            mix,
            instances,
        },
        issues: r.issues,
    }
}

/// One panel, field by field; `path` names it in issues (`panels[2]`).
fn read_panel(r: &mut Reader, p: &Map<String, Value>, path: &str) -> Panel {
    let field = |name: &str| format!("{path}.{name}");
    let thresholds = r
        .list(p, "h", &field("thresholds"), MAX_THRESHOLDS, |r, v, f| {
            let x = v.as_f64().filter(|x| x.is_finite());
            if x.is_none() {
                r.issue(f, IssueKind::Invalid);
            }
            x
        })
        .unwrap_or_default();
    let alert = match p.get("a") {
        None | Some(Value::Null) => None,
        Some(_) => r
            .take::<AlertRule>(p, "a", &field("alert"))
            .and_then(|a| clamp_alert(r, a, &field("alert"))),
    };
    let viz = match r.take::<String>(p, "v", &field("viz")) {
        Some(v) if VIZ_CODES.contains(&v.as_str()) => v,
        Some(_) => {
            r.issue(&field("viz"), IssueKind::Invalid);
            String::new()
        }
        None => String::new(),
    };
    Panel {
        title: r.take(p, "t", &field("title")).unwrap_or_default(),
        query: r.take(p, "q", &field("query")).unwrap_or_default(),
        unit: r.take(p, "u", &field("unit")).unwrap_or_default(),
        thresholds,
        alert,
        legend: r
            .take::<String>(p, "l", &field("legend"))
            .map(|l| l.chars().take(MAX_LEGEND_CHARS).collect())
            .unwrap_or_default(),
        min_interval_ms: r.int(p, "i", &field("min_interval_ms"), 1, MAX_STEP_MS),
        viz,
        alert_every_ms: r.int(
            p,
            "e",
            &field("alert_every_ms"),
            MIN_ALERT_EVERY_MS,
            MAX_ALERT_DURATION_MS,
        ),
    }
}

/// An alert rule with its durations clamped to `[0, MAX_ALERT_DURATION_MS]` and a finite
/// threshold; `None` (with an issue) when its query is empty or its threshold not finite.
fn clamp_alert(r: &mut Reader, mut a: AlertRule, field: &str) -> Option<AlertRule> {
    if a.query.trim().is_empty() || !a.threshold.is_finite() {
        r.issue(field, IssueKind::Invalid);
        return None;
    }
    let (f, k) = (a.for_ms, a.keep_firing_for_ms);
    a.for_ms = f.clamp(0, MAX_ALERT_DURATION_MS);
    a.keep_firing_for_ms = k.clamp(0, MAX_ALERT_DURATION_MS);
    if (a.for_ms, a.keep_firing_for_ms) != (f, k) {
        r.issue(field, IssueKind::Clamped);
    }
    Some(a)
}
