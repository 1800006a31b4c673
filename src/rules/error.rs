//! Why a rules file was refused, where, and how to say it in French or English. The
//! English text is Prometheus 3's (`promtool check rules`), without promtool's
//! `L:C:` prefix: the position is given apart, so the editor can point at it.

use std::fmt;

use crate::config::{ConfigError, Position, TypeIssue};
use crate::go::quote::go_quote;
use crate::lang::Lang;
use crate::promql::ParseError;

use super::template::TemplateError;

/// A problem with YAML's shape, in yaml.v3's `unmarshal errors` list.
#[derive(Clone, Debug, PartialEq)]
pub enum YamlIssue {
    /// A value that does not fit, or an unknown field (yaml.v2 and v3 agree).
    Type(TypeIssue),
    /// `mapping key "x" already defined at line N`.
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// Where it is repeated.
        position: Position,
        /// The line of its first occurrence.
        first_line: usize,
    },
}

impl YamlIssue {
    /// Where the issue is.
    pub fn position(&self) -> Position {
        match self {
            YamlIssue::Type(t) => t.position,
            YamlIssue::DuplicateKey { position, .. } => *position,
        }
    }

    /// One line of the list, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            // yaml.v2's words as promtool prints them, explained in French.
            YamlIssue::Type(t) => match lang {
                Lang::En => t.to_string(),
                Lang::Fr => format!("{t} ({})", t.explanation(lang)),
            },
            YamlIssue::DuplicateKey {
                key,
                position,
                first_line,
            } => match lang {
                Lang::En => format!(
                    "line {}: mapping key {} already defined at line {first_line}",
                    position.line,
                    go_quote(key)
                ),
                Lang::Fr => format!(
                    "ligne {} : clé {} déjà définie ligne {first_line}",
                    position.line,
                    go_quote(key)
                ),
            },
        }
    }
}

/// Which rule an error is about: its group, its number in the group (from 1) and its
/// name (`alert` or `record`).
#[derive(Clone, Debug, PartialEq)]
pub struct RuleRef {
    /// The group's name.
    pub group: String,
    /// The rule's number in its group, from 1.
    pub index: usize,
    /// The rule's `alert` or `record` name (may be empty).
    pub name: String,
}

/// Where a template sits in a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplatePlace {
    /// In `labels`.
    Label,
    /// In `annotations`.
    Annotation,
}

/// What can be wrong with a rules file.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleErrorKind {
    /// Not YAML, or a value Prometheus's own decoding refuses (a bad duration).
    Yaml(ConfigError),
    /// Values that do not fit the rules' types (all of them, in document order).
    Unmarshal(Vec<YamlIssue>),
    /// A group without a name.
    GroupNameEmpty,
    /// Two groups with the same name.
    GroupRepeated(String),
    /// A rule with both `alert` and `record`.
    BothAlertAndRecord,
    /// A rule with neither `alert` nor `record`.
    NeitherAlertNorRecord,
    /// A rule without `expr`.
    ExprMissing,
    /// An `expr` that is not PromQL: the parser's error and where it is in the
    /// expression (line and column, as Prometheus counts them).
    ExprInvalid {
        /// The PromQL error.
        error: ParseError,
        /// Line in the expression, from 1.
        line: usize,
        /// Column in bytes, from 1.
        column: usize,
    },
    /// `annotations` on a recording rule.
    AnnotationsInRecording,
    /// `for` on a recording rule.
    ForInRecording,
    /// `keep_firing_for` on a recording rule.
    KeepFiringForInRecording,
    /// A recording rule name with braces (an expression where a name should be).
    BracesInRecordName(String),
    /// A label name that is empty or `__name__`.
    InvalidLabelName(String),
    /// An empty annotation name.
    InvalidAnnotationName(String),
    /// A label or annotation template that does not parse.
    Template {
        /// Label or annotation.
        place: TemplatePlace,
        /// Its name.
        key: String,
        /// The template's error.
        error: TemplateError,
    },
}

/// A refused rules file: what, where, and which rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleError {
    /// What is wrong.
    pub kind: RuleErrorKind,
    /// Where, when known.
    pub position: Option<Position>,
    /// The rule concerned, for rule-level errors.
    pub rule: Option<RuleRef>,
}

impl RuleError {
    /// An error about a whole file or group.
    pub(crate) fn at(kind: RuleErrorKind, position: Option<Position>) -> Self {
        RuleError {
            kind,
            position,
            rule: None,
        }
    }

