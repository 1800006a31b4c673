//! Why a `prometheus.yml` was refused, where, and how to say it in French or English.
//!
//! The English text follows Prometheus 3's own words (`promtool check config`), without
//! the `parsing YAML file <name>:` prefix, so a learner recognises it.

use std::fmt;

use crate::go::duration::DurationError;
use crate::go::quote::go_quote;
use crate::lang::Lang;

/// A 1-based line and column (in characters) in the YAML text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// A refused configuration: what is wrong and, when there is one, where.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    /// What is wrong.
    pub kind: ConfigErrorKind,
    /// Where (the offending key, value or element).
    pub position: Option<Position>,
}

/// One problem found while fitting YAML into Prometheus's types (yaml.v2's
/// `unmarshal errors`); Prometheus lists all of them, one per line.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeIssue {
    /// Where the problem is.
    pub position: Position,
    /// What it is.
    pub problem: TypeProblem,
}

/// The kinds of type problems yaml.v2 reports.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeProblem {
    /// A value of the wrong shape: `cannot unmarshal !!str `x` into bool`.
    CannotUnmarshal {
        /// The YAML tag (`!!str`, `!!seq`...).
        tag: String,
        /// The value as yaml.v2 shows it (cut to 7 bytes and `...` past 10), if scalar.
        value: Option<String>,
        /// The Go type it should fit, as Prometheus names it.
        into: String,
    },
    /// A key the type does not have: `field xyz not found in type config.ScrapeConfig`.
    FieldNotFound {
        /// The unknown key.
        field: String,
        /// The Go type, as Prometheus names it.
        in_type: String,
    },
    /// A key given twice: `field xyz already set in type config.plain`.
    FieldAlreadySet {
        /// The repeated key.
        field: String,
        /// The Go type, as Prometheus names it.
        in_type: String,
    },
    /// A map key given twice: `key "x" already set in map`.
    KeyAlreadySet {
        /// The repeated key.
        key: String,
    },
}

/// What can be wrong with a `prometheus.yml`.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigErrorKind {
    /// Not YAML at all; `problem` is the YAML parser's description.
    Syntax {
        /// The parser's own words.
        problem: String,
    },
    /// An alias (`*name`) to an anchor that was never defined (the name).
    UnknownAnchor(String),
    /// An anchor whose value contains an alias to itself (the anchor's name).
    AliasCycle(String),
    /// Too many aliases followed for the size of the document (alias bomb).
    ExcessiveAliasing,
    /// Collections nested deeper than 10000 levels.
    TooDeep,
    /// An explicit tag the value does not fit (`!!int abc`).
    TagMismatch {
        /// The tag the value resolves to.
        found: String,
        /// The value.
        value: String,
        /// The tag written.
        wanted: String,
    },
    /// A `<<` merge key whose value is not a mapping or a list of mappings.
    MergeWantsMap,
    /// Values that do not fit Prometheus's types (all of them, in document order).
    Unmarshal(Vec<TypeIssue>),
    /// A duration that Prometheus cannot read.
    Duration(DurationError),
    /// A label name that is not valid (empty, in Prometheus 3's UTF-8 scheme).
    InvalidLabelName(String),
    /// An element of `scrape_configs` that is empty or null.
    EmptyScrapeConfig,
    /// An element of `static_configs` that is empty or null.
    EmptyStaticConfig,
    /// A scrape config without a `job_name`.
    JobNameEmpty,
    /// A target containing `/` (a URL or a path instead of `host:port`).
    InvalidHostname(String),
    /// `global.scrape_timeout` greater than `global.scrape_interval`.
    GlobalTimeoutTooLong,
    /// A job whose `scrape_timeout` is greater than its `scrape_interval`.
    TimeoutTooLong {
        /// The job.
        job: String,
    },
    /// Two scrape configs with the same `job_name`.
    DuplicateJob {
        /// The repeated job name.
        job: String,
    },
    /// A `rule_files` entry with a `*` in a directory part.
    InvalidRuleFilePath(String),
    /// A target that Prometheus would refuse once its labels are computed
    /// (`instance 0 in group 0: no address`).
    Target {
        /// Index of the target in its group.
        index: usize,
        /// Index of the group among the job's static configs.
        group: usize,
        /// What is wrong with it.
        problem: TargetProblem,
    },
    /// A key Prometheus knows but Sonde does not simulate.
    Unsupported {
        /// The key.
        key: String,
    },
}

