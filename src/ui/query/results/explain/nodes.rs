//! The explain tree flattened for display: each node of `crate::explain::explain` paired
//! with the sub-expression it explains (so it can be evaluated on its own), in pre-order,
//! and a light syntax colouring of a node's PromQL text.

use crate::explain::{ExplainNode, NodeKind};
use crate::promql::ast::{BinaryOp, Expr, ExprKind, VectorMatching};
use crate::promql::functions::ValueType;

/// A binary operator between two vectors: the operator, its matching clause and the
/// pre-order indices of its two operands.
#[derive(Clone, Debug)]
pub(super) struct VectorBinary {
    /// The operator.
    pub op: BinaryOp,
    /// `on`/`ignoring`/`group_*`, as written.
    pub matching: Option<VectorMatching>,
    /// Index of the left operand's node.
    pub left: usize,
    /// Index of the right operand's node.
    pub right: usize,
}

/// One node ready to show.
#[derive(Clone, Debug)]
pub(super) struct FlatNode {
    /// Its own PromQL text, children as `…`.
    pub label: String,
    /// The construct.
    pub kind: NodeKind,
    /// What it does, in plain language.
    pub explanation: String,
    /// The type of its result.
    pub value_type: ValueType,
    /// Pre-order indices of its children.
    pub children: Vec<usize>,
    /// Set for a binary operator between two vectors.
    pub binary: Option<VectorBinary>,
}

/// The operands of `e`, as `crate::explain::explain` makes children of them: literal
/// arguments of calls and aggregations stay in their parent's label.
fn operands(e: &Expr) -> Vec<&Expr> {
    let literal = |a: &Expr| matches!(a.kind, ExprKind::Number(_) | ExprKind::String(_));
    match &e.kind {
        ExprKind::Subquery(sq) => vec![sq.expr.as_ref()],
        ExprKind::Paren(inner) | ExprKind::Unary(_, inner) => vec![inner.as_ref()],
        ExprKind::Binary(b) => vec![b.lhs.as_ref(), b.rhs.as_ref()],
        ExprKind::Aggregate(a) => a
            .param
            .iter()
            .map(|p| p.as_ref())
            .filter(|p| !literal(p))
            .chain(std::iter::once(a.expr.as_ref()))
            .collect(),
        ExprKind::Call(c) => c.args.iter().filter(|a| !literal(a)).collect(),
        _ => Vec::new(),
    }
}

/// Every node's sub-expression, in pre-order (the order of [`flatten`]).
pub(super) fn preorder(e: &Expr) -> Vec<&Expr> {
    let mut out = vec![e];
    for c in operands(e) {
        out.extend(preorder(c));
    }
    out
}

/// The tree in pre-order, each node paired with `expr`'s matching sub-expression.
pub(super) fn flatten(tree: &ExplainNode, expr: &Expr) -> Vec<FlatNode> {
    let mut out = Vec::new();
    push(tree, expr, &mut out);
    out
}

/// Appends `node` (paired with `expr`) and its subtree to `out`; returns its index.
fn push(node: &ExplainNode, expr: &Expr, out: &mut Vec<FlatNode>) -> usize {
    let i = out.len();
    out.push(FlatNode {
        label: node.label.clone(),
        kind: node.kind,
        explanation: node.explanation.clone(),
        value_type: expr.value_type(),
        children: Vec::new(),
        binary: None,
    });
    let children: Vec<usize> = node
        .children
        .iter()
        .zip(operands(expr))
        .map(|(n, e)| push(n, e, out))
        .collect();
    let binary = match (&expr.kind, children.as_slice()) {
        (ExprKind::Binary(b), &[left, right])
            if b.lhs.value_type() == ValueType::Vector
                && b.rhs.value_type() == ValueType::Vector =>
        {
            Some(VectorBinary {
                op: b.op,
                matching: b.matching.clone(),
                left,
                right,
            })
        }
        _ => None,
    };
    if let Some(n) = out.get_mut(i) {
        n.children = children;
        n.binary = binary;
    }
    i
}

/// Words coloured as keywords: aggregations, modifiers and set operators.
const KEYWORDS: [&str; 25] = [
    "sum",
    "avg",
    "min",
    "max",
    "count",
    "group",
    "stddev",
    "stdvar",
    "quantile",
    "topk",
    "bottomk",
    "limitk",
    "limit_ratio",
    "count_values",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "offset",
    "and",
    "or",
    "unless",
];

/// Keywords followed by a list of label names.
const GROUPING: [&str; 6] = [
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
];

/// Splits PromQL text into (css class, text) pieces: `kw`, `fn`, `metric`, `label`,
/// `str`, `num`, `hole` and `""` for punctuation.
pub(super) fn highlight(text: &str) -> Vec<(&'static str, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut push = |class: &'static str, s: String| match out.last_mut() {
        Some((c, prev)) if *c == class && class.is_empty() => prev.push_str(&s),
        _ => out.push((class, s)),
    };
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    let mut depth = 0_i32;
    // After `by`, `on`, ... the next parenthesised list holds label names.
    let mut labels_next = false;
    let mut in_label_list = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let start = i;
        i += 1;
        let class = if c == '"' || c == '\'' || c == '`' {
            while let Some(&d) = chars.get(i) {
                i += 1;
                if d == '\\' && c != '`' {
                    i += 1;
                } else if d == c {
                    break;
                }
            }
            "str"
        } else if c.is_ascii_digit() {
            while chars.get(i).is_some_and(|&d| word(d) || d == '.') {
                i += 1;
            }
            "num"
        } else if word(c) {
            while chars.get(i).is_some_and(|&d| word(d)) {
                i += 1;
            }
            let w: String = chars.get(start..i).unwrap_or_default().iter().collect();
            let next = chars
                .get(i..)
                .unwrap_or_default()
                .iter()
                .find(|d| !d.is_whitespace());
            let lower = w.to_ascii_lowercase();
            if depth > 0 || in_label_list {
                "label"
            } else if KEYWORDS.contains(&lower.as_str()) {
                labels_next = GROUPING.contains(&lower.as_str());
                "kw"
            } else if next == Some(&'(') {
                "fn"
            } else {
                "metric"
            }
        } else if c == '…' {
            "hole"
        } else {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                '(' => {
                    in_label_list = labels_next;
                    labels_next = false;
                }
                ')' => in_label_list = false,
                _ => {}
            }
            ""
        };
        let piece: String = chars
            .get(start..i.min(chars.len()))
            .unwrap_or_default()
            .iter()
            .collect();
        push(class, piece);
    }
    out
}
