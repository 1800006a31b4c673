//! What can go wrong reading a shared link: fatal errors (nothing can be restored) and
//! field issues (one field was bad and fell back to its default or was clamped).

use std::fmt;

use crate::lang::Lang;

/// Why a shared link cannot be read at all.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareError {
    /// The fragment has no `s=` parameter.
    Missing,
    /// The fragment is longer than the limit (its length and the limit, in bytes).
    TooLarge {
        /// Length found.
        len: usize,
        /// Limit.
        max: usize,
    },
    /// The parameter is not valid base64url; `offset` is the first bad character's.
    BadBase64 {
        /// Byte offset in the encoded text, when known.
        offset: Option<usize>,
    },
    /// The decoded bytes are not a JSON document (line and column of the problem).
    BadJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The JSON is valid but is not an object.
    NotAnObject,
}

impl ShareError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ShareError::Missing => lang
                .pick(
                    "le lien ne contient pas d'état partagé (« #s=... »)",
                    "the link holds no shared state (\"#s=...\")",
                )
                .to_string(),
            ShareError::TooLarge { len, max } => match lang {
                Lang::Fr => format!("lien trop long : {len} octets (au plus {max})"),
                Lang::En => format!("link too long: {len} bytes (at most {max})"),
            },
            ShareError::BadBase64 { offset } => match (lang, offset) {
                (Lang::Fr, Some(o)) => {
                    format!("lien abîmé : caractère inattendu à la position {}", o + 1)
                }
                (Lang::En, Some(o)) => {
                    format!("damaged link: unexpected character at position {}", o + 1)
                }
                (Lang::Fr, None) => "lien abîmé : longueur incorrecte".to_string(),
                (Lang::En, None) => "damaged link: wrong length".to_string(),
            },
            ShareError::BadJson { line, column } => match lang {
                Lang::Fr => {
                    format!("lien abîmé : contenu illisible (ligne {line}, colonne {column})")
                }
                Lang::En => {
                    format!("damaged link: unreadable content (line {line}, column {column})")
                }
            },
            ShareError::NotAnObject => lang
                .pick(
                    "lien abîmé : l'état partagé n'est pas un objet",
                    "damaged link: the shared state is not an object",
                )
                .to_string(),
        }
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ShareError {}

/// What was wrong with one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueKind {
    /// Not the expected kind of value: the default was kept.
    Invalid,
    /// Outside its bounds: clamped to the nearest bound.
    Clamped,
    /// Too many items: the extra ones were dropped.
    Truncated,
    /// Written by a newer Sonde: fields it does not know were ignored.
    NewerVersion,
}

/// One field of a shared link that could not be taken as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareIssue {
    /// The field's path, e.g. `range_ms` or `panels[2].alert`.
    pub field: String,
    /// What happened to it.
    pub kind: IssueKind,
}

impl ShareIssue {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let f = &self.field;
        match (self.kind, lang) {
            (IssueKind::Invalid, Lang::Fr) => {
                format!("{f} : valeur invalide, valeur par défaut utilisée")
            }
            (IssueKind::Invalid, Lang::En) => format!("{f}: invalid value, default used"),
            (IssueKind::Clamped, Lang::Fr) => {
                format!("{f} : valeur hors limites, ramenée à la limite")
            }
            (IssueKind::Clamped, Lang::En) => format!("{f}: value out of range, clamped"),
            (IssueKind::Truncated, Lang::Fr) => {
                format!("{f} : trop d'éléments, les derniers sont ignorés")
            }
            (IssueKind::Truncated, Lang::En) => {
                format!("{f}: too many items, the last ones were dropped")
            }
            (IssueKind::NewerVersion, Lang::Fr) => {
                format!(
                    "{f} : lien créé par une version plus récente, certains réglages sont ignorés"
                )
            }
            (IssueKind::NewerVersion, Lang::En) => {
                format!("{f}: link made by a newer version, some settings were ignored")
            }
        }
    }
}

impl fmt::Display for ShareIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
