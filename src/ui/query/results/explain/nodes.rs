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
