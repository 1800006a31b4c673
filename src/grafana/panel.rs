//! A dashboard panel's settings (title, query, unit, threshold lines, alert rule) as plain
//! serialisable data, and the parsing of the numbers and durations a learner types in the
//! panel editor, with messages in both languages.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::alert::{AlertRule, CompareOp};
use crate::go::duration::{parse_duration, DurationError};
use crate::lang::Lang;
use crate::share;

use super::units::Unit;

/// The query of a new panel (the course's step 4).
pub const DEFAULT_PANEL_QUERY: &str = "http_requests_total";

/// The colours offered for threshold lines (Grafana's palette names).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThresholdColor {
    /// Grafana red, the default for a threshold.
    #[default]
    Red,
    /// Grafana orange.
    Orange,
    /// Grafana yellow.
    Yellow,
    /// Grafana green.
    Green,
    /// Grafana blue.
    Blue,
}

impl ThresholdColor {
    /// Every colour, in the order the picker shows them.
    pub const ALL: [ThresholdColor; 5] = [
        ThresholdColor::Red,
        ThresholdColor::Orange,
        ThresholdColor::Yellow,
        ThresholdColor::Green,
        ThresholdColor::Blue,
    ];

    /// Grafana's name of the colour (`red`, `orange`...).
    pub fn id(self) -> &'static str {
        match self {
            ThresholdColor::Red => "red",
            ThresholdColor::Orange => "orange",
            ThresholdColor::Yellow => "yellow",
            ThresholdColor::Green => "green",
            ThresholdColor::Blue => "blue",
        }
    }

    /// The colour of a name.
    pub fn from_id(id: &str) -> Option<ThresholdColor> {
        ThresholdColor::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The colour's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ThresholdColor::Red => lang.pick("rouge", "red"),
            ThresholdColor::Orange => lang.pick("orange", "orange"),
            ThresholdColor::Yellow => lang.pick("jaune", "yellow"),
            ThresholdColor::Green => lang.pick("vert", "green"),
            ThresholdColor::Blue => lang.pick("bleu", "blue"),
        }
    }

    /// Its RGB value, Grafana's shade.
    pub fn rgb(self) -> (u8, u8, u8) {
        match self {
            ThresholdColor::Red => (0xf2, 0x49, 0x5c),
            ThresholdColor::Orange => (0xff, 0x98, 0x30),
            ThresholdColor::Yellow => (0xfa, 0xde, 0x2a),
            ThresholdColor::Green => (0x73, 0xbf, 0x69),
            ThresholdColor::Blue => (0x57, 0x94, 0xf2),
        }
    }
}

/// How a panel shows its query (Grafana's "Visualization").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Visualization {
    /// Lines over time.
    #[default]
    TimeSeries,
    /// One big number per series, its last value.
    Stat,
    /// Histogram buckets over time as coloured cells.
    Heatmap,
}

impl Visualization {
    /// Every visualization, in the order the picker shows them.
    pub const ALL: [Visualization; 3] = [
        Visualization::TimeSeries,
        Visualization::Stat,
        Visualization::Heatmap,
    ];

    /// Grafana's id of the panel type (`timeseries`, `stat`, `heatmap`).
    pub fn id(self) -> &'static str {
        match self {
            Visualization::TimeSeries => "timeseries",
            Visualization::Stat => "stat",
            Visualization::Heatmap => "heatmap",
        }
    }

    /// The visualization of an id.
    pub fn from_id(id: &str) -> Option<Visualization> {
        Visualization::ALL.into_iter().find(|v| v.id() == id)
    }

    /// Its name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Visualization::TimeSeries => lang.pick("Série temporelle", "Time series"),
            Visualization::Stat => lang.pick("Statistique (Stat)", "Stat"),
            Visualization::Heatmap => lang.pick("Carte de chaleur (Heatmap)", "Heatmap"),
        }
    }
}

/// A horizontal line across a panel's chart.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    /// Where the line is, in the query's values.
    pub value: f64,
    /// Its colour.
    pub color: ThresholdColor,
}

/// An alert rule on a panel, with the name Grafana lists it under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PanelAlert {
    /// The rule's name (`alertname`).
    pub name: String,
    /// The rule; its query is the panel's.
    pub rule: AlertRule,
    /// Simulated time (ms) at which the rule was created or its condition last changed:
    /// it is evaluated from then on. `None` (a rule from a link or an older save) starts
    /// with the page's data.
    #[serde(default)]
    pub created_ms: Option<i64>,
    /// How often Grafana evaluates it (its group's evaluation interval), in ms.
    #[serde(default = "default_evaluation_interval")]
    pub every_ms: i64,
}