    /// The message in `lang`; English is Prometheus's wording.
    pub fn message(&self, lang: Lang) -> String {
        let text = self.kind.message(lang);
        match &self.rule {
            Some(r) => match lang {
                Lang::En => format!(
                    "group {}, rule {}, {}: {text}",
                    go_quote(&r.group),
                    r.index,
                    go_quote(&r.name)
                ),
                Lang::Fr => format!(
                    "groupe {}, règle {}, {} : {text}",
                    go_quote(&r.group),
                    r.index,
                    go_quote(&r.name)
                ),
            },
            None => text,
        }
    }
}

impl RuleErrorKind {
    /// The message in `lang`, without the rule's reference.
    pub fn message(&self, lang: Lang) -> String {
        use RuleErrorKind as K;
        let fr = lang == Lang::Fr;
        match self {
            K::Yaml(e) => match lang {
                Lang::En => e.to_string(),
                Lang::Fr => format!("{e} ({})", e.explanation(lang)),
            },
            K::Unmarshal(issues) => {
                let mut out = String::from(lang.pick(
                    "yaml : valeurs de type incorrect :",
                    "yaml: unmarshal errors:",
                ));
                for issue in issues {
                    out.push_str("\n  ");
                    out.push_str(&issue.message(lang));
                }
                out
            }
            K::GroupNameEmpty => lang
                .pick(
                    "un groupe doit avoir un nom (name)",
                    "Groupname must not be empty",
                )
                .into(),
            K::GroupRepeated(name) => {
                if fr {
                    format!(
                        "le nom de groupe {} est répété dans le fichier",
                        go_quote(name)
                    )
                } else {
                    format!("groupname: \"{name}\" is repeated in the same file")
                }
            }
            K::BothAlertAndRecord => lang
                .pick(
                    "une règle a soit alert, soit record, pas les deux",
                    "only one of 'record' and 'alert' must be set",
                )
                .into(),
            K::NeitherAlertNorRecord => lang
                .pick(
                    "une règle doit avoir alert (alerte) ou record (enregistrement)",
                    "one of 'record' or 'alert' must be set",
                )
                .into(),
            K::ExprMissing => lang
                .pick(
                    "il manque expr à la règle",
                    "field 'expr' must be set in rule",
                )
                .into(),
            K::ExprInvalid {
                error,
                line,
                column,
            } => {
                if fr {
                    format!(
                        "expression illisible : {line}:{column} : {}",
                        error.message(lang)
                    )
                } else {
                    format!(
                        "could not parse expression: {line}:{column}: parse error: {}",
                        error.message(lang)
                    )
                }
            }
            K::AnnotationsInRecording => lang
                .pick(
                    "annotations n'a pas de sens dans une règle d'enregistrement (record)",
                    "invalid field 'annotations' in recording rule",
                )
                .into(),
            K::ForInRecording => lang
                .pick(
                    "for n'a pas de sens dans une règle d'enregistrement (record)",
                    "invalid field 'for' in recording rule",
                )
                .into(),
            K::KeepFiringForInRecording => lang
                .pick(
                    "keep_firing_for n'a pas de sens dans une règle d'enregistrement (record)",
                    "invalid field 'keep_firing_for' in recording rule",
                )
                .into(),
            K::BracesInRecordName(name) => {
                if fr {
                    format!(
                        "accolades dans le nom d'enregistrement, elles vont dans expr ? : {name}"
                    )
                } else {
                    format!(
                        "braces present in the recording rule name; should it be in expr?: {name}"
                    )
                }
            }
            K::InvalidLabelName(name) => {
                if fr {
                    format!("nom de label invalide : {name}")
                } else {
                    format!("invalid label name: {name}")
                }
            }
            K::InvalidAnnotationName(name) => {
                if fr {
                    format!("nom d'annotation invalide : {name}")
                } else {
                    format!("invalid annotation name: {name}")
                }
            }
            K::Template { place, key, error } => {
                let what = match place {
                    TemplatePlace::Label => "label",
                    TemplatePlace::Annotation => "annotation",
                };
                let sep = lang.pick(" : ", ": ");
                format!("{what} {}{sep}{}", go_quote(key), error.message(lang))
            }
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for RuleError {}

/// Every error found in a rules file, in document order (promtool lists them all).
#[derive(Clone, Debug, PartialEq)]
pub struct RulesError(pub Vec<RuleError>);

impl RulesError {
    /// The first error (there is always one).
    pub fn first(&self) -> Option<&RuleError> {
        self.0.first()
    }
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl std::error::Error for RulesError {}
