//! Fixing a lint on a copy of the query: the node a check found, addressed by its path
//! (see `crate::promql::walk`), is edited in a clone of the tree, which is printed back.

use crate::promql::ast::Expr;

/// The whole query, printed, after `edit` changed a copy of the node at `path`; `None`
/// when the path leads nowhere or `edit` declines.
pub fn fixed_query(
    root: &Expr,
    path: &[usize],
    edit: impl FnOnce(&mut Expr) -> bool,
) -> Option<String> {
    let mut copy = root.clone();
    let node = copy.node_at_mut(path)?;
    edit(node).then(|| copy.to_string())
}
