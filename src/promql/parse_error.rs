//! Errors of the PromQL lexer, parser and type checker: a typed kind plus the byte span of
//! the offending token or node. English text follows Prometheus 3 word for word (so the
//! conformance scripts can compare it); French is a faithful translation that keeps PromQL
//! tokens and names as written.

use std::fmt;

use super::ast::{BinaryOp, Span};
use super::functions::ValueType;
use crate::go::duration::DurationError;
use crate::go::float::format_f;
use crate::go::quote::{go_quote, go_quote_rune, go_unicode};
use crate::lang::Lang;

/// Deepest nesting of expressions the parser accepts (parentheses, calls, operators...).
pub const MAX_DEPTH: usize = 256;

/// A PromQL error with the byte span to underline.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    /// Where the error is (byte offsets into the query).
    pub span: Span,
    /// What the error is (boxed to keep `Result`s small on the parser's stack).
    pub kind: Box<ParseErrorKind>,
}

impl ParseError {
    /// An error of `kind` at `span`.
    pub fn new(span: Span, kind: ParseErrorKind) -> Self {
        ParseError {
            span,
            kind: Box::new(kind),
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.kind.message(lang)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ParseError {}

/// A token as Prometheus describes it in "unexpected ..." messages.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// The end of the query.
    EndOfInput,
    /// A plain identifier such as a metric or label name.
    Identifier(String),
    /// An identifier containing `:` (recording-rule style metric name).
    MetricIdentifier(String),
    /// A keyword such as `by`, `offset`, `bool` (as written).
    Keyword(String),
    /// An operator such as `+`, `and`, `=~` (as written).
    Operator(String),
    /// An aggregation operator such as `sum` (as written).
    Aggregator(String),
    /// A number literal (as written).
    Number(String),
    /// A duration literal (as written).
    Duration(String),
    /// A string literal (as written, quotes included).
    Str(String),
    /// Punctuation or a word Prometheus prints quoted: `(`, `=`, `,`, `start`...
    Quoted(String),
}

impl Found {
    fn describe(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            Found::EndOfInput => lang.pick("fin de l'entrée", "end of input").to_string(),
            Found::Identifier(s) => {
                format!("{} {}", lang.pick("identifiant", "identifier"), go_quote(s))
            }
            Found::MetricIdentifier(s) => format!(
                "{} {}",
                lang.pick("identifiant de métrique", "metric identifier"),
                go_quote(s)
            ),
            Found::Keyword(s) => format!("<{s}>"),
            Found::Operator(s) => format!("<op:{s}>"),
            Found::Aggregator(s) => format!("<aggr:{s}>"),
            Found::Number(s) => format!("{} {}", if fr { "nombre" } else { "number" }, short(s)),
            Found::Duration(s) => format!("{} {}", if fr { "durée" } else { "duration" }, short(s)),
            Found::Str(s) => format!("{} {}", if fr { "chaîne" } else { "string" }, short(s)),
            Found::Quoted(s) => go_quote(s),
        }
    }
}

/// Go's `%.10q...` for long values, `%q` otherwise.
fn short(s: &str) -> String {
    if s.len() > 10 {
        let head: String = s.chars().take(10).collect();
        format!("{}...", go_quote(&head))
    } else {
        go_quote(s)
    }
}

/// Where an "unexpected ..." error happened (Prometheus's wording).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Inside `{...}`.
    LabelMatching,
    /// Inside `by (...)`, `on (...)`...
    GroupingOpts,
    /// After `offset`.
    Offset,
    /// After `@`.
    At,
    /// Right after `[`.
    SubqueryOrRangeSelector,
    /// After `[5m`.
    SubqueryOrRange,
    /// After `[5m:`.
    SubquerySelector,
}

impl Context {
    fn text(self, lang: Lang) -> &'static str {
        match self {
            Context::LabelMatching => lang.pick("la sélection d'étiquettes", "label matching"),
            Context::GroupingOpts => lang.pick("les options de regroupement", "grouping opts"),
            Context::Offset => "offset",
            Context::At => "@",
            Context::SubqueryOrRangeSelector => lang.pick(
                "la sous-requête ou le sélecteur d'intervalle",
                "subquery or range selector",
            ),
            Context::SubqueryOrRange => {
                lang.pick("la sous-requête ou l'intervalle", "subquery or range")
            }
            Context::SubquerySelector => {
                lang.pick("le sélecteur de sous-requête", "subquery selector")
            }
        }
    }
}