/// Grafana's default evaluation interval for a new rule group: one minute.
pub const DEFAULT_EVALUATION_INTERVAL_MS: i64 = 60_000;

fn default_evaluation_interval() -> i64 {
    DEFAULT_EVALUATION_INTERVAL_MS
}

impl PanelAlert {
    /// This rule as edited at `now_ms`: it keeps `old`'s start when only its name
    /// changed, and starts again at `now_ms` when its condition or timing changed.
    pub fn restarted_from(mut self, old: Option<&PanelAlert>, now_ms: i64) -> PanelAlert {
        let same = old.is_some_and(|o| o.rule == self.rule && o.every_ms == self.every_ms);
        self.created_ms = match old {
            Some(o) if same => o.created_ms,
            _ => Some(now_ms),
        };
        self
    }
}

/// One panel of the dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PanelSpec {
    /// The title in the panel's header.
    pub title: String,
    /// Its PromQL query.
    pub query: String,
    /// The unit of its values.
    pub unit: Unit,
    /// Threshold lines, in the order they were added.
    pub thresholds: Vec<Threshold>,
    /// Its alert rule, if any.
    pub alert: Option<PanelAlert>,
    /// Grafana's "Legend: Custom" format (`{{endpoint}}`); empty names a series by its
    /// labels.
    #[serde(default)]
    pub legend: String,
    /// Grafana's query option "Min interval" in ms: the step is never shorter; `None`
    /// keeps the automatic step.
    #[serde(default)]
    pub min_interval_ms: Option<i64>,
    /// How the query is shown.
    #[serde(default)]
    pub viz: Visualization,
}

impl Default for PanelSpec {
    fn default() -> Self {
        PanelSpec {
            title: String::new(),
            query: DEFAULT_PANEL_QUERY.to_string(),
            unit: Unit::Short,
            thresholds: Vec::new(),
            alert: None,
            legend: String::new(),
            min_interval_ms: None,
            viz: Visualization::TimeSeries,
        }
    }
}

impl PanelSpec {
    /// The title to show: the panel's own, or `default` (the viewer's language's "Panel
    /// title") while it has none, so an untitled panel follows the page's language.
    pub fn shown_title<'a>(&'a self, default: &'a str) -> &'a str {
        if self.title.trim().is_empty() {
            default
        } else {
            &self.title
        }
    }

    /// The alert rule to run: the panel's rule on the panel's current query.
    pub fn alert_rule(&self) -> Option<AlertRule> {
        self.alert_on_query().map(|a| a.rule)
    }

    /// The panel's alert, its rule's query being the panel's current query.
    pub fn alert_on_query(&self) -> Option<PanelAlert> {
        self.alert.clone().map(|mut a| {
            a.rule.query.clone_from(&self.query);
            a
        })
    }

    /// The panel as a shareable link holds it (threshold colours and the alert's name are
    /// not part of the link's format; non-finite thresholds are dropped).
    pub fn to_share(&self) -> share::Panel {
        share::Panel {
            title: self.title.clone(),
            query: self.query.clone(),
            unit: self.unit.id().to_string(),
            thresholds: self
                .thresholds
                .iter()
                .map(|t| t.value)
                .filter(|v| v.is_finite())
                .take(share::MAX_THRESHOLDS)
                .collect(),
            alert: self.alert_rule(),
            legend: self.legend.chars().take(share::MAX_LEGEND_CHARS).collect(),
            min_interval_ms: self
                .min_interval_ms
                .map(|ms| ms.clamp(1, share::MAX_STEP_MS)),
            viz: match self.viz {
                Visualization::TimeSeries => String::new(),
                other => other.id().to_string(),
            },
            alert_every_ms: self
                .alert
                .as_ref()
                .map(|a| a.every_ms)
                .filter(|&ms| ms != DEFAULT_EVALUATION_INTERVAL_MS)
                .map(|ms| ms.clamp(share::MIN_ALERT_EVERY_MS, share::MAX_ALERT_DURATION_MS)),
        }
    }
}

