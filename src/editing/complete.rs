//! Context-aware completion, like Prometheus 3's expression input: where an expression
//! can start, metric names, functions (with their signature) and aggregations; after an
//! expression, keywords; label names inside `{...}` and `by (...)`; label values after
//! `label="`; durations after `[`. Ranked: prefix matches, then substring matches.

use std::ops::Range;

use super::highlight::{is_unclosed_string, tokenize, Class, Token};
use crate::promql::ast::AggregateOp;
use crate::promql::functions::FUNCTIONS;
use crate::promql::keywords;
use crate::store::{escape_label_value, Matcher, Store};

/// The most suggestions shown at once.
pub const MAX_ITEMS: usize = 12;

/// Durations offered after `[`.
const DURATIONS: [&str; 9] = ["1m", "5m", "10m", "15m", "30m", "1h", "6h", "1d", "1w"];

/// Names and values the completion draws from (the series store, or a test double).
pub trait Vocabulary {
    /// Every metric name.
    fn metric_names(&self) -> Vec<String>;
    /// The label names of `metric` (of every series when `None`), without `__name__`.
    fn label_names(&self, metric: Option<&str>) -> Vec<String>;
    /// The values of `label` on the series of `metric` (of every series when `None`).
    fn label_values(&self, metric: Option<&str>, label: &str) -> Vec<String>;
    /// What the list shows beside `metric` (its type and help, when known).
    fn metric_detail(&self, _metric: &str) -> String {
        String::new()
    }
}

impl Vocabulary for Store {
    fn metric_names(&self) -> Vec<String> {
        Store::label_values(self, "__name__")
    }

    fn label_names(&self, metric: Option<&str>) -> Vec<String> {
        let mut names: Vec<String> = match metric {
            None => Store::label_names(self),
            Some(m) => self
                .select(&[Matcher::equal("__name__", m)])
                .into_iter()
                .flat_map(|id| self.series(id).labels.iter().map(|l| l.name.clone()))
                .collect(),
        };
        names.retain(|n| n != "__name__");
        crate::order::sort(&mut names);
        names.dedup();
        names
    }

    fn label_values(&self, metric: Option<&str>, label: &str) -> Vec<String> {
        match metric {
            None => Store::label_values(self, label),
            Some(m) => {
                let mut values: Vec<String> = self
                    .select(&[Matcher::equal("__name__", m)])
                    .into_iter()
                    .map(|id| self.series(id).labels.get(label).to_string())
                    .filter(|v| !v.is_empty())
                    .collect();
                crate::order::sort(&mut values);
                values.dedup();
                values
            }
        }
    }
}

/// What a suggestion is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A metric name.
    Metric,
    /// A function.
    Function,
    /// An aggregation operator.
    Aggregation,
    /// A keyword.
    Keyword,
    /// A label name.
    LabelName,
    /// A label value.
    LabelValue,
    /// A duration.
    Duration,
}

/// One suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What the list shows.
    pub label: String,
    /// What it is.
    pub kind: ItemKind,
    /// A function's signature, e.g. `rate(range vector) → instant vector`; else empty.
    pub signature: String,
}

/// Where the caret stands and what may be typed there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Context {
    /// Where an expression starts, or after one or after an aggregation's name
    /// (`after_value`: only keywords fit).
    Expression {
        /// Whether an expression just ended before the word.
        after_value: bool,
    },
    /// A label name, of `metric`'s series when known.
    LabelName {
        /// The metric the labels belong to.
        metric: Option<String>,
    },
    /// A label value of `label`, inside a string opened by `quote`.
    LabelValue {
        /// The metric whose series are matched.
        metric: Option<String>,
        /// The label name before the matcher operator.
        label: String,
        /// The quote that opened the string.
        quote: char,
    },
    /// A range or subquery duration.
    Duration,
}

/// The suggestions at a caret: the text they replace and the items, best first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// The bytes an accepted item replaces (the word typed so far).
    pub range: Range<usize>,
    /// Where the caret is.
    pub context: Context,
    /// The suggestions, at most [`MAX_ITEMS`].
    pub items: Vec<Item>,
}

/// The completion at byte offset `caret` of `text`, or `None` where nothing fits (in a
/// comment, in a number, after a string).
pub fn complete(text: &str, caret: usize, vocab: &dyn Vocabulary) -> Option<Completion> {
    let before = text.get(..caret)?;
    let (range, context) = context_at(text, before)?;
    let prefix = before.get(range.clone()).unwrap_or("");
    let prefix = match context {
        Context::LabelValue { .. } => prefix.get(1..).unwrap_or(""),
        _ => prefix,
    };
    let items = rank(prefix, candidates(&context, vocab));
    Some(Completion {
        range,
        context,
        items,
    })
}

