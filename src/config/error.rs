//! Why a `prometheus.yml` was refused and where, in Prometheus's own words
//! (`promtool check config`), so a learner recognises what the real tools print. The
//! plain-words explanation in French or English is in `explain.rs`.

use std::fmt;

use crate::go::duration::DurationError;
use crate::go::quote::go_quote;
use crate::lang::Lang;

use super::problems::{AlertingProblem, ClientProblem, RelabelProblem};

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

/// Where a badly typed value or an unknown key sits, to say it in words.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    /// The whole document, or a key of its top level.
    Document,
    /// The value of this key (or a key of the mapping that is its value).
    ValueOf(String),
    /// An item of the list that is this key's value (or a key of that item).
    ItemOf(String),
    /// A mapping's key itself.
    Key,
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
        /// The whole value as written, if scalar.
        text: Option<String>,
        /// The Go type it should fit, as Prometheus names it.
        into: String,
        /// Where the value is.
        place: Place,
    },
    /// A key the type does not have: `field xyz not found in type config.ScrapeConfig`.
    FieldNotFound {
        /// The unknown key.
        field: String,
        /// The Go type, as Prometheus names it.
        in_type: String,
        /// The mapping it is in.
        place: Place,
        /// The known key of that mapping nearest to it, if one is close.
        suggestion: Option<String>,
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
    /// Not YAML at all.
    Syntax {
        /// The YAML parser's description, in yaml.v2's words when Sonde knows them.
        problem: String,
        /// The line yaml.v2 names (`yaml: line 3: ...`), which is not always where the
        /// problem is; `None` when it names none (a problem on the first line).
        line: Option<usize>,
        /// What most likely went wrong, for the explanation.
        cause: SyntaxCause,
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
    /// A relabel step Prometheus refuses.
    Relabel(RelabelProblem),
    /// A null element of `relabel_configs` (or of `metric_relabel_configs` when `metric`).
    EmptyRelabel {
        /// Whether it is in `metric_relabel_configs`.
        metric: bool,
    },
    /// Authentication settings Prometheus refuses together.
    Client(ClientProblem),
    /// Something Prometheus refuses in `alerting`.
    Alerting(AlertingProblem),
}

/// What most likely makes a text invalid YAML, for the explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxCause {
    /// A tab where YAML wants spaces.
    Tab,
    /// A character no YAML value may start with (`@`, `` ` ``, `%`).
    Character(char),
    /// A line indented differently from its neighbours.
    Indentation,
    /// A `:` where no key may be: a line indented under a value, or `: ` inside a value.
    Colon,
    /// A key without its `:`.
    MissingColon,
    /// A list item without its `- `, or misaligned with the other items.
    Dash,
    /// A `[` or `{` never closed (the bracket that closes it).
    Unclosed(char),
    /// A `]` or `}` that closes nothing.
    StrayBracket,
    /// A quote never closed (the quote character).
    UnclosedQuote(char),
    /// A value missing where one is expected.
    MissingValue,
    /// Anything else.
    Other,
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
    /// An address that relabelling turned into something with a `/` in it.
    InvalidHostname(String),
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

    /// Every line the error names: each type problem's, else its position's.
    pub fn lines(&self) -> Vec<usize> {
        match &self.kind {
            ConfigErrorKind::Unmarshal(issues) => {
                let mut lines: Vec<usize> = issues.iter().map(|i| i.position.line).collect();
                lines.dedup();
                lines
            }
            _ => self.position.map(|p| p.line).into_iter().collect(),
        }
    }
}

impl fmt::Display for TypeIssue {
    /// One line of yaml.v2's `unmarshal errors` list.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.position.line)?;
        match &self.problem {
            TypeProblem::CannotUnmarshal {
                tag, value, into, ..
            } => match value {
                Some(v) => write!(f, "cannot unmarshal {tag} `{v}` into {into}"),
                None => write!(f, "cannot unmarshal {tag} into {into}"),
            },
            TypeProblem::FieldNotFound { field, in_type, .. } => {
                write!(f, "field {field} not found in type {in_type}")
            }
            TypeProblem::FieldAlreadySet { field, in_type } => {
                write!(f, "field {field} already set in type {in_type}")
            }
            TypeProblem::KeyAlreadySet { key } => {
                write!(f, "key {} already set in map", go_quote(key))
            }
        }
    }
}

