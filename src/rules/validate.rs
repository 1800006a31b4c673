//! What `promtool check rules` refuses once the YAML fits (Prometheus 3's
//! `RuleGroups.Validate`): empty or repeated group names, rules that are neither or both
//! kinds, expressions that are not PromQL, fields a recording rule cannot have, invalid
//! label names, templates that do not parse. Every problem is reported, in document
//! order, each with the spot to point at.

use crate::config::Position;
use crate::promql::parse_error::ParseErrorKind;
use crate::promql::{parse, ParseError};

use super::error::{RuleError, RuleErrorKind, RuleRef, RulesError, TemplatePlace};
use super::model::{AlertingSpec, Rule, RuleFile, RuleGroup, RuleKind};
use super::parse::{NodeText, RawGroup, RawMap, RawRule};
use super::template::Template;

/// Checks the raw groups and builds the rules file.
pub(crate) fn finish(raw: Vec<RawGroup>) -> Result<RuleFile, RulesError> {
    let mut errors = Vec::new();
    let mut groups = Vec::new();
    for (j, g) in raw.iter().enumerate() {
        let at = |kind| RuleError::at(kind, g.pos);
        if g.name.is_empty() {
            errors.push(at(RuleErrorKind::GroupNameEmpty));
        }
        if raw.iter().take(j).any(|earlier| earlier.name == g.name) {
            errors.push(at(RuleErrorKind::GroupRepeated(g.name.clone())));
        }
        for (name, _) in &g.labels {
            if !label_name_ok(&name.value) {
                errors.push(RuleError::at(
                    RuleErrorKind::InvalidLabelName(name.value.clone()),
                    Some(name.pos),
                ));
            }
        }
        let mut rules = Vec::new();
        for (i, r) in g.rules.iter().enumerate() {
            let reference = RuleRef {
                group: g.name.clone(),
                index: i + 1,
                name: if r.alert.value.is_empty() {
                    r.record.value.clone()
                } else {
                    r.alert.value.clone()
                },
            };
            let before = errors.len();
            let rule = check_rule(r, &g.labels, &mut |kind, position| {
                errors.push(RuleError {
                    kind,
                    position: position.or(r.pos),
                    rule: Some(reference.clone()),
                })
            });
            if errors.len() == before {
                rules.extend(rule);
            }
        }
        groups.push(RuleGroup {
            name: g.name.clone(),
            interval_ms: Some(g.interval_ms).filter(|i| *i > 0),
            query_offset_ms: g.query_offset_ms.unwrap_or(0),
            limit: usize::try_from(g.limit).unwrap_or(0),
            rules,
            position: g.pos,
        });
    }
    if errors.is_empty() {
        Ok(RuleFile { groups })
    } else {
        Err(RulesError(errors))
    }
}

/// A label name Prometheus 3 accepts in rules: any non-empty text but `__name__`.
fn label_name_ok(name: &str) -> bool {
    !name.is_empty() && name != crate::store::METRIC_NAME
}

/// The byte where Prometheus places a PromQL error: where Sonde's span starts, except
/// for an unclosed parenthesis, which Prometheus's lexer finds at the end of the text.
fn error_byte(expr: &str, err: &ParseError) -> usize {
    match *err.kind {
        ParseErrorKind::UnclosedLeftParen => expr.len(),
        _ => err.span.start.min(expr.len()),
    }
}

/// Where a PromQL error is inside the expression, as Prometheus counts it (line from 1,
/// column in bytes from 1).
fn line_and_column(expr: &str, err: &ParseError) -> (usize, usize) {
    let mut at = error_byte(expr, err);
    while !expr.is_char_boundary(at) {
        at -= 1;
    }
    let before = expr.get(..at).unwrap_or("");
    let line = 1 + before.matches('\n').count();
    let column = match before.rfind('\n') {
        Some(nl) => at - nl,
        None => at + 1,
    };
    (line, column)
}

/// The spot in the file of a PromQL error: inside the expression when it is written
/// plain on one line, else its start.
fn expr_error_position(expr: &NodeText, at_byte: usize) -> Option<Position> {
    let pos = expr.pos?;
    if !expr.inline {
        return Some(pos);
    }
    let chars = expr.value.get(..at_byte).map_or(0, |s| s.chars().count());
    Some(Position {
        line: pos.line,
        column: pos.column + chars,
    })
}