/// What was expected instead (Prometheus's wording).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// A string literal.
    String,
    /// `=`, `!=`, `=~` or `!~`.
    LabelMatchOp,
    /// A label name or `}`.
    IdentifierOrBrace,
    /// `,` or `}`.
    CommaOrBrace,
    /// A label name.
    Label,
    /// `(`.
    LeftParen,
    /// `,` or `)`.
    CommaOrParen,
    /// A duration.
    Duration,
    /// A duration or `]`.
    DurationOrBracket,
    /// A timestamp.
    Timestamp,
    /// `:` or `]`.
    ColonOrBracket,
    /// `]`.
    RightBracket,
}

impl Expected {
    fn text(self, lang: Lang) -> &'static str {
        match self {
            Expected::String => lang.pick("une chaîne", "string"),
            Expected::LabelMatchOp => lang.pick(
                "un opérateur de sélection d'étiquette",
                "label matching operator",
            ),
            Expected::IdentifierOrBrace => {
                lang.pick("un identifiant ou \"}\"", "identifier or \"}\"")
            }
            Expected::CommaOrBrace => lang.pick("\",\" ou \"}\"", "\",\" or \"}\""),
            Expected::Label => lang.pick("une étiquette", "label"),
            Expected::LeftParen => "\"(\"",
            Expected::CommaOrParen => lang.pick("\",\" ou \")\"", "\",\" or \")\""),
            Expected::Duration => lang.pick(
                "un nombre, une durée, step() ou range()",
                "number, duration, step(), or range()",
            ),
            Expected::DurationOrBracket => lang.pick(
                "un nombre, une durée, step(), range() ou \"]\"",
                "number, duration, step(), range(), or \"]\"",
            ),
            Expected::Timestamp => lang.pick("un horodatage", "timestamp"),
            Expected::ColonOrBracket => lang.pick("\":\" ou \"]\"", "\":\" or \"]\""),
            Expected::RightBracket => "\"]\"",
        }
    }
}

/// The context of an `expected type ... in ..., got ...` error.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeContext {
    /// The vector argument of an aggregation.
    AggregationExpression,
    /// The parameter of `topk`, `quantile`, `count_values`...
    AggregationParameter,
    /// An argument of the named function.
    Call(&'static str),
}

impl TypeContext {
    fn text(&self, lang: Lang) -> String {
        match self {
            TypeContext::AggregationExpression => lang
                .pick("l'expression d'agrégation", "aggregation expression")
                .to_string(),
            TypeContext::AggregationParameter => lang
                .pick("le paramètre d'agrégation", "aggregation parameter")
                .to_string(),
            TypeContext::Call(name) => format!(
                "{} {}",
                lang.pick("l'appel à la fonction", "call to function"),
                go_quote(name)
            ),
        }
    }
}

/// How many arguments a function accepts, for argument count errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgBound {
    /// Exactly n.
    Exactly,
    /// At least n.
    AtLeast,
    /// At most n.
    AtMost,
}

/// Every error the parser can report.
#[derive(Clone, Debug, PartialEq)]
pub enum ParseErrorKind {
    // Lexer errors.
    /// A character that cannot start a token.
    UnexpectedChar(char),
    /// A character where only `:` could come (inside `[...]`).
    UnexpectedCharExpectedColon(char),
    /// `=~` or `!~` outside braces, or `!` not followed by `=`.
    UnexpectedCharAfter(char, char),
    /// `!` not followed by `=` or `~` inside braces.
    UnexpectedCharAfterBangInBraces(char),
    /// A character that has no meaning inside `{...}`.
    UnexpectedCharInBraces(char),
    /// `{` inside braces.
    UnexpectedLeftBrace,
    /// The query ends inside `{...}`.
    EndInsideBraces,
    /// `)` without a matching `(`.
    UnexpectedRightParen,
    /// `(` never closed.
    UnclosedLeftParen,
    /// `[` never closed.
    UnclosedLeftBracket,
    /// `[` inside `[...]`.
    UnexpectedLeftBracket,
    /// `]` without a matching `[`.
    UnexpectedRightBracket,
    /// A second `:` inside `[...]`.
    UnexpectedColon,
    /// The query ends right after `[`.
    EndInDuration,
    /// A character that cannot start a duration right after `[`.
    UnexpectedCharInDuration(char),
    /// `[:...]`.
    ColonBeforeDuration,
    /// A `"` or `'` string without its closing quote on the same line.
    UnterminatedString,
    /// A backtick string without its closing backtick.
    UnterminatedRawString,
    /// A string ending right after `\`.
    EscapeNotTerminated,
    /// `\c` for an unknown `c`.
    UnknownEscape(char),
    /// A bad digit in `\x..`, `\u....`, `\0..`.
    IllegalEscapeChar(char),
    /// `\U` or `\u` naming a surrogate or a value beyond Unicode.
    InvalidCodePoint,
    /// `\x` or octal escapes that do not form UTF-8 (Sonde keeps strings UTF-8).
    InvalidUtf8String,
    /// A malformed number or duration, as written.
    BadNumber(String),
    /// A number too large for a float, as written.
    NumberOutOfRange(String),
    /// A number token that is not a number (`0x`, hex beyond 64 bits), as written.
    InvalidNumber(String),
    /// A duration whose units are misplaced, as written.
    InvalidDuration(String),
    /// A duration with an unknown unit: (unit, duration).
    UnknownDurationUnit(String, String),
    /// A duration beyond about 292 years.
    DurationOutOfRange,

