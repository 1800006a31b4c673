//! The history of committed queries: newest first, without duplicates, bounded.

/// How many past queries the history keeps.
pub const MAX_HISTORY: usize = 50;

/// Records `query` as the newest entry of `history` (newest first): blank queries are
/// ignored, an earlier copy moves to the front, the oldest entries beyond
/// [`MAX_HISTORY`] are dropped.
pub fn remember(history: &mut Vec<String>, query: &str) {
    let query = query.trim();
    if query.is_empty() {
        return;
    }
    history.retain(|q| q != query);
    history.insert(0, query.to_string());
    history.truncate(MAX_HISTORY);
}

/// The entry to recall from `current` with ArrowUp (`older`) or ArrowDown: with
/// `current` not in the history, ArrowUp gives the newest entry; within it, each key
/// steps to the older or newer neighbour (`None` past either end).
pub fn recall<'a>(history: &'a [String], current: &str, older: bool) -> Option<&'a str> {
    let at = history.iter().position(|q| q == current.trim());
    let next = match (at, older) {
        (None, true) => Some(0),
        (None, false) => None,
        (Some(i), true) => Some(i + 1),
        (Some(i), false) => i.checked_sub(1),
    };
    next.and_then(|i| history.get(i)).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_steps_through_the_history() {
        let h: Vec<String> = vec!["c".into(), "b".into(), "a".into()];
        assert_eq!(recall(&h, "", true), Some("c"));
        assert_eq!(recall(&h, "typed", true), Some("c"));
        assert_eq!(recall(&h, "c", true), Some("b"));
        assert_eq!(recall(&h, "a", true), None);
        assert_eq!(recall(&h, "b", false), Some("c"));
        assert_eq!(recall(&h, "c", false), None);
        assert_eq!(recall(&h, "", false), None);
        assert_eq!(recall(&[], "", true), None);
    }

    #[test]
    fn newest_first_without_duplicates() {
        let mut h = Vec::new();
        remember(&mut h, "up");
        remember(&mut h, "rate(x[1m])");
        remember(&mut h, " up \n");
        assert_eq!(h, vec!["up", "rate(x[1m])"]);
    }

    #[test]
    fn blank_queries_are_ignored() {
        let mut h = vec!["up".to_string()];
        remember(&mut h, "  \n ");
        assert_eq!(h, vec!["up"]);
    }

    #[test]
    fn bounded() {
        let mut h = Vec::new();
        for i in 0..MAX_HISTORY + 5 {
            remember(&mut h, &format!("q{i}"));
        }
        assert_eq!(h.len(), MAX_HISTORY);
        assert_eq!(h.first().map(String::as_str), Some("q54"));
        assert_eq!(h.last().map(String::as_str), Some("q5"));
    }
}
