//! The explain tree: one node per AST node, with its own short PromQL text, its kind and
//! a plain-language explanation, children in the order they are written.

use crate::go::duration::format_signed_duration;
use crate::lang::Lang;
use crate::promql::ast::{Expr, ExprKind, Span, UnaryOp};
use crate::promql::Engine;

use super::calls::explain_call;
use super::operators::{explain_aggregate, explain_binary};
use super::selectors::{modifiers_phrase, series_phrase};
use super::words::{human_duration, last};

/// Stands for a child expression in a node's own text (`rate(…)`).
const HOLE: &str = "…";

/// What kind of PromQL construct a node is (the UI picks an icon or colour from it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A number literal.
    Number,
    /// A string literal.
    String,
    /// An instant vector selector.
    VectorSelector,
    /// A range vector selector.
    MatrixSelector,
    /// A subquery.
    Subquery,
    /// Parentheses.
    Paren,
    /// A unary minus or plus.
    Unary,
    /// A binary operator.
    Binary,
    /// An aggregation.
    Aggregate,
    /// A function call.
    Call,
}

/// One node of the explain tree.
#[derive(Clone, Debug, PartialEq)]
pub struct ExplainNode {
    /// Where the node is in the query text.
    pub span: Span,
    /// The node's own PromQL text, children shown as `…` (`sum by (job) (…)`).
    pub label: String,
    /// The construct.
    pub kind: NodeKind,
    /// What the node does, in plain language.
    pub explanation: String,
    /// The operands, in written order.
    pub children: Vec<ExplainNode>,
}