/// The word being typed and the context around it.
fn context_at(text: &str, before: &str) -> Option<(Range<usize>, Context)> {
    let (tokens, st) = tokenize(before);
    let caret = before.len();
    let last = tokens.last();
    let at_caret = last.filter(|t| t.span.end == caret);
    if at_caret
        .is_some_and(|t| !st.in_brackets && matches!(t.class, Class::Number | Class::Duration))
    {
        return None;
    }
    let word = at_caret
        .filter(|t| t.class.is_word() || matches!(t.class, Class::Number | Class::Duration));
    let range = word.map_or(caret..caret, |t| t.span.clone());
    if let Some(t) = last {
        if t.class == Class::Comment && !before[t.span.clone()].contains('\n') {
            return None;
        }
        if t.class == Class::Str {
            let s = &before[t.span.clone()];
            if !is_unclosed_string(s) || !st.in_braces {
                return None;
            }
            let quote = s.chars().next()?;
            let label = label_before_matcher(before, &tokens)?;
            let metric = metric_before_brace(before, &tokens);
            return Some((
                t.span.clone(),
                Context::LabelValue {
                    metric,
                    label,
                    quote,
                },
            ));
        }
    }
    if st.in_brackets {
        let fits = word.is_none_or(|t| matches!(t.class, Class::Number | Class::Duration));
        return fits.then_some((range, Context::Duration));
    }
    if st.in_braces {
        let metric = metric_before_brace(before, &tokens);
        return Some((range, Context::LabelName { metric }));
    }
    if st.in_grouping {
        let metric = first_metric(text);
        return Some((range, Context::LabelName { metric }));
    }
    let upto = if word.is_some() {
        tokens.len().saturating_sub(1)
    } else {
        tokens.len()
    };
    let after_value = tokens
        .get(..upto)
        .and_then(|ts| {
            ts.iter()
                .rev()
                .find(|t| !matches!(t.class, Class::Space | Class::Comment))
        })
        .is_some_and(|t| ends_value(t, before));
    Some((range, Context::Expression { after_value }))
}

/// Whether a keyword, not a new expression, comes after `t`: it ends an expression, or
/// it is an aggregation awaiting `by`/`without`.
fn ends_value(t: &Token, text: &str) -> bool {
    match t.class {
        Class::Metric | Class::Number | Class::Duration | Class::Str | Class::Aggregation => true,
        Class::Bracket => matches!(&text[t.span.clone()], ")" | "}" | "]"),
        _ => false,
    }
}

/// The label name before the matcher operator that precedes the last token.
fn label_before_matcher(text: &str, tokens: &[Token]) -> Option<String> {
    let mut sig = tokens
        .iter()
        .rev()
        .skip(1)
        .filter(|t| t.class != Class::Space);
    let op = sig.next()?;
    if !matches!(&text[op.span.clone()], "=" | "!=" | "=~" | "!~") {
        return None;
    }
    let name = sig.next().filter(|t| t.class == Class::LabelName)?;
    Some(text[name.span.clone()].to_string())
}

/// The metric name written just before the last unclosed `{`, if any.
fn metric_before_brace(text: &str, tokens: &[Token]) -> Option<String> {
    let brace = tokens
        .iter()
        .rposition(|t| t.class == Class::Bracket && &text[t.span.clone()] == "{")?;
    tokens
        .get(..brace)?
        .iter()
        .rev()
        .find(|t| t.class != Class::Space)
        .filter(|t| t.class == Class::Metric)
        .map(|t| text[t.span.clone()].to_string())
}

/// The first metric name of the whole query (whose labels a `by (...)` list names).
fn first_metric(text: &str) -> Option<String> {
    tokenize(text)
        .0
        .into_iter()
        .find(|t| t.class == Class::Metric)
        .map(|t| text[t.span].to_string())
}