impl fmt::Display for TargetProblem {
    /// Prometheus's words (`scrape.PopulateLabels`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetProblem::NoAddress => f.write_str("no address"),
            TargetProblem::BadInterval(e) => {
                write!(f, "error parsing scrape interval: {}", e.message(Lang::En))
            }
            TargetProblem::BadTimeout(e) => {
                write!(f, "error parsing scrape timeout: {}", e.message(Lang::En))
            }
            TargetProblem::ZeroInterval => f.write_str("scrape interval cannot be 0"),
            TargetProblem::ZeroTimeout => f.write_str("scrape timeout cannot be 0"),
            TargetProblem::TimeoutTooLong { timeout, interval } => write!(
                f,
                "scrape timeout cannot be greater than scrape interval ({} > {})",
                go_quote(timeout),
                go_quote(interval)
            ),
            TargetProblem::InvalidHostname(a) => {
                write!(f, "{} is not a valid hostname", go_quote(a))
            }
        }
    }
}

impl fmt::Display for ConfigError {
    /// Prometheus's words, without promtool's `parsing YAML file <name>: `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ConfigErrorKind as K;
        match &self.kind {
            K::Syntax {
                problem,
                line: Some(line),
                ..
            } => write!(f, "yaml: line {line}: {problem}"),
            K::Syntax { problem, .. } => write!(f, "yaml: {problem}"),
            K::UnknownAnchor(name) => write!(f, "yaml: unknown anchor '{name}' referenced"),
            K::AliasCycle(name) => write!(f, "yaml: anchor '{name}' value contains itself"),
            K::ExcessiveAliasing => f.write_str("yaml: document contains excessive aliasing"),
            K::TooDeep => f.write_str("yaml: exceeded max depth of 10000"),
            K::TagMismatch {
                found,
                value,
                wanted,
            } => write!(f, "yaml: cannot decode {found} `{value}` as a {wanted}"),
            K::MergeWantsMap => {
                f.write_str("yaml: map merge requires map or sequence of maps as the value")
            }
            K::Unmarshal(issues) => {
                f.write_str("yaml: unmarshal errors:")?;
                for issue in issues {
                    write!(f, "\n  {issue}")?;
                }
                Ok(())
            }
            K::Duration(e) => f.write_str(&e.message(Lang::En)),
            K::InvalidLabelName(name) => write!(f, "{} is not a valid label name", go_quote(name)),
            K::EmptyScrapeConfig => f.write_str("empty or null scrape config section"),
            K::EmptyStaticConfig => f.write_str("empty or null section in static_configs"),
            K::JobNameEmpty => f.write_str("job_name is empty"),
            K::InvalidHostname(t) => write!(f, "{} is not a valid hostname", go_quote(t)),
            K::GlobalTimeoutTooLong => {
                f.write_str("global scrape timeout greater than scrape interval")
            }
            K::TimeoutTooLong { job } => write!(
                f,
                "scrape timeout greater than scrape interval for scrape config with job name {}",
                go_quote(job)
            ),
            K::DuplicateJob { job } => write!(
                f,
                "found multiple scrape configs with job name {}",
                go_quote(job)
            ),
            K::InvalidRuleFilePath(p) => write!(f, "invalid rule file path {}", go_quote(p)),
            K::Target {
                index,
                group,
                problem,
            } => write!(f, "instance {index} in group {group}: {problem}"),
            K::Relabel(problem) => write!(f, "{problem}"),
            K::EmptyRelabel { metric: false } => {
                f.write_str("empty or null target relabeling rule in scrape config")
            }
            K::EmptyRelabel { metric: true } => {
                f.write_str("empty or null metric relabeling rule in scrape config")
            }
            K::Client(problem) => write!(f, "{problem}"),
            K::Alerting(problem) => write!(f, "{problem}"),
        }
    }
}

impl std::error::Error for ConfigError {}