    // Syntax errors.
    /// Empty query (or only comments).
    NoExpression,
    /// A token that does not fit here.
    Unexpected {
        /// The token.
        found: Found,
        /// Where we were.
        context: Option<Context>,
        /// What would have fitted.
        expected: Option<Expected>,
    },
    /// `f(a,)`.
    TrailingComma,
    /// A call to a function that does not exist.
    UnknownFunction(String),
    /// A call to an experimental function.
    FunctionNotEnabled(String),
    /// `limitk`/`limit_ratio`.
    ExperimentalAggregator(&'static str),
    /// `sum()`.
    NoAggregateArgs,
    /// Wrong number of aggregation arguments: (expected, got).
    WrongAggregateArgs(usize, usize),
    /// `offset` after something that is not a selector or subquery.
    OffsetNotAllowed,
    /// Two `offset` modifiers.
    OffsetTwice,
    /// `@` after something that is not a selector or subquery.
    AtNotAllowed,
    /// Two `@` modifiers.
    AtTwice,
    /// `@ Inf`, `@ NaN` or a timestamp that does not fit.
    AtOutOfBounds(f64),
    /// `(a + b)[5m]`.
    RangeNotOnSelector,
    /// `foo offset 1m [5m]`.
    OffsetBeforeRange,
    /// `foo @ 10 [5m]`.
    AtBeforeRange,
    /// `foo[0s]`, `foo[-1m]`.
    DurationNotPositive,
    /// `foo[5m + 1m]`, `foo[step()]`...
    ExperimentalDuration,
    /// `anchored`/`smoothed` range modifiers.
    ExperimentalModifier(&'static str),
    /// `fill`, `fill_left`, `fill_right`.
    FillNotEnabled,
    /// `</` or `>/`: they trim native histograms, which Sonde does not simulate.
    TrimOperator(String),
    /// `by ("")`.
    InvalidGroupingLabel(String),
    /// A regex matcher that does not compile; the text is the regex engine's.
    InvalidRegex(String),
    /// Nesting beyond [`MAX_DEPTH`].
    TooDeep,

    // Type errors.
    /// `expected type X in CONTEXT, got Y`.
    ExpectedType {
        /// The type wanted.
        want: ValueType,
        /// Where.
        context: TypeContext,
        /// The type found.
        got: ValueType,
    },
    /// Wrong number of function arguments.
    WrongArgCount {
        /// Function name.
        func: &'static str,
        /// Exactly, at least or at most.
        bound: ArgBound,
        /// The bound.
        expected: usize,
        /// Arguments given.
        got: usize,
    },
    /// `bool` on a non-comparison.
    BoolOnNonComparison,
    /// `1 == 1` without `bool`.
    ScalarComparisonNeedsBool,
    /// A label in both `on(...)` and `group_x(...)`.
    LabelInOnAndGroup(String),
    /// An operand of a binary operator that is a string or range vector.
    BinaryOperandType,
    /// `on`/`ignoring` labels where a side is a scalar.
    VectorMatchingNotVectors,
    /// `group_left`/`group_right` on `and`/`or`/`unless`.
    NoGroupingForSetOp(BinaryOp),
    /// `and`/`or`/`unless` with a scalar side.
    SetOpWithScalar(BinaryOp),
    /// `-` applied to a string or range vector.
    UnaryType(ValueType),
    /// A subquery over something that is not an instant vector.
    SubqueryType(ValueType),
    /// `foo{__name__="bar"}`: (name, other name).
    MetricNameTwice(String, String),
    /// A selector that would match every series.
    EmptyMatchers,
}

impl From<DurationError> for ParseErrorKind {
    /// A duration refused as Prometheus's parser words it (an empty one is invalid).
    fn from(e: DurationError) -> Self {
        match e {
            DurationError::Empty => ParseErrorKind::InvalidDuration(String::new()),
            DurationError::Invalid(s) => ParseErrorKind::InvalidDuration(s),
            DurationError::UnknownUnit(unit, s) => ParseErrorKind::UnknownDurationUnit(unit, s),
            DurationError::OutOfRange => ParseErrorKind::DurationOutOfRange,
        }
    }
}

impl ParseErrorKind {
    /// The message in `lang`; English is Prometheus's own text.
    pub fn message(&self, lang: Lang) -> String {
        use ParseErrorKind::*;
        let l = |fr: &str, en: &str| lang.pick(fr, en).to_string();
        // French puts a space before a colon.
        let colon = lang.pick(" :", ":");
        match self {
            UnexpectedChar(c) => format!(
                "{}{colon} {}",
                lang.pick("caractère inattendu", "unexpected character"),
                go_quote_rune(*c)
            ),
            UnexpectedCharExpectedColon(c) => format!(
                "{}{colon} {}, {} ':'",
                lang.pick("caractère inattendu", "unexpected character"),
                go_quote_rune(*c),
                lang.pick("attendu", "expected")
            ),
            UnexpectedCharAfter(after, c) => format!(
                "{} {}{colon} {}",
                lang.pick("caractère inattendu après", "unexpected character after"),
                go_quote_rune(*after),
                go_quote_rune(*c)
            ),
            UnexpectedCharAfterBangInBraces(c) => format!(
                "{}{colon} {}",
                lang.pick(
                    "caractère inattendu après '!' entre accolades",
                    "unexpected character after '!' inside braces"
                ),
                go_quote_rune(*c)
            ),
            UnexpectedCharInBraces(c) => format!(
                "{}{colon} {}",
                lang.pick(
                    "caractère inattendu entre accolades",
                    "unexpected character inside braces"
                ),
                go_quote_rune(*c)
            ),
            UnexpectedLeftBrace => {
                l("accolade ouvrante inattendue '{'", "unexpected left brace '{'")
            }
            EndInsideBraces => l(
                "fin de l'entrée inattendue entre accolades",
                "unexpected end of input inside braces",
            ),
            UnexpectedRightParen => l(
                "parenthèse fermante inattendue ')'",
                "unexpected right parenthesis ')'",
            ),
            UnclosedLeftParen => l("parenthèse ouvrante non fermée", "unclosed left parenthesis"),
            UnclosedLeftBracket => l("crochet ouvrant non fermé", "unclosed left bracket"),
            UnexpectedLeftBracket => {
                l("crochet ouvrant inattendu '['", "unexpected left bracket '['")
            }
            UnexpectedRightBracket => {
                l("crochet fermant inattendu ']'", "unexpected right bracket ']'")
            }
            UnexpectedColon => l("deux-points inattendu ':'", "unexpected colon ':'"),
            EndInDuration => l(
                "fin de l'entrée inattendue dans l'expression de durée",
                "unexpected end of input in duration expression",
            ),
            UnexpectedCharInDuration(c) => format!(
                "{}{colon} {}",
                lang.pick(
                    "caractère inattendu dans l'expression de durée",
                    "unexpected character in duration expression"
                ),
                go_quote_rune(*c)
            ),
            ColonBeforeDuration => l(
                "deux-points inattendu avant la durée dans l'expression de durée",
                "unexpected colon before duration in duration expression",
            ),
            UnterminatedString => {
                l("chaîne entre guillemets non terminée", "unterminated quoted string")
            }
            UnterminatedRawString => l("chaîne brute non terminée", "unterminated raw string"),
            EscapeNotTerminated => {
                l("séquence d'échappement non terminée", "escape sequence not terminated")
            }
            UnknownEscape(c) => format!(
                "{} {}",
                lang.pick("séquence d'échappement inconnue", "unknown escape sequence"),
                go_unicode(*c)
            ),
            IllegalEscapeChar(c) => match lang {
                Lang::Fr => format!(
                    "caractère interdit {} dans la séquence d'échappement",
                    go_unicode(*c)
                ),
                Lang::En => format!("illegal character {} in escape sequence", go_unicode(*c)),
            },
            InvalidCodePoint => l(
                "la séquence d'échappement n'est pas un point de code Unicode valide",
                "escape sequence is an invalid Unicode code point",
            ),
            InvalidUtf8String => l(
                "la chaîne n'est pas de l'UTF-8 valide une fois les échappements décodés",
                "string is not valid UTF-8 after unescaping",
            ),
            BadNumber(s) => format!(
                "{}{colon} {}",
                lang.pick(
                    "syntaxe de nombre ou de durée incorrecte",
                    "bad number or duration syntax"
                ),
                go_quote(s)
            ),
            NumberOutOfRange(s) => match lang {
                Lang::Fr => format!("nombre hors limites : {}", go_quote(s)),
                Lang::En => format!(
                    "error parsing number: strconv.ParseFloat: parsing {}: value out of range",
                    go_quote(s)
                ),
            },
            InvalidNumber(s) => match lang {
                Lang::Fr => format!("nombre invalide : {}", go_quote(s)),
                Lang::En => format!(
                    "error parsing number: strconv.ParseFloat: parsing {}: invalid syntax",
                    go_quote(s)
                ),
            },
            InvalidDuration(s) => format!(
                "{}{colon} {}",
                lang.pick("durée invalide", "not a valid duration string"),
                go_quote(s)
            ),
            UnknownDurationUnit(unit, s) => match lang {
                Lang::Fr => {
                    format!("unité {} inconnue dans la durée {}", go_quote(unit), go_quote(s))
                }
                Lang::En => format!("unknown unit {} in duration {}", go_quote(unit), go_quote(s)),
            },
            DurationOutOfRange => l("durée hors limites", "duration out of range"),
            NoExpression => l("aucune expression trouvée", "no expression found in input"),
            Unexpected {
                found,
                context,
                expected,
            } => {
                let mut s = format!(
                    "{} {}",
                    lang.pick("élément inattendu :", "unexpected"),
                    found.describe(lang)
                );
                if let Some(c) = context {
                    s.push_str(lang.pick(" dans ", " in "));
                    s.push_str(c.text(lang));
                }
                if let Some(e) = expected {
                    s.push_str(lang.pick(", attendu : ", ", expected "));
                    s.push_str(e.text(lang));
                }
                s
            }
            TrailingComma => l(
                "virgule finale interdite dans les arguments d'un appel de fonction",
                "trailing commas not allowed in function call args",
            ),
            UnknownFunction(name) => format!(
                "{} {}",
                lang.pick("fonction inconnue :", "unknown function with name"),
                go_quote(name)
            ),
            FunctionNotEnabled(name) => match lang {
                Lang::Fr => format!(
                    "la fonction {} n'est pas activée (expérimentale)",
                    go_quote(name)
                ),
                Lang::En => format!("function {} is not enabled", go_quote(name)),
            },
            ExperimentalAggregator(name) => match lang {
                Lang::Fr => format!(
                    "{name}() est expérimental et doit être activé avec --enable-feature=promql-experimental-functions"
                ),
                Lang::En => format!(
                    "{name}() is experimental and must be enabled with --enable-feature=promql-experimental-functions"
                ),
            },
            NoAggregateArgs => l(
                "aucun argument fourni à l'agrégation",
                "no arguments for aggregate expression provided",
            ),
            WrongAggregateArgs(want, got) => match lang {
                Lang::Fr => format!(
                    "nombre d'arguments incorrect pour l'agrégation : {want} attendu(s), {got} reçu(s)"
                ),
                Lang::En => format!(
                    "wrong number of arguments for aggregate expression provided, expected {want}, got {got}"
                ),
            },
            OffsetNotAllowed => l(
                "le modificateur offset doit suivre un sélecteur de vecteur instantané, un sélecteur de vecteur d'intervalle ou une sous-requête",
                "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
            ),
            OffsetTwice => l(
                "offset ne peut pas être indiqué plusieurs fois",
                "offset may not be set multiple times",
            ),
            AtNotAllowed => l(
                "le modificateur @ doit suivre un sélecteur de vecteur instantané, un sélecteur de vecteur d'intervalle ou une sous-requête",
                "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
            ),
            AtTwice => l(
                "@ <timestamp> ne peut pas être indiqué plusieurs fois",
                "@ <timestamp> may not be set multiple times",
            ),
            AtOutOfBounds(ts) => format!(
                "{}{colon} {}",
                lang.pick(
                    "horodatage hors limites pour le modificateur @",
                    "timestamp out of bounds for @ modifier"
                ),
                format_f(*ts)
            ),
            RangeNotOnSelector => l(
                "les intervalles ne sont permis que sur les sélecteurs de vecteur",
                "ranges only allowed for vector selectors",
            ),
            OffsetBeforeRange => l(
                "aucun modificateur offset n'est permis avant l'intervalle",
                "no offset modifiers allowed before range",
            ),
            AtBeforeRange => l(
                "aucun modificateur @ n'est permis avant l'intervalle",
                "no @ modifiers allowed before range",
            ),
            DurationNotPositive => l(
                "la durée doit être supérieure à 0",
                "duration must be greater than 0",
            ),
            ExperimentalDuration => l(
                "les expressions de durée expérimentales ne sont pas activées",
                "experimental duration expression is not enabled",
            ),
            ExperimentalModifier(name) => match lang {
                Lang::Fr => format!("le modificateur {name} est expérimental et n'est pas activé"),
                Lang::En => format!("{name} modifier is experimental and not enabled"),
            },
            FillNotEnabled => l(
                "les modificateurs fill des opérateurs binaires sont expérimentaux et ne sont pas activés",
                "binop fill modifiers are experimental and not enabled",
            ),
            TrimOperator(op) => match lang {
                Lang::Fr => format!(
                    "l'opérateur {} rogne des histogrammes natifs, que Sonde ne simule pas",
                    go_quote(op)
                ),
                Lang::En => format!(
                    "the {} operator trims native histograms, which Sonde does not simulate",
                    go_quote(op)
                ),
            },
            InvalidGroupingLabel(name) => format!(
                "{}{colon} {}",
                lang.pick(
                    "nom d'étiquette invalide pour le regroupement",
                    "invalid label name for grouping"
                ),
                go_quote(name)
            ),
            InvalidRegex(msg) => format!(
                "{}{colon} {msg}",
                lang.pick(
                    "expression régulière invalide",
                    "error parsing regexp"
                )
            ),
            TooDeep => match lang {
                Lang::Fr => format!(
                    "expression trop imbriquée (plus de {MAX_DEPTH} niveaux)"
                ),
                Lang::En => format!("expression nested too deeply (more than {MAX_DEPTH} levels)"),
            },
            ExpectedType { want, context, got } => match lang {
                Lang::Fr => format!(
                    "type {} attendu dans {}, reçu : {}",
                    type_name_fr(*want),
                    context.text(lang),
                    type_name_fr(*got)
                ),
                Lang::En => format!(
                    "expected type {} in {}, got {}",
                    want.name(),
                    context.text(lang),
                    got.name()
                ),
            },
            WrongArgCount {
                func,
                bound,
                expected,
                got,
            } => match lang {
                Lang::Fr => {
                    let b = match bound {
                        ArgBound::Exactly => "",
                        ArgBound::AtLeast => "au moins ",
                        ArgBound::AtMost => "au plus ",
                    };
                    format!(
                        "{b}{expected} argument(s) attendu(s) dans l'appel à {}, reçu(s) : {got}",
                        go_quote(func)
                    )
                }
                Lang::En => {
                    let b = match bound {
                        ArgBound::Exactly => "",
                        ArgBound::AtLeast => "at least ",
                        ArgBound::AtMost => "at most ",
                    };
                    format!(
                        "expected {b}{expected} argument(s) in call to {}, got {got}",
                        go_quote(func)
                    )
                }
            },
            BoolOnNonComparison => l(
                "le modificateur bool ne s'emploie qu'avec les opérateurs de comparaison",
                "bool modifier can only be used on comparison operators",
            ),
            ScalarComparisonNeedsBool => l(
                "une comparaison entre scalaires doit utiliser le modificateur BOOL",
                "comparisons between scalars must use BOOL modifier",
            ),
            LabelInOnAndGroup(label) => match lang {
                Lang::Fr => format!(
                    "l'étiquette {} ne doit pas figurer à la fois dans ON et dans GROUP",
                    go_quote(label)
                ),
                Lang::En => format!(
                    "label {} must not occur in ON and GROUP clause at once",
                    go_quote(label)
                ),
            },
            BinaryOperandType => l(
                "une expression binaire ne peut contenir que des scalaires et des vecteurs instantanés",
                "binary expression must contain only scalar and instant vector types",
            ),
            VectorMatchingNotVectors => l(
                "la correspondance de vecteurs n'est permise qu'entre vecteurs instantanés",
                "vector matching only allowed between instant vectors",
            ),
            NoGroupingForSetOp(op) => match lang {
                Lang::Fr => format!(
                    "aucun regroupement permis pour l'opération {}",
                    go_quote(op.as_str())
                ),
                Lang::En => format!("no grouping allowed for {} operation", go_quote(op.as_str())),
            },
            SetOpWithScalar(op) => match lang {
                Lang::Fr => format!(
                    "l'opérateur ensembliste {} n'est pas permis dans une expression binaire avec un scalaire",
                    go_quote(op.as_str())
                ),
                Lang::En => format!(
                    "set operator {} not allowed in binary scalar expression",
                    go_quote(op.as_str())
                ),
            },
            UnaryType(t) => match lang {
                Lang::Fr => format!(
                    "une expression unaire n'est permise que sur un scalaire ou un vecteur instantané, reçu : {}",
                    go_quote(type_name_fr(*t))
                ),
                Lang::En => format!(
                    "unary expression only allowed on expressions of type scalar or instant vector, got {}",
                    go_quote(t.name())
                ),
            },
            SubqueryType(t) => match lang {
                Lang::Fr => format!(
                    "une sous-requête n'est permise que sur un vecteur instantané, reçu : {}",
                    type_name_fr(*t)
                ),
                Lang::En => format!(
                    "subquery is only allowed on instant vector, got {} instead",
                    go_type_name(*t)
                ),
            },
            MetricNameTwice(a, b) => format!(
                "{}{colon} {} {} {}",
                lang.pick(
                    "le nom de métrique ne doit pas être indiqué deux fois",
                    "metric name must not be set twice"
                ),
                go_quote(a),
                lang.pick("ou", "or"),
                go_quote(b)
            ),
            EmptyMatchers => l(
                "un sélecteur de vecteur doit contenir au moins un sélecteur d'étiquette qui ne correspond pas à la chaîne vide",
                "vector selector must contain at least one non-empty matcher",
            ),
        }
    }
}

/// French names of the value types.
fn type_name_fr(t: ValueType) -> &'static str {
    match t {
        ValueType::Scalar => "scalaire",
        ValueType::Vector => "vecteur instantané",
        ValueType::Matrix => "vecteur d'intervalle",
        ValueType::String => "chaîne",
    }
}

/// Go's `ValueType.String()` (used by the subquery message).
fn go_type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::Scalar => "scalar",
        ValueType::Vector => "vector",
        ValueType::Matrix => "matrix",
        ValueType::String => "string",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unexpected_token_messages() {
        let e = ParseErrorKind::Unexpected {
            found: Found::Identifier("b".into()),
            context: Some(Context::LabelMatching),
            expected: Some(Expected::String),
        };
        assert_eq!(
            e.message(Lang::En),
            "unexpected identifier \"b\" in label matching, expected string"
        );
        assert_eq!(
            e.message(Lang::Fr),
            "élément inattendu : identifiant \"b\" dans la sélection d'étiquettes, attendu : une chaîne"
        );
        let long = ParseErrorKind::Unexpected {
            found: Found::Str("\"abcdefghijkl\"".into()),
            context: None,
            expected: None,
        };
        assert_eq!(
            long.message(Lang::En),
            "unexpected string \"\\\"abcdefghi\"..."
        );
    }

    #[test]
    fn every_kind_has_distinct_french_and_english() {
        let kinds = [
            ParseErrorKind::NoExpression,
            ParseErrorKind::UnclosedLeftParen,
            ParseErrorKind::EmptyMatchers,
            ParseErrorKind::TooDeep,
            ParseErrorKind::SubqueryType(ValueType::Matrix),
        ];
        for k in kinds {
            assert_ne!(k.message(Lang::En), k.message(Lang::Fr));
        }
        assert_eq!(
            ParseErrorKind::SubqueryType(ValueType::Matrix).message(Lang::En),
            "subquery is only allowed on instant vector, got matrix instead"
        );
    }
}
