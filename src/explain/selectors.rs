//! Plain-language descriptions of selectors: which series they pick (name and matchers),
//! and how `offset` and `@` move the evaluation time.

use crate::go::duration::format_signed_duration;
use crate::go::quote::go_quote;
use crate::lang::Lang;
use crate::promql::ast::{AtModifier, VectorSelector};
use crate::store::{MatchOp, Matcher, METRIC_NAME};

use super::words::human_duration;

/// "each series named x with job = "my_app"" / "chaque série nommée x avec job = ...".
pub fn series_phrase(vs: &VectorSelector, lang: Lang) -> String {
    let mut name_part: Option<String> = None;
    let mut conditions: Vec<String> = Vec::new();
    for m in &vs.matchers {
        let is_own_name = m.name == METRIC_NAME
            && m.op == MatchOp::Equal
            && vs.name.as_deref() == Some(m.value.as_str());
        if is_own_name && name_part.is_none() {
            name_part = Some(match lang {
                Lang::Fr => format!("chaque série nommée {}", m.value),
                Lang::En => format!("each series named {}", m.value),
            });
        } else {
            conditions.push(matcher_phrase(m, lang));
        }
    }
    let mut out = name_part.unwrap_or_else(|| lang.pick("chaque série", "each series").to_string());
    if !conditions.is_empty() {
        let and = lang.pick(" et ", " and ");
        out.push_str(lang.pick(" avec ", " with "));
        out.push_str(&conditions.join(and));
    }
    out
}

/// One matcher in words: `job = "my_app"`, `job other than "x"`, ...
fn matcher_phrase(m: &Matcher, lang: Lang) -> String {
    let name = if m.name == METRIC_NAME {
        lang.pick("le nom", "the name").to_string()
    } else {
        m.name.clone()
    };
    let v = go_quote(&m.value);
    match (m.op, m.value.is_empty(), lang) {
        (MatchOp::Equal, true, Lang::Fr) => format!("aucun label {name}"),
        (MatchOp::Equal, true, Lang::En) => format!("no label {name}"),
        (MatchOp::NotEqual, true, Lang::Fr) => format!("un label {name} présent"),
        (MatchOp::NotEqual, true, Lang::En) => format!("a label {name} present"),
        (MatchOp::Equal, false, _) => format!("{name} = {v}"),
        (MatchOp::NotEqual, false, Lang::Fr) => format!("{name} différent de {v}"),
        (MatchOp::NotEqual, false, Lang::En) => format!("{name} other than {v}"),
        (MatchOp::Regex, _, Lang::Fr) => {
            format!("{name} correspondant en entier à l'expression régulière {v}")
        }
        (MatchOp::Regex, _, Lang::En) => format!("{name} fully matching the regex {v}"),
        (MatchOp::NotRegex, _, Lang::Fr) => {
            format!("{name} ne correspondant pas à l'expression régulière {v}")
        }
        (MatchOp::NotRegex, _, Lang::En) => format!("{name} not matching the regex {v}"),
    }
}

/// ", shifted 5m into the past (offset 5m), as of ..." or "" without modifiers.
pub fn modifiers_phrase(offset_ms: i64, at: Option<AtModifier>, lang: Lang) -> String {
    let mut out = String::new();
    if offset_ms != 0 {
        let d = human_duration(offset_ms, lang);
        let written = format_signed_duration(offset_ms);
        out.push_str(&match (offset_ms > 0, lang) {
            (true, Lang::Fr) => {
                format!(", avec un décalage de {d} vers le passé (offset {written})")
            }
            (true, Lang::En) => format!(", shifted {d} into the past (offset {written})"),
            (false, Lang::Fr) => {
                format!(", avec un décalage de {d} vers le futur (offset {written})")
            }
            (false, Lang::En) => format!(", shifted {d} into the future (offset {written})"),
        });
    }
    if let Some(at) = at {
        out.push_str(&at_phrase(at, lang));
    }
    out
}

/// ", always at ..." for an `@` modifier.
fn at_phrase(at: AtModifier, lang: Lang) -> String {
    match (at, lang) {
        (AtModifier::Timestamp(ms), Lang::Fr) => format!(
            ", toujours à l'instant fixe {} s depuis l'époque Unix quel que soit t (@)",
            seconds(ms)
        ),
        (AtModifier::Timestamp(ms), Lang::En) => format!(
            ", always at the fixed time {} s since the Unix epoch whatever t is (@)",
            seconds(ms)
        ),
        (AtModifier::Start, Lang::Fr) => {
            ", toujours au début de la plage interrogée (@ start())".to_string()
        }
        (AtModifier::Start, Lang::En) => {
            ", always at the start of the queried range (@ start())".to_string()
        }
        (AtModifier::End, Lang::Fr) => {
            ", toujours à la fin de la plage interrogée (@ end())".to_string()
        }
        (AtModifier::End, Lang::En) => {
            ", always at the end of the queried range (@ end())".to_string()
        }
    }
}

/// Milliseconds as seconds, without a fraction when whole.
fn seconds(ms: i64) -> String {
    if ms % 1000 == 0 {
        (ms / 1000).to_string()
    } else {
        format!("{:.3}", ms as f64 / 1000.0)
    }
}
