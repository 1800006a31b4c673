//! The explain tree as a list, ready to show: each node of [`explain`](super::explain)
//! paired with the sub-expression it explains (so that it can be evaluated on its own), in
//! pre-order, children referred to by their index in the list.

use crate::promql::ast::{BinaryOp, Expr, ExprKind, VectorMatching};
use crate::promql::functions::ValueType;

use super::tree::{operands, ExplainNode, NodeKind};

/// A binary operator between two vectors: the operator, its matching clause and the
/// indices of its two operands' nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorBinary {
    /// The operator.
    pub op: BinaryOp,
    /// `on`/`ignoring`/`group_*`, as written.
    pub matching: Option<VectorMatching>,
    /// Index of the left operand's node.
    pub left: usize,
    /// Index of the right operand's node.
    pub right: usize,
}

/// One node of the list.
#[derive(Clone, Debug, PartialEq)]
pub struct FlatNode {
    /// Its own PromQL text, children as `…`.
    pub label: String,
    /// The construct.
    pub kind: NodeKind,
    /// What it does, in plain language.
    pub explanation: String,
    /// The type of its result.
    pub value_type: ValueType,
    /// Indices of its children's nodes.
    pub children: Vec<usize>,
    /// Set for a binary operator between two vectors.
    pub binary: Option<VectorBinary>,
}

/// The sub-expression of every explain node, in pre-order (the order of [`flatten`]).
///
/// ```
/// use sonde::explain::preorder;
/// use sonde::promql::parse;
///
/// let e = parse("topk(3, rate(x[5m]))").unwrap();
/// let texts: Vec<String> = preorder(&e).iter().map(|n| n.to_string()).collect();
/// assert_eq!(texts, ["topk(3, rate(x[5m]))", "rate(x[5m])", "x[5m]"]);
/// ```
pub fn preorder(expr: &Expr) -> Vec<&Expr> {
    let mut out = vec![expr];
    for c in operands(expr) {
        out.extend(preorder(c));
    }
    out
}

/// `tree` (explaining `expr`) in pre-order, each node with the type of `expr`'s matching
/// sub-expression and, for an operator between two vectors, how to find its operands.
///
/// ```
/// use sonde::explain::{explain, flatten};
/// use sonde::lang::Lang;
/// use sonde::promql::parse;
///
/// let e = parse("a / on (job) sum by (job) (b)").unwrap();
/// let nodes = flatten(&explain(&e, Lang::En), &e);
/// assert_eq!(nodes[0].children, [1, 2]);
/// assert_eq!(nodes[2].label, "sum by (job) (…)");
/// assert_eq!(nodes[0].binary.as_ref().map(|b| (b.left, b.right)), Some((1, 2)));
/// ```
pub fn flatten(tree: &ExplainNode, expr: &Expr) -> Vec<FlatNode> {
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
