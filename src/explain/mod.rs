//! Explaining a PromQL query to a learner, better than an "Explain" tab: the query as a
//! tree whose every node says, in French or English, what it does with this query's own
//! names, labels and durations; and, for a binary operator, which series of the two
//! sides pair up and which find no partner. The tree also comes as a list, each node with
//! its sub-expression's type, for a view to show and evaluate node by node.

mod calls;
mod flat;
mod matching;
mod operators;
mod selectors;
mod tree;
mod words;

pub use flat::{flatten, preorder, FlatNode, VectorBinary};
pub use matching::{explain_matching, signature, MatchPair, MatchProblem, MatchReport};
pub use tree::{explain, ExplainNode, NodeKind};

#[cfg(test)]
mod tests;
