//! Addressing AST nodes by path (child indices from the root) so that a lint found while
//! reading the tree can be fixed on a copy of it.

use crate::promql::ast::{Expr, ExprKind};

/// The children of a node in written order: subquery/paren/unary operand; binary left,
/// right; aggregation expression then parameter; call arguments.
pub fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::VectorSelector(_)
        | ExprKind::MatrixSelector(_) => vec![],
        ExprKind::Subquery(sq) => vec![&sq.expr],
        ExprKind::Paren(x) | ExprKind::Unary(_, x) => vec![x],
        ExprKind::Binary(b) => vec![&b.lhs, &b.rhs],
        ExprKind::Aggregate(a) => {
            let mut v: Vec<&Expr> = vec![&a.expr];
            v.extend(a.param.as_deref());
            v
        }
        ExprKind::Call(c) => c.args.iter().collect(),
    }
}

/// Child `i` of a node, in the order of [`children`].
fn child_mut(e: &mut Expr, i: usize) -> Option<&mut Expr> {
    match &mut e.kind {
        ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::VectorSelector(_)
        | ExprKind::MatrixSelector(_) => None,
        ExprKind::Subquery(sq) => (i == 0).then_some(&mut *sq.expr),
        ExprKind::Paren(x) | ExprKind::Unary(_, x) => (i == 0).then_some(&mut **x),
        ExprKind::Binary(b) => match i {
            0 => Some(&mut b.lhs),
            1 => Some(&mut b.rhs),
            _ => None,
        },
        ExprKind::Aggregate(a) => match i {
            0 => Some(&mut a.expr),
            1 => a.param.as_deref_mut(),
            _ => None,
        },
        ExprKind::Call(c) => c.args.get_mut(i),
    }
}

/// The node at `path` under `root`.
fn node_mut<'a>(root: &'a mut Expr, path: &[usize]) -> Option<&'a mut Expr> {
    path.iter().try_fold(root, |e, &i| child_mut(e, i))
}

/// The whole query, printed, after `edit` changed a copy of the node at `path`; `None`
/// when the path leads nowhere or `edit` declines.
pub fn fixed_query(
    root: &Expr,
    path: &[usize],
    edit: impl FnOnce(&mut Expr) -> bool,
) -> Option<String> {
    let mut copy = root.clone();
    let node = node_mut(&mut copy, path)?;
    edit(node).then(|| copy.to_string())
}