/// Why a target is refused when its labels are computed.
#[derive(Clone, Debug, PartialEq)]
pub enum TargetProblem {
    /// Empty address.
    NoAddress,
    /// `__scrape_interval__` label that is not a duration.
    BadInterval(DurationError),
    /// `__scrape_timeout__` label that is not a duration.
    BadTimeout(DurationError),
    /// Interval of zero.
    ZeroInterval,
    /// Timeout of zero.
    ZeroTimeout,
    /// Timeout greater than interval, both as written in the labels.
    TimeoutTooLong {
        /// The timeout text.
        timeout: String,
        /// The interval text.
        interval: String,
    },
}

impl ConfigError {
    /// An error at a known position.
    pub fn at(kind: ConfigErrorKind, position: Position) -> Self {
        ConfigError {
            kind,
            position: Some(position),
        }
    }

    /// What `promtool check config` prints after `FAILED: ` for a file named `file`:
    /// Prometheus's words behind `parsing YAML file <file>: `, except for the checks
    /// promtool makes itself on static targets, which have no prefix.
    pub fn promtool_text(&self, file: &str) -> String {
        match self.kind {
            ConfigErrorKind::Target { .. } => self.to_string(),
            _ => format!("parsing YAML file {file}: {self}"),
        }
    }

    /// The message in `lang`; English is Prometheus's wording.
    pub fn message(&self, lang: Lang) -> String {
        use ConfigErrorKind as K;
        let fr = lang == Lang::Fr;
        match &self.kind {
            K::Syntax { problem } => {
                let line = self.position.map_or(0, |p| p.line);
                if fr {
                    format!("yaml : ligne {line} : {}", syntax_fr(problem))
                } else {
                    format!("yaml: line {line}: {problem}")
                }
            }
            K::UnknownAnchor(name) => {
                if fr {
                    format!("yaml : l'alias *{name} renvoie à une ancre &{name} inconnue")
                } else {
                    format!("yaml: unknown anchor '{name}' referenced")
                }
            }
            K::AliasCycle(name) => {
                if fr {
                    format!("yaml : la valeur de l'ancre &{name} se contient elle-même")
                } else {
                    format!("yaml: anchor '{name}' value contains itself")
                }
            }
            K::ExcessiveAliasing => lang
                .pick(
                    "yaml : le document abuse des alias",
                    "yaml: document contains excessive aliasing",
                )
                .into(),
            K::TooDeep => lang
                .pick(
                    "yaml : imbrication trop profonde (plus de 10000 niveaux)",
                    "yaml: exceeded max depth of 10000",
                )
                .into(),
            K::TagMismatch {
                found,
                value,
                wanted,
            } => {
                if fr {
                    format!("yaml : impossible de lire {found} `{value}` comme {wanted}")
                } else {
                    format!("yaml: cannot decode {found} `{value}` as a {wanted}")
                }
            }
            K::MergeWantsMap => lang
                .pick(
                    "yaml : une fusion << demande une table ou une liste de tables",
                    "yaml: map merge requires map or sequence of maps as the value",
                )
                .into(),
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
            K::Duration(e) => e.message(lang),
            K::InvalidLabelName(name) => {
                if fr {
                    format!("{} n'est pas un nom de label valide", go_quote(name))
                } else {
                    format!("{} is not a valid label name", go_quote(name))
                }
            }
            K::EmptyScrapeConfig => lang
                .pick(
                    "section de scrape_configs vide ou nulle",
                    "empty or null scrape config section",
                )
                .into(),
            K::EmptyStaticConfig => lang
                .pick(
                    "section vide ou nulle dans static_configs",
                    "empty or null section in static_configs",
                )
                .into(),
            K::JobNameEmpty => lang.pick("job_name est vide", "job_name is empty").into(),
            K::InvalidHostname(t) => {
                if fr {
                    format!(
                        "{} n'est pas un nom d'hôte valide (une cible s'écrit hôte:port, sans schéma ni chemin)",
                        go_quote(t)
                    )
                } else {
                    format!("{} is not a valid hostname", go_quote(t))
                }
            }
            K::GlobalTimeoutTooLong => lang
                .pick(
                    "scrape_timeout global plus grand que scrape_interval global",
                    "global scrape timeout greater than scrape interval",
                )
                .into(),
            K::TimeoutTooLong { job } => {
                if fr {
                    format!(
                        "scrape_timeout plus grand que scrape_interval pour le job {}",
                        go_quote(job)
                    )
                } else {
                    format!(
                        "scrape timeout greater than scrape interval for scrape config with job name {}",
                        go_quote(job)
                    )
                }
            }
            K::DuplicateJob { job } => {
                if fr {
                    format!(
                        "plusieurs scrape_configs portent le job_name {}",
                        go_quote(job)
                    )
                } else {
                    format!(
                        "found multiple scrape configs with job name {}",
                        go_quote(job)
                    )
                }
            }
            K::InvalidRuleFilePath(p) => {
                if fr {
                    format!("chemin de fichier de règles invalide {}", go_quote(p))
                } else {
                    format!("invalid rule file path {}", go_quote(p))
                }
            }
            K::Target {
                index,
                group,
                problem,
            } => {
                if fr {
                    format!(
                        "cible {index} du groupe {group} : {}",
                        problem.message(lang)
                    )
                } else {
                    format!(
                        "instance {index} in group {group}: {}",
                        problem.message(lang)
                    )
                }
            }
            K::Unsupported { key } => {
                if fr {
                    format!("{key} : option connue de Prometheus mais pas simulée par Sonde")
                } else {
                    format!("{key}: a Prometheus option that Sonde does not simulate")
                }
            }
        }
    }
}