impl From<&share::Panel> for PanelSpec {
    /// A panel restored from a shared link: an unknown unit reads as `short`, thresholds
    /// are red (the link keeps no colours), the alert is named after the panel.
    fn from(p: &share::Panel) -> PanelSpec {
        let title = p.title.clone();
        PanelSpec {
            unit: Unit::from_id(&p.unit).unwrap_or_default(),
            thresholds: p
                .thresholds
                .iter()
                .filter(|v| v.is_finite())
                .map(|&value| Threshold {
                    value,
                    color: ThresholdColor::Red,
                })
                .collect(),
            alert: p.alert.clone().map(|rule| PanelAlert {
                name: if title.trim().is_empty() {
                    "Alert".to_string()
                } else {
                    title.clone()
                },
                rule,
                created_ms: None,
                every_ms: p.alert_every_ms.unwrap_or(DEFAULT_EVALUATION_INTERVAL_MS),
            }),
            query: p.query.clone(),
            legend: p.legend.clone(),
            min_interval_ms: p.min_interval_ms,
            viz: Visualization::from_id(&p.viz).unwrap_or_default(),
            title,
        }
    }
}

/// A number field that does not hold a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing typed.
    Empty,
    /// Not a finite number (the text typed).
    NotANumber(String),
}

impl NumberError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (NumberError::Empty, _) => lang.pick("valeur manquante", "missing value").into(),
            (NumberError::NotANumber(s), Lang::Fr) => {
                format!("« {s} » n'est pas un nombre (exemples : 5, 0.5, 1e3)")
            }
            (NumberError::NotANumber(s), Lang::En) => {
                format!("\"{s}\" is not a number (examples: 5, 0.5, 1e3)")
            }
        }
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for NumberError {}

/// A finite number as typed in a field: `5`, `-0.5`, `1e3`, or with a French decimal
/// comma (`0,5`).
pub fn parse_number(text: &str) -> Result<f64, NumberError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    let normalised = if t.contains(',') && !t.contains('.') && t.matches(',').count() == 1 {
        t.replace(',', ".")
    } else {
        t.to_string()
    };
    // Rust also reads `inf` and `NaN`, which a threshold cannot use.
    let is_numeric = normalised
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    match normalised.parse::<f64>() {
        Ok(v) if is_numeric && v.is_finite() => Ok(v),
        _ => Err(NumberError::NotANumber(t.to_string())),
    }
}

/// Why the alert editor's fields do not make a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlertInputError {
    /// The rule has no name.
    EmptyName,
    /// The comparison is not one of `>`, `<`, `>=`, `<=`, `==`, `!=` (the text).
    BadOp(String),
    /// The threshold is not a number.
    BadThreshold(NumberError),
    /// The `for` duration is not a Prometheus duration.
    BadFor(DurationError),
    /// The evaluation interval is not a duration.
    BadEvery(DurationError),
    /// The evaluation interval is under Grafana's 10 s minimum (the text).
    EveryTooShort(String),
}

impl AlertInputError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AlertInputError::EmptyName => lang
                .pick(
                    "la règle d'alerte doit avoir un nom",
                    "the alert rule needs a name",
                )
                .to_string(),
            AlertInputError::BadOp(op) => match lang {
                Lang::Fr => format!("comparaison inconnue « {op} » (>, <, >=, <=, ==, !=)"),
                Lang::En => format!("unknown comparison \"{op}\" (>, <, >=, <=, ==, !=)"),
            },
            AlertInputError::BadThreshold(e) => {
                format!("{} {}", lang.pick("Seuil :", "Threshold:"), e.message(lang))
            }
            AlertInputError::BadFor(e) => {
                format!(
                    "{} {}",
                    lang.pick("Durée « for » :", "\"for\" duration:"),
                    e.message(lang)
                )
            }
            AlertInputError::BadEvery(e) => format!(
                "{} {}",
                lang.pick("Intervalle d'évaluation :", "Evaluation interval:"),
                e.message(lang)
            ),
            AlertInputError::EveryTooShort(text) => match lang {
                Lang::Fr => format!(
                    "intervalle d'évaluation « {text} » trop court : Grafana évalue au plus toutes les 10s"
                ),
                Lang::En => format!(
                    "evaluation interval \"{text}\" is too short: Grafana evaluates at most every 10s"
                ),
            },
        }
    }
}

impl fmt::Display for AlertInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for AlertInputError {}

/// What the alert editor's fields say, as typed.
#[derive(Clone, Copy, Debug)]
pub struct AlertFields<'a> {
    /// The rule's name.
    pub name: &'a str,
    /// The comparison symbol.
    pub op: &'a str,
    /// The threshold.
    pub threshold: &'a str,
    /// The `for` (pending period), a Prometheus duration such as `30s`, `1m`, `0`.
    pub for_text: &'a str,
    /// The evaluation interval, a duration of at least 10s.
    pub every: &'a str,
}

