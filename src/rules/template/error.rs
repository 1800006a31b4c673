//! Why a template was refused, in Go's words (`template: NAME:LINE: ...`, as promtool
//! prints them) and in French.

use std::fmt;

use crate::go::quote::go_quote;
use crate::lang::Lang;

/// What is wrong in a template's text.
#[derive(Clone, Debug, PartialEq)]
pub enum ParseProblem {
    /// `{{` never closed.
    UnclosedAction,
    /// `{{/*` never closed.
    UnclosedComment,
    /// `*/` not followed by `}}`.
    CommentEndsBeforeDelim,
    /// `(` still open at `}}`.
    UnclosedLeftParen,
    /// `)` without `(`.
    UnexpectedRightParen,
    /// `:` not followed by `=`.
    ExpectedDeclare,
    /// A character that cannot appear in an action.
    UnrecognizedCharacter(char),
    /// A name or variable glued to a character that cannot follow it (`$labels.a-b`).
    BadCharacter(char),
    /// `"` never closed on its line.
    UnterminatedQuoted,
    /// `` ` `` never closed.
    UnterminatedRawQuoted,
    /// `'` never closed.
    UnterminatedChar,
    /// A number the scanner cannot read (`1x`).
    BadNumber(String),
    /// A number the parser cannot read.
    IllegalNumber(String),
    /// A function that does not exist.
    FunctionNotDefined(String),
    /// A variable never declared.
    UndefinedVariable(String),
    /// A token where it cannot be (the token as Go describes it, and the context).
    Unexpected(String, String),
    /// `{{end}}` or `{{else}}` with nothing to close (the keyword).
    UnexpectedKeyword(String),
    /// The text ended inside `if`, `range`, `with` or `define`.
    UnexpectedEof,
    /// An action or clause without a value (the context: `command`, `if`...).
    MissingValue(String),
    /// A constant after `|` (the 1-based stage).
    NonExecutable(usize),
    /// `{{else}}` that is not followed by `{{end}}` (what came instead).
    ExpectedEnd(String),
    /// `.Field` after a constant (the constant).
    DotAfterTerm(String),
    /// More variables declared than the clause allows (the clause).
    TooManyDeclarations(String),
    /// `{{break}}` or `{{continue}}` outside `range` (the keyword).
    OutsideRange(String),
    /// A quoted string with a bad escape (`strconv.Unquote`'s words).
    InvalidSyntax,
}

impl ParseProblem {
    /// The problem in `lang`; English is Go's text.
    pub fn message(&self, lang: Lang) -> String {
        use ParseProblem as P;
        let fr = lang == Lang::Fr;
        let pick = |f: &str, e: &str| if fr { f.to_string() } else { e.to_string() };
        match self {
            P::UnclosedAction => pick("action {{ non fermée", "unclosed action"),
            P::UnclosedComment => pick("commentaire non fermé", "unclosed comment"),
            P::CommentEndsBeforeDelim => pick(
                "le commentaire se termine avant }}",
                "comment ends before closing delimiter",
            ),
            P::UnclosedLeftParen => pick("parenthèse ouvrante non fermée", "unclosed left paren"),
            P::UnexpectedRightParen => {
                pick("parenthèse fermante en trop", "unexpected right paren")
            }
            P::ExpectedDeclare => pick(":= attendu", "expected :="),
            P::UnrecognizedCharacter(c) => {
                let what = pick(
                    "caractère interdit dans une action",
                    "unrecognized character in action",
                );
                format!("{what}: {}", go_unicode(*c))
            }
            P::BadCharacter(c) => format!(
                "{} {}",
                pick("caractère invalide", "bad character"),
                go_unicode(*c)
            ),
            P::UnterminatedQuoted => pick(
                "chaîne entre guillemets non terminée",
                "unterminated quoted string",
            ),
            P::UnterminatedRawQuoted => pick(
                "chaîne entre accents graves non terminée",
                "unterminated raw quoted string",
            ),
            P::UnterminatedChar => pick(
                "caractère entre apostrophes non terminé",
                "unterminated character constant",
            ),
            P::BadNumber(n) => format!(
                "{}: {}",
                pick("nombre mal formé", "bad number syntax"),
                go_quote(n)
            ),
            P::IllegalNumber(n) => format!(
                "{}: {}",
                pick("nombre illisible", "illegal number syntax"),
                go_quote(n)
            ),
            P::FunctionNotDefined(f) => {
                if fr {
                    format!("fonction {} inconnue", go_quote(f))
                } else {
                    format!("function {} not defined", go_quote(f))
                }
            }
            P::UndefinedVariable(v) => {
                if fr {
                    format!("variable {} non définie", go_quote(v))
                } else {
                    format!("undefined variable {}", go_quote(v))
                }
            }
            P::Unexpected(found, context) => {
                if fr {
                    format!("{found} inattendu dans {}", context_fr(context))
                } else {
                    format!("unexpected {found} in {context}")
                }
            }
            P::UnexpectedKeyword(k) => {
                if fr {
                    format!("{{{{{k}}}}} inattendu : rien à fermer")
                } else {
                    format!("unexpected {{{{{k}}}}}")
                }
            }
            P::UnexpectedEof => pick(
                "fin du texte inattendue : il manque un {{end}}",
                "unexpected EOF",
            ),
            P::MissingValue(context) => {
                if fr {
                    format!("valeur manquante pour {}", context_fr(context))
                } else {
                    format!("missing value for {context}")
                }
            }
            P::NonExecutable(stage) => {
                if fr {
                    format!("étape {stage} du pipeline : une constante ne peut pas recevoir de valeur par |")
                } else {
                    format!("non executable command in pipeline stage {stage}")
                }
            }
            P::ExpectedEnd(found) => {
                if fr {
                    format!("{{{{end}}}} attendu, trouvé {found}")
                } else {
                    format!("expected end; found {found}")
                }
            }
            P::DotAfterTerm(term) => {
                if fr {
                    format!(". inattendu après la constante {}", go_quote(term))
                } else {
                    format!("unexpected . after term {}", go_quote(term))
                }
            }
            P::TooManyDeclarations(context) => {
                if fr {
                    format!("trop de variables déclarées dans {}", context_fr(context))
                } else {
                    format!("too many declarations in {context}")
                }
            }
            P::OutsideRange(k) => {
                if fr {
                    format!("{{{{{k}}}}} hors d'un {{{{range}}}}")
                } else {
                    format!("{{{{{k}}}}} outside {{{{range}}}}")
                }
            }
            P::InvalidSyntax => pick("séquence d'échappement invalide", "invalid syntax"),
        }
    }
}

/// Go's names for parsing contexts, in French.
fn context_fr(context: &str) -> String {
    match context {
        "command" => "une commande".into(),
        "operand" => "un opérande".into(),
        other => other.into(),
    }
}

/// Go's `%#U`: `U+0040 '@'`.
fn go_unicode(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}

/// A template that does not parse: its name, the line (1-based, in the template's own
/// text) and the problem.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateError {
    /// The template's name (`__alert_HighRate` for an alerting rule).
    pub name: String,
    /// The line of the offending token.
    pub line: usize,
    /// What is wrong.
    pub problem: ParseProblem,
}

impl TemplateError {
    /// The message in `lang`; English is Go's (`template: NAME:LINE: ...`).
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => format!(
                "template: {}:{}: {}",
                self.name,
                self.line,
                self.problem.message(lang)
            ),
            Lang::Fr => format!(
                "modèle (template), ligne {} : {}",
                self.line,
                self.problem.message(lang)
            ),
        }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for TemplateError {}
