//! Fixing a lint on a copy of the query: the node a check found, addressed by its path
//! (see `crate::promql::walk`), is edited in a clone of the tree, which is printed back;
//! a printed fix is offered only when it parses again.

use crate::promql::ast::Expr;
use crate::promql::parse;

/// The whole query, printed, after `edit` changed a copy of the node at `path`; `None`
/// when the path leads nowhere, `edit` declines, or the printed text does not parse.
pub fn fixed_query(
    root: &Expr,
    path: &[usize],
    edit: impl FnOnce(&mut Expr) -> bool,
) -> Option<String> {
    let mut copy = root.clone();
    let node = copy.node_at_mut(path)?;
    edit(node).then(|| copy.to_string()).filter(|q| parses(q))
}

/// Whether `query` is valid PromQL.
pub fn parses(query: &str) -> bool {
    parse(query).is_ok()
}