/// Checks one rule, reporting each problem with where it is; the rule when valid.
fn check_rule(
    r: &RawRule,
    group_labels: &RawMap,
    report: &mut dyn FnMut(RuleErrorKind, Option<Position>),
) -> Option<Rule> {
    let (alert, record) = (&r.alert.value, &r.record.value);
    if !record.is_empty() && !alert.is_empty() {
        report(RuleErrorKind::BothAlertAndRecord, r.record.pos);
    }
    if record.is_empty() && alert.is_empty() {
        report(RuleErrorKind::NeitherAlertNorRecord, None);
    }
    let expr = if r.expr.value.is_empty() {
        report(RuleErrorKind::ExprMissing, r.expr.pos);
        None
    } else {
        match parse(&r.expr.value) {
            Ok(e) => Some(e),
            Err(error) => {
                let (line, column) = line_and_column(&r.expr.value, &error);
                let at = expr_error_position(&r.expr, error_byte(&r.expr.value, &error));
                report(
                    RuleErrorKind::ExprInvalid {
                        error,
                        line,
                        column,
                    },
                    at,
                );
                None
            }
        }
    };
    if !record.is_empty() {
        if !r.annotations.is_empty() {
            report(RuleErrorKind::AnnotationsInRecording, r.record.pos);
        }
        if r.for_ms != 0 {
            report(RuleErrorKind::ForInRecording, r.record.pos);
        }
        if r.keep_firing_for_ms != 0 {
            report(RuleErrorKind::KeepFiringForInRecording, r.record.pos);
        }
        if record.contains(['{', '}']) {
            report(
                RuleErrorKind::BracesInRecordName(record.clone()),
                r.record.pos,
            );
        }
    }
    for (name, _) in &r.labels {
        if !label_name_ok(&name.value) {
            report(
                RuleErrorKind::InvalidLabelName(name.value.clone()),
                Some(name.pos),
            );
        }
    }
    for (name, _) in &r.annotations {
        if name.value.is_empty() {
            report(
                RuleErrorKind::InvalidAnnotationName(name.value.clone()),
                Some(name.pos),
            );
        }
    }
    let labels = merged(&r.labels, group_labels);
    if alert.is_empty() {
        return Some(Rule {
            name: record.clone(),
            expr_text: r.expr.value.clone(),
            expr: expr?,
            kind: RuleKind::Recording {
                labels: labels.into_iter().map(|(n, v, _)| (n, v)).collect(),
            },
            position: r.pos,
        });
    }
    let template_name = format!("__alert_{alert}");
    let mut templates = |entries: Vec<(String, String, Option<Position>)>, place| {
        let mut out = Vec::new();
        for (key, text, pos) in entries {
            match Template::parse(&template_name, &text) {
                Ok(t) => out.push((key, t)),
                Err(error) => report(RuleErrorKind::Template { place, key, error }, pos),
            }
        }
        out
    };
    let labels = templates(labels, TemplatePlace::Label);
    let annotations = templates(
        merged(&r.annotations, &Vec::new()),
        TemplatePlace::Annotation,
    );
    Some(Rule {
        name: alert.clone(),
        expr_text: r.expr.value.clone(),
        expr: expr?,
        kind: RuleKind::Alerting(AlertingSpec {
            for_ms: r.for_ms,
            keep_firing_for_ms: r.keep_firing_for_ms,
            labels,
            annotations,
        }),
        position: r.pos,
    })
}

/// The rule's entries, then the group's it does not override, sorted by name.
fn merged(own: &RawMap, group: &RawMap) -> Vec<(String, String, Option<Position>)> {
    let mut out: Vec<(String, String, Option<Position>)> = own
        .iter()
        .map(|(n, v)| (n.value.clone(), v.clone(), Some(n.pos)))
        .collect();
    for (n, v) in group {
        if !out.iter().any(|(name, _, _)| *name == n.value) {
            out.push((n.value.clone(), v.clone(), None));
        }
    }
    crate::order::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    out
}