/// Every suggestion of `context`, in display order before ranking.
fn candidates(context: &Context, vocab: &dyn Vocabulary) -> Vec<Item> {
    let plain = |kind| {
        move |label: String| Item {
            label,
            kind,
            signature: String::new(),
        }
    };
    match context {
        Context::Expression { after_value: true } => keywords::after_expression()
            .map(|k| k.to_string())
            .map(plain(ItemKind::Keyword))
            .collect(),
        Context::Expression { after_value: false } => {
            let mut items: Vec<Item> = vocab
                .metric_names()
                .into_iter()
                .map(|name| Item {
                    signature: vocab.metric_detail(&name),
                    label: name,
                    kind: ItemKind::Metric,
                })
                .collect();
            items.extend(FUNCTIONS.iter().filter(|f| !f.experimental).map(|f| Item {
                label: f.name.to_string(),
                kind: ItemKind::Function,
                signature: signature(f),
            }));
            items.extend(
                // Stable aggregations only, as for functions (limitk/limit_ratio are
                // experimental and refused by the parser).
                AggregateOp::ALL
                    .iter()
                    .filter(|a| !matches!(a, AggregateOp::Limitk | AggregateOp::LimitRatio))
                    .map(|a| a.as_str().to_string())
                    .map(plain(ItemKind::Aggregation)),
            );
            items
        }
        Context::LabelName { metric } => vocab
            .label_names(metric.as_deref())
            .into_iter()
            .map(plain(ItemKind::LabelName))
            .collect(),
        Context::LabelValue { metric, label, .. } => vocab
            .label_values(metric.as_deref(), label)
            .into_iter()
            .map(plain(ItemKind::LabelValue))
            .collect(),
        Context::Duration => DURATIONS
            .iter()
            .map(|d| d.to_string())
            .map(plain(ItemKind::Duration))
            .collect(),
    }
}

/// A function's signature as Prometheus shows it: `clamp(instant vector, scalar, scalar)
/// → instant vector`, with `...` for variadic arguments.
fn signature(f: &crate::promql::functions::Function) -> String {
    let mut args: Vec<&str> = f.arg_types.iter().map(|t| t.name()).collect();
    if f.variadic != 0 {
        args.push("...");
    }
    format!("{}({}) → {}", f.name, args.join(", "), f.return_type.name())
}

/// Items matching `prefix` (case-insensitive): those starting with it, then those
/// containing it, each in their original order; at most [`MAX_ITEMS`].
fn rank(prefix: &str, items: Vec<Item>) -> Vec<Item> {
    let p = prefix.to_lowercase();
    let (starts, rest): (Vec<Item>, Vec<Item>) = items
        .into_iter()
        .partition(|i| i.label.to_lowercase().starts_with(&p));
    starts
        .into_iter()
        .chain(
            rest.into_iter()
                .filter(|i| i.label.to_lowercase().contains(&p)),
        )
        .take(MAX_ITEMS)
        .collect()
}

