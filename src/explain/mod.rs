//! Explaining a PromQL query to a learner, better than an "Explain" tab: the query as a
//! tree whose every node says, in French or English, what it does with this query's own
//! names, labels and durations; and, for a binary operator, which series of the two
//! sides pair up and which find no partner.

mod calls;
mod matching;
mod operators;
mod selectors;
mod tree;
mod words;

pub use matching::{explain_matching, signature, MatchPair, MatchProblem, MatchReport};
pub use tree::{explain, ExplainNode, NodeKind};

#[cfg(test)]
mod tests;