impl Default for AlertFields<'_> {
    /// A new rule's fields: `> 0` for 1m, evaluated every minute.
    fn default() -> Self {
        AlertFields {
            name: "Alert",
            op: ">",
            threshold: "0",
            for_text: "1m",
            every: "1m",
        }
    }
}

/// The alert editor's fields as a rule on `query`, not yet started (`created_ms` is
/// `None`: see [`PanelAlert::restarted_from`]).
pub fn parse_alert(query: &str, fields: AlertFields<'_>) -> Result<PanelAlert, AlertInputError> {
    let AlertFields {
        name,
        op,
        threshold,
        for_text,
        every,
    } = fields;
    let name = name.trim();
    if name.is_empty() {
        return Err(AlertInputError::EmptyName);
    }
    let op =
        CompareOp::from_symbol(op.trim()).ok_or_else(|| AlertInputError::BadOp(op.to_string()))?;
    let threshold = parse_number(threshold).map_err(AlertInputError::BadThreshold)?;
    let for_ms = parse_duration(for_text.trim()).map_err(AlertInputError::BadFor)?;
    let every_ms = parse_duration(every.trim()).map_err(AlertInputError::BadEvery)?;
    let every_ms = i64::try_from(every_ms).unwrap_or(i64::MAX);
    if every_ms < super::grid::MIN_EVALUATION_INTERVAL_MS {
        return Err(AlertInputError::EveryTooShort(every.trim().to_string()));
    }
    Ok(PanelAlert {
        name: name.to_string(),
        rule: AlertRule {
            query: query.to_string(),
            op,
            threshold,
            for_ms: i64::try_from(for_ms).unwrap_or(i64::MAX),
            keep_firing_for_ms: 0,
        },
        created_ms: None,
        every_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_typed() {
        assert_eq!(parse_number("5"), Ok(5.0));
        assert_eq!(parse_number(" -0.5 "), Ok(-0.5));
        assert_eq!(parse_number("0,5"), Ok(0.5));
        assert_eq!(parse_number("1e3"), Ok(1000.0));
        assert_eq!(parse_number(""), Err(NumberError::Empty));
        for bad in ["abc", "NaN", "inf", "1e999", "1,000,000", "5x", "1.2.3"] {
            assert_eq!(
                parse_number(bad),
                Err(NumberError::NotANumber(bad.to_string())),
                "{bad}"
            );
        }
        let fr = NumberError::NotANumber("abc".into()).message(Lang::Fr);
        assert!(fr.contains("n'est pas un nombre"), "{fr}");
    }

    /// The editor's fields with the default evaluation interval.
    fn fields<'a>(
        name: &'a str,
        op: &'a str,
        threshold: &'a str,
        for_text: &'a str,
    ) -> AlertFields<'a> {
        AlertFields {
            name,
            op,
            threshold,
            for_text,
            every: "1m",
        }
    }

    #[test]
    fn the_evaluation_interval_is_a_duration_of_at_least_ten_seconds() {
        let every = |every| {
            parse_alert(
                "q",
                AlertFields {
                    every,
                    ..AlertFields::default()
                },
            )
        };
        assert_eq!(every("10s").map(|a| a.every_ms), Ok(10_000));
        assert_eq!(every(" 2m ").map(|a| a.every_ms), Ok(120_000));
        assert_eq!(
            every("5s"),
            Err(AlertInputError::EveryTooShort("5s".into()))
        );
        let e = every("often").unwrap_err();
        assert!(matches!(e, AlertInputError::BadEvery(_)));
        assert!(
            e.message(Lang::Fr).starts_with("Intervalle d'évaluation"),
            "{e}"
        );
        assert!(every("0").unwrap_err().message(Lang::En).contains("10s"));
    }

    #[test]
    fn a_rule_starts_when_created_and_again_when_its_condition_changes() {
        let new = |threshold| {
            parse_alert(
                "q",
                AlertFields {
                    threshold,
                    ..AlertFields::default()
                },
            )
            .unwrap()
        };
        let first = new("1").restarted_from(None, 5_000);
        assert_eq!(first.created_ms, Some(5_000));
        let renamed = PanelAlert {
            name: "Other".into(),
            ..new("1")
        }
        .restarted_from(Some(&first), 9_000);
        assert_eq!(
            renamed.created_ms,
            Some(5_000),
            "a new name keeps the rule running"
        );
        let changed = new("2").restarted_from(Some(&first), 9_000);
        assert_eq!(
            changed.created_ms,
            Some(9_000),
            "a new threshold starts it again"
        );
    }

    #[test]
    fn an_alert_from_the_editor_fields() {
        let a = parse_alert("rate(x[1m])", fields(" High ", ">", "0", "30s")).unwrap();
        assert_eq!(a.name, "High");
        assert_eq!(a.rule.op, CompareOp::Gt);
        assert_eq!(a.rule.threshold, 0.0);
        assert_eq!(a.rule.for_ms, 30_000);
        assert_eq!(a.rule.query, "rate(x[1m])");
        assert_eq!(
            parse_alert("q", fields("a", "<=", "2,5", "0"))
                .unwrap()
                .rule
                .for_ms,
            0
        );
    }

    #[test]
    fn bad_alert_fields_are_named() {
        assert_eq!(
            parse_alert("q", fields("", ">", "0", "1m")),
            Err(AlertInputError::EmptyName)
        );
        assert_eq!(
            parse_alert("q", fields("a", "=>", "0", "1m")),
            Err(AlertInputError::BadOp("=>".into()))
        );
        let e = parse_alert("q", fields("a", ">", "abc", "1m")).unwrap_err();
        assert!(matches!(e, AlertInputError::BadThreshold(_)));
        assert!(
            e.message(Lang::En).contains("\"abc\" is not a number"),
            "{e}"
        );
        let e = parse_alert("q", fields("a", ">", "1", "5x")).unwrap_err();
        assert!(matches!(e, AlertInputError::BadFor(_)));
        assert!(e.message(Lang::En).contains("5x"), "{e}");
        assert!(
            e.message(Lang::Fr).starts_with("Durée « for »"),
            "{}",
            e.message(Lang::Fr)
        );
    }

    #[test]
    fn a_panel_for_a_shared_link() {
        let mut p = PanelSpec::default();
        assert_eq!(p.query, "http_requests_total");
        p.query = "rate(http_requests_total[1m])".into();
        p.unit = Unit::ReqPerSec;
        p.thresholds = vec![
            Threshold {
                value: 5.0,
                color: ThresholdColor::Red,
            },
            Threshold {
                value: f64::INFINITY,
                color: ThresholdColor::Green,
            },
        ];
        p.alert = Some(parse_alert("old query", fields("High", ">", "5", "1m")).unwrap());
        p.legend = "{{method}} {{endpoint}}".into();
        p.min_interval_ms = Some(60_000);
        p.viz = Visualization::Heatmap;
        let s = p.to_share();
        assert_eq!(s.title, "", "an untitled panel stays untitled");
        assert_eq!(p.shown_title("Titre du panneau"), "Titre du panneau");
        p.title = "Débit".into();
        assert_eq!(p.shown_title("Panel title"), "Débit");
        assert_eq!(s.unit, "reqps");
        assert_eq!(s.thresholds, vec![5.0]);
        let rule = s.alert.clone().unwrap();
        assert_eq!(
            rule.query, "rate(http_requests_total[1m])",
            "the panel's query"
        );
        assert_eq!(rule.for_ms, 60_000);
        let back = PanelSpec::from(&s);
        assert_eq!(back.query, p.query);
        assert_eq!(back.legend, "{{method}} {{endpoint}}");
        assert_eq!(back.min_interval_ms, Some(60_000));
        assert_eq!(back.viz, Visualization::Heatmap);
        assert_eq!(
            PanelSpec::default().to_share().viz,
            "",
            "time series: left out"
        );
        for v in Visualization::ALL {
            assert!(share::VIZ_CODES.contains(&v.id()), "{v:?}");
            assert_eq!(Visualization::from_id(v.id()), Some(v));
        }
        assert_eq!(back.unit, Unit::ReqPerSec);
        assert_eq!(back.thresholds.len(), 1);
        assert_eq!(
            back.alert.as_ref().map(|a| a.name.as_str()),
            Some("Alert"),
            "the link was made while the panel was untitled"
        );
        assert_eq!(back.alert_rule(), p.alert_rule());
        let odd = share::Panel {
            unit: "furlongs".into(),
            thresholds: vec![f64::NAN, 2.0],
            ..share::Panel::default()
        };
        let restored = PanelSpec::from(&odd);
        assert_eq!(restored.unit, Unit::Short);
        assert_eq!(restored.thresholds.len(), 1);
        assert!(restored.alert.is_none());
        for c in ThresholdColor::ALL {
            assert_eq!(ThresholdColor::from_id(c.id()), Some(c));
        }
        assert_eq!(ThresholdColor::from_id("pink"), None);
    }
}