/// `text` with `item` accepted: the typed word replaced, a `(` after functions and
/// aggregations, label values quoted and escaped. Returns the new text and caret (bytes).
pub fn accept(text: &str, completion: &Completion, item: &Item) -> (String, usize) {
    let Range { start, end } = completion.range;
    let (head, tail) = (
        text.get(..start).unwrap_or(text),
        text.get(end..).unwrap_or(""),
    );
    let insert = match (&completion.context, item.kind) {
        (_, ItemKind::Function | ItemKind::Aggregation) if !tail.trim_start().starts_with('(') => {
            format!("{}(", item.label)
        }
        (Context::LabelValue { quote, .. }, _) => {
            let value = if *quote == '`' {
                item.label.clone()
            } else {
                escape_label_value(&item.label)
            };
            let close = if tail.starts_with(*quote) {
                String::new()
            } else {
                quote.to_string()
            };
            format!("{quote}{value}{close}")
        }
        _ => item.label.clone(),
    };
    let mut caret = head.len() + insert.len();
    if matches!(completion.context, Context::LabelValue { .. })
        && tail.starts_with(['"', '\'', '`'])
    {
        caret += 1;
    }
    (format!("{head}{insert}{tail}"), caret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Labels;

    fn store() -> Store {
        let mut s = Store::new(3_600_000);
        for (name, job, code) in [
            ("http_requests_total", "my_app", "200"),
            ("http_requests_total", "my_app", "500"),
            ("up", "node", ""),
            ("process_cpu_seconds_total", "my_app", ""),
        ] {
            let mut l = Labels::from_pairs([("__name__", name), ("job", job)]);
            if !code.is_empty() {
                l.set("code", code);
            }
            let _ = s.append(&l, 1000, 1.0);
        }
        s
    }

    fn labels(text: &str) -> Vec<String> {
        let caret = text.find('|').unwrap_or(text.len());
        let text = text.replace('|', "");
        complete(&text, caret, &store())
            .map(|c| c.items.into_iter().map(|i| i.label).collect())
            .unwrap_or_default()
    }

    #[test]
    fn metric_names_by_prefix() {
        assert_eq!(labels("http_req"), vec!["http_requests_total"]);
        let l = labels("sum(proc");
        assert_eq!(
            l.first().map(String::as_str),
            Some("process_cpu_seconds_total")
        );
    }

    #[test]
    fn prefix_matches_rank_before_substring_matches() {
        let l = labels("rat");
        assert_eq!(l.first().map(String::as_str), Some("rate"));
        let irate = l.iter().position(|x| x == "irate");
        let rate = l.iter().position(|x| x == "rate");
        assert!(rate < irate && irate.is_some(), "{l:?}");
        assert!(labels("e").len() <= MAX_ITEMS);
    }

    #[test]
    fn functions_show_their_signature() {
        let c = complete("clam", 4, &store()).map(|c| c.items);
        let clamp = c
            .unwrap_or_default()
            .into_iter()
            .find(|i| i.label == "clamp");
        assert_eq!(
            clamp.map(|i| i.signature),
            Some("clamp(instant vector, scalar, scalar) → instant vector".to_string())
        );
    }

    #[test]
    fn label_names_of_the_metric_inside_braces() {
        assert_eq!(labels("http_requests_total{"), vec!["code", "job"]);
        assert_eq!(labels("up{j"), vec!["job"]);
        assert_eq!(labels("http_requests_total{job=\"x\", c"), vec!["code"]);
        assert_eq!(labels("{"), vec!["code", "job"]);
    }

    #[test]
    fn label_names_in_grouping() {
        assert_eq!(
            labels("sum by (|) (http_requests_total)"),
            vec!["code", "job"]
        );
        assert_eq!(labels("sum(up) without (j"), vec!["job"]);
    }

    #[test]
    fn label_values_after_a_matcher() {
        assert_eq!(labels("http_requests_total{code=\""), vec!["200", "500"]);
        assert_eq!(labels("http_requests_total{code=~\"5"), vec!["500"]);
        assert_eq!(labels("{job!=\""), vec!["my_app", "node"]);
        assert!(labels("http_requests_total{code=\"200\"").is_empty());
    }

    #[test]
    fn durations_inside_brackets() {
        assert_eq!(labels("rate(x[").first().map(String::as_str), Some("1m"));
        assert_eq!(
            labels("rate(x[1"),
            vec!["1m", "10m", "15m", "1h", "1d", "1w"]
        );
    }

    #[test]
    fn keywords_after_an_expression() {
        assert_eq!(labels("rate(x[1m]) of"), vec!["offset"]);
        assert_eq!(labels("up a").first().map(String::as_str), Some("and"));
        assert_eq!(labels("sum wi"), vec!["without"]);
        assert!(!labels("up ").contains(&"up".to_string()));
    }

    #[test]
    fn nothing_in_comments_or_numbers() {
        assert!(complete("# rat", 5, &store()).is_none());
        assert!(complete("1.5", 3, &store()).is_none());
        assert!(complete("up", 9, &store()).is_none());
    }

    #[test]
    fn accepting_a_function_adds_a_parenthesis() {
        let c = complete("sum(ra", 6, &store());
        let c = c.unwrap_or_else(|| panic!("a completion"));
        let rate = c.items.iter().find(|i| i.label == "rate").cloned();
        let rate = rate.unwrap_or_else(|| panic!("rate offered"));
        assert_eq!(accept("sum(ra", &c, &rate), ("sum(rate(".to_string(), 9));
    }

    #[test]
    fn accepting_a_label_value_closes_the_string() {
        let text = "up{job=\"n";
        let c = complete(text, text.len(), &store()).unwrap_or_else(|| panic!("completion"));
        let item = c
            .items
            .first()
            .cloned()
            .unwrap_or_else(|| panic!("an item"));
        assert_eq!(accept(text, &c, &item), ("up{job=\"node\"".to_string(), 13));
        let text = "up{job=\"n\"}";
        let c = complete(text, 9, &store()).unwrap_or_else(|| panic!("completion"));
        let item = c
            .items
            .first()
            .cloned()
            .unwrap_or_else(|| panic!("an item"));
        assert_eq!(
            accept(text, &c, &item),
            ("up{job=\"node\"}".to_string(), 13)
        );
    }

    #[test]
    fn accepting_a_metric_replaces_the_word() {
        let text = "http_req + 1";
        let c = complete(text, 8, &store()).unwrap_or_else(|| panic!("completion"));
        let item = c
            .items
            .first()
            .cloned()
            .unwrap_or_else(|| panic!("an item"));
        assert_eq!(
            accept(text, &c, &item),
            ("http_requests_total + 1".to_string(), 19)
        );
    }
}
