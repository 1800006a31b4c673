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
        self.alert.as_ref().map(|a| AlertRule {
            query: self.query.clone(),
            ..a.rule.clone()
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
        }
    }
}

impl fmt::Display for AlertInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for AlertInputError {}

/// The alert editor's fields as a rule on `query`: name, comparison symbol, threshold
/// text and `for` text (a Prometheus duration such as `30s`, `1m`, `0`).
pub fn parse_alert(
    query: &str,
    name: &str,
    op: &str,
    threshold: &str,
    for_text: &str,
) -> Result<PanelAlert, AlertInputError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AlertInputError::EmptyName);
    }
    let op =
        CompareOp::from_symbol(op.trim()).ok_or_else(|| AlertInputError::BadOp(op.to_string()))?;
    let threshold = parse_number(threshold).map_err(AlertInputError::BadThreshold)?;
    let for_ms = parse_duration(for_text.trim()).map_err(AlertInputError::BadFor)?;
    Ok(PanelAlert {
        name: name.to_string(),
        rule: AlertRule {
            query: query.to_string(),
            op,
            threshold,
            for_ms: i64::try_from(for_ms).unwrap_or(i64::MAX),
            keep_firing_for_ms: 0,
        },
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

    #[test]
    fn an_alert_from_the_editor_fields() {
        let a = parse_alert("rate(x[1m])", " High ", ">", "0", "30s").unwrap();
        assert_eq!(a.name, "High");
        assert_eq!(a.rule.op, CompareOp::Gt);
        assert_eq!(a.rule.threshold, 0.0);
        assert_eq!(a.rule.for_ms, 30_000);
        assert_eq!(a.rule.query, "rate(x[1m])");
        assert_eq!(
            parse_alert("q", "a", "<=", "2,5", "0").unwrap().rule.for_ms,
            0
        );
    }

    #[test]
    fn bad_alert_fields_are_named() {
        assert_eq!(
            parse_alert("q", "", ">", "0", "1m"),
            Err(AlertInputError::EmptyName)
        );
        assert_eq!(
            parse_alert("q", "a", "=>", "0", "1m"),
            Err(AlertInputError::BadOp("=>".into()))
        );
        let e = parse_alert("q", "a", ">", "abc", "1m").unwrap_err();
        assert!(matches!(e, AlertInputError::BadThreshold(_)));
        assert!(
            e.message(Lang::En).contains("\"abc\" is not a number"),
            "{e}"
        );
        let e = parse_alert("q", "a", ">", "1", "5x").unwrap_err();
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
        p.alert = Some(parse_alert("old query", "High", ">", "5", "1m").unwrap());
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