impl TypeIssue {
    /// One line of yaml.v2's `unmarshal errors` list.
    pub fn message(&self, lang: Lang) -> String {
        let line = self.position.line;
        let fr = lang == Lang::Fr;
        match &self.problem {
            TypeProblem::CannotUnmarshal { tag, value, into } => {
                let shown = value
                    .as_ref()
                    .map(|v| format!(" `{v}`"))
                    .unwrap_or_default();
                if fr {
                    format!("ligne {line} : impossible de lire {tag}{shown} comme {into}")
                } else {
                    format!("line {line}: cannot unmarshal {tag}{shown} into {into}")
                }
            }
            TypeProblem::FieldNotFound { field, in_type } => {
                if fr {
                    format!("ligne {line} : champ {field} inconnu dans le type {in_type}")
                } else {
                    format!("line {line}: field {field} not found in type {in_type}")
                }
            }
            TypeProblem::FieldAlreadySet { field, in_type } => {
                if fr {
                    format!("ligne {line} : champ {field} déjà défini dans le type {in_type}")
                } else {
                    format!("line {line}: field {field} already set in type {in_type}")
                }
            }
            TypeProblem::KeyAlreadySet { key } => {
                if fr {
                    format!("ligne {line} : clé {} déjà définie", go_quote(key))
                } else {
                    format!("line {line}: key {} already set in map", go_quote(key))
                }
            }
        }
    }
}

impl TargetProblem {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            TargetProblem::NoAddress => lang.pick("adresse vide", "no address").into(),
            TargetProblem::BadInterval(e) => {
                let what = lang.pick(
                    "erreur de lecture de l'intervalle de scrape",
                    "error parsing scrape interval",
                );
                format!("{what}: {}", e.message(lang))
            }
            TargetProblem::BadTimeout(e) => {
                let what = lang.pick(
                    "erreur de lecture du délai de scrape",
                    "error parsing scrape timeout",
                );
                format!("{what}: {}", e.message(lang))
            }
            TargetProblem::ZeroInterval => lang
                .pick(
                    "l'intervalle de scrape ne peut pas être 0",
                    "scrape interval cannot be 0",
                )
                .into(),
            TargetProblem::ZeroTimeout => lang
                .pick(
                    "le délai de scrape ne peut pas être 0",
                    "scrape timeout cannot be 0",
                )
                .into(),
            TargetProblem::TimeoutTooLong { timeout, interval } => {
                if fr {
                    format!(
                        "le délai de scrape ne peut pas dépasser l'intervalle ({} > {})",
                        go_quote(timeout),
                        go_quote(interval)
                    )
                } else {
                    format!(
                        "scrape timeout cannot be greater than scrape interval ({} > {})",
                        go_quote(timeout),
                        go_quote(interval)
                    )
                }
            }
        }
    }
}

/// French for the YAML parser's most common complaints; others stay as written.
fn syntax_fr(problem: &str) -> String {
    const KNOWN: [(&str, &str); 7] = [
        (
            "found character that cannot start any token",
            "tabulation (ou caractère) interdite ici : indenter avec des espaces",
        ),
        (
            "mapping values are not allowed in this context",
            "« : » inattendu ici (indentation décalée, ou valeur à mettre entre guillemets)",
        ),
        (
            "did not find expected key",
            "clé attendue introuvable (indentation incohérente ?)",
        ),
        ("invalid indentation", "indentation incorrecte"),
        (
            "tab character that violates indentation",
            "tabulation interdite dans l'indentation : indenter avec des espaces",
        ),
        (
            "did not find expected node content",
            "valeur attendue introuvable (crochet ou accolade non fermé ?)",
        ),
        (
            "unexpected end of",
            "fin de texte inattendue (crochet, accolade ou guillemet non fermé ?)",
        ),
    ];
    KNOWN
        .iter()
        .find(|(en, _)| problem.contains(en))
        .map_or_else(
            || problem.to_string(),
            |(_, fr)| format!("{fr} ({problem})"),
        )
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ConfigError {}