/// Explains `expr` as a tree, in `lang`.
///
/// ```
/// use sonde::explain::{explain, NodeKind};
/// use sonde::lang::Lang;
/// use sonde::promql::parse;
///
/// let expr = parse("sum by (job) (rate(http_requests_total[5m]))").unwrap();
/// let tree = explain(&expr, Lang::En);
/// assert_eq!(tree.label, "sum by (job) (…)");
/// assert!(tree.explanation.contains("keeps only job"));
/// let rate = &tree.children[0];
/// assert_eq!(rate.kind, NodeKind::Call);
/// assert_eq!(rate.children[0].label, "http_requests_total[5m]");
/// ```
pub fn explain(expr: &Expr, lang: Lang) -> ExplainNode {
    let (kind, label, explanation): (NodeKind, String, String) = match &expr.kind {
        ExprKind::Number(_) => (
            NodeKind::Number,
            expr.to_string(),
            match lang {
                Lang::Fr => format!("Le nombre {expr} (un scalaire, le même à chaque instant)."),
                Lang::En => format!("The number {expr} (a scalar, the same at every time)."),
            },
        ),
        ExprKind::String(_) => (
            NodeKind::String,
            expr.to_string(),
            lang.pick(
                "Une chaîne de caractères, argument d'une fonction.",
                "A string, an argument of a function.",
            )
            .to_string(),
        ),
        ExprKind::VectorSelector(vs) => {
            let lookback = human_duration(Engine::default().lookback_ms, lang);
            let series = series_phrase(vs, lang);
            let mods = modifiers_phrase(vs.offset_ms, vs.at, lang);
            (
                    NodeKind::VectorSelector,
                    expr.to_string(),
                    match lang {
                        Lang::Fr => format!("Le dernier échantillon de {series}, pris dans les {lookback} précédant t (lookback){mods}."),
                        Lang::En => format!("The latest sample of {series}, within the last {lookback} (lookback){mods}."),
                    },
                )
        }
        ExprKind::MatrixSelector(ms) => {
            let r = format_signed_duration(ms.range_ms);
            let window = last(ms.range_ms, lang);
            let series = series_phrase(&ms.selector, lang);
            let mods = modifiers_phrase(ms.selector.offset_ms, ms.selector.at, lang);
            (
                    NodeKind::MatrixSelector,
                    expr.to_string(),
                    match lang {
                        Lang::Fr => format!("Tous les échantillons de {series}, dans {window} : fenêtre (t−{r}, t], ouverte à gauche{mods}. C'est un vecteur de plage, à passer à une fonction comme rate()."),
                        Lang::En => format!("All samples of {window} of {series}: window (t−{r}, t], left-open{mods}. This is a range vector, to be passed to a function such as rate()."),
                    },
                )
        }
        ExprKind::Subquery(sq) => {
            let window = last(sq.range_ms, lang);
            let default_step = human_duration(Engine::default().default_subquery_step_ms, lang);
            let step = match (sq.step_ms, lang) {
                (Some(s), _) => human_duration(s, lang),
                (None, Lang::Fr) => format!("{default_step} (pas par défaut)"),
                (None, Lang::En) => format!("{default_step} (default step)"),
            };
            let mods = modifiers_phrase(sq.offset_ms, sq.at, lang);
            let mut head = sq.clone();
            head.expr = Box::new(hole());
            let label = Expr {
                kind: ExprKind::Subquery(head),
                span: expr.span.clone(),
            }
            .to_string()
            .replace(HOLE_NAME, HOLE);
            (
                    NodeKind::Subquery,
                    label,
                    match lang {
                        Lang::Fr => format!("Sous-requête : évalue l'expression intérieure avec un pas de {step} sur {window}{mods}, et en fait un vecteur de plage, comme si ces résultats étaient des échantillons."),
                        Lang::En => format!("Subquery: evaluates the inner expression every {step} over {window}{mods}, and makes a range vector of the results, as if they were samples."),
                    },
                )
        }
        ExprKind::Paren(_) => (
            NodeKind::Paren,
            format!("({HOLE})"),
            lang.pick(
                "Parenthèses : regroupent, sans changer les valeurs.",
                "Parentheses: group, without changing the values.",
            )
            .to_string(),
        ),
        ExprKind::Unary(op, _) => (
            NodeKind::Unary,
            format!(
                "{}{HOLE}",
                match op {
                    UnaryOp::Neg => "-",
                    UnaryOp::Pos => "+",
                }
            ),
            match op {
                UnaryOp::Neg => lang.pick(
                    "Change le signe de chaque valeur ; le nom de la métrique est retiré.",
                    "Negates each value; the metric name is dropped.",
                ),
                UnaryOp::Pos => lang.pick(
                    "Plus unaire : ne change rien.",
                    "Unary plus: changes nothing.",
                ),
            }
            .to_string(),
        ),
        ExprKind::Binary(b) => {
            let mut op_expr = b.clone();
            op_expr.lhs = Box::new(hole());
            op_expr.rhs = Box::new(hole());
            (
                NodeKind::Binary,
                Expr {
                    kind: ExprKind::Binary(op_expr),
                    span: expr.span.clone(),
                }
                .to_string()
                .replace(HOLE_NAME, HOLE),
                explain_binary(b, lang),
            )
        }
        ExprKind::Aggregate(a) => {
            let mut head = a.clone();
            head.expr = Box::new(hole());
            if a.param.as_deref().is_some_and(|p| !is_literal(p)) {
                head.param = Some(Box::new(hole()));
            }
            (
                NodeKind::Aggregate,
                Expr {
                    kind: ExprKind::Aggregate(head),
                    span: expr.span.clone(),
                }
                .to_string()
                .replace(HOLE_NAME, HOLE),
                explain_aggregate(a, lang),
            )
        }
        ExprKind::Call(c) => {
            let mut head = c.clone();
            for shown in head.args.iter_mut().filter(|a| !is_literal(a)) {
                *shown = hole();
            }
            (
                NodeKind::Call,
                Expr {
                    kind: ExprKind::Call(head),
                    span: expr.span.clone(),
                }
                .to_string()
                .replace(HOLE_NAME, HOLE),
                explain_call(c, lang),
            )
        }
    };
    ExplainNode {
        span: expr.span.clone(),
        label,
        kind,
        explanation,
        children: operands(expr).map(|c| explain(c, lang)).collect(),
    }
}

/// The sub-expressions of `expr` that get a node of their own, in written order: all its
/// children, except literal arguments of calls and aggregations, which stay in its label
/// (`topk(3, …)`).
pub(super) fn operands(expr: &Expr) -> impl Iterator<Item = &Expr> {
    let literals_in_label = matches!(expr.kind, ExprKind::Aggregate(_) | ExprKind::Call(_));
    expr.children()
        .filter(move |c| !(literals_in_label && is_literal(c)))
}

/// The metric name of the placeholder selector printed for a child, then replaced by `…`.
const HOLE_NAME: &str = "__sonde_hole__";

/// A placeholder expression printed as `HOLE_NAME`.
fn hole() -> Expr {
    let name = HOLE_NAME.to_string();
    let matchers = crate::store::Matcher::new(crate::store::MatchOp::Equal, "__name__", &name)
        .map(|m| vec![m])
        .unwrap_or_default();
    Expr {
        kind: ExprKind::VectorSelector(crate::promql::ast::VectorSelector {
            name: Some(name),
            matchers,
            offset_ms: 0,
            at: None,
        }),
        span: 0..0,
    }
}

/// Whether the expression is a number or string literal (shown in full in its parent's
/// label rather than as a child).
fn is_literal(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Number(_) | ExprKind::String(_))
}
