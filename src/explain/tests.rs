//! Explanations of parsed queries, in both languages, and series matching.

use super::*;
use crate::lang::Lang;
use crate::promql::ast::{BinaryOp, Cardinality, VectorMatching};
use crate::promql::parse;
use crate::store::Labels;

fn tree(q: &str, lang: Lang) -> ExplainNode {
    explain(&parse(q).unwrap(), lang)
}

/// Every node of the tree, depth first.
fn nodes(n: &ExplainNode) -> Vec<&ExplainNode> {
    let mut out = vec![n];
    for c in &n.children {
        out.extend(nodes(c));
    }
    out
}

#[test]
fn vector_selector_names_series_matchers_and_lookback() {
    let q = "http_requests_total{job=\"my_app\"}";
    let en = tree(q, Lang::En);
    assert_eq!(en.kind, NodeKind::VectorSelector);
    assert_eq!(en.label, q);
    assert_eq!(en.span, 0..q.len());
    assert_eq!(
        en.explanation,
        "The latest sample of each series named http_requests_total with job = \"my_app\", within the last 5 minutes (lookback)."
    );
    let fr = tree(q, Lang::Fr);
    assert_eq!(
        fr.explanation,
        "Le dernier échantillon de chaque série nommée http_requests_total avec job = \"my_app\", pris dans les 5 minutes précédant t (lookback)."
    );
}

#[test]
fn matchers_offset_and_at_are_spelled_out() {
    let en = tree(
        "{__name__=~\"http_.*\", code!=\"200\", path=\"\"} offset 5m @ 120",
        Lang::En,
    );
    let e = &en.explanation;
    assert!(
        e.contains("each series with the name fully matching the regex \"http_.*\""),
        "{e}"
    );
    assert!(e.contains("code other than \"200\""), "{e}");
    assert!(e.contains("no label path"), "{e}");
    assert!(
        e.contains("shifted 5 minutes into the past (offset 5m)"),
        "{e}"
    );
    assert!(e.contains("fixed time 120 s"), "{e}");
    let fr = tree("x offset -1h", Lang::Fr);
    assert!(fr
        .explanation
        .contains("décalage de 1 heure vers le futur (offset -1h)"));
}

#[test]
fn range_selector_is_a_left_open_window() {
    let en = tree("x[5m]", Lang::En);
    assert_eq!(en.kind, NodeKind::MatrixSelector);
    assert!(en.explanation.starts_with(
        "All samples of the last 5 minutes of each series named x: window (t−5m, t], left-open"
    ));
    let fr = tree("x[90s]", Lang::Fr);
    assert!(fr
        .explanation
        .contains("dans la fenêtre de 1 minute 30 secondes précédant t : fenêtre (t−1m30s, t], ouverte à gauche"));
}

#[test]
fn rate_family_explanations_are_specific() {
    let cases = [
        ("rate(x[5m])", "Per-second average increase of each counter over the last 5 minutes, counter resets handled, extrapolated to the window edges"),
        ("increase(x[1h])", "Total increase of each counter over the last 1 hour"),
        ("irate(x[2m])", "last two samples only, looked for in the last 2 minutes"),
        ("delta(x[10m])", "last and the first value of each gauge over the last 10 minutes"),
        ("deriv(x[10m])", "slope of each gauge over the last 10 minutes, by linear regression"),
        ("avg_over_time(x[15m])", "The average of the samples of each series over the last 15 minutes"),
        ("quantile_over_time(0.5, x[15m])", "The φ = 0.5 quantile of the values"),
        ("count_over_time(x[1m])", "The number of samples of each series over the last 1 minute"),
    ];
    for (q, want) in cases {
        let n = tree(q, Lang::En);
        assert_eq!(n.kind, NodeKind::Call);
        assert!(n.explanation.contains(want), "{q}: {}", n.explanation);
        let fr = tree(q, Lang::Fr);
        assert_ne!(fr.explanation, n.explanation, "{q} has no French text");
    }
}

#[test]
fn other_functions_fall_back_to_the_table() {
    let en = tree("days_in_month()", Lang::En);
    assert_eq!(
        en.explanation,
        "The function days_in_month: takes (instant vector) and returns an instant vector."
    );
    let fr = tree("days_in_month()", Lang::Fr);
    assert_eq!(
        fr.explanation,
        "La fonction days_in_month : prend (vecteur instantané) et renvoie un vecteur instantané."
    );
}

#[test]
fn aggregations_say_which_labels_are_kept() {
    let by = tree("sum by (job) (x)", Lang::En);
    assert_eq!(by.label, "sum by (job) (…)");
    assert!(by.explanation.contains("the result keeps only job"));
    let without = tree("avg without (instance) (x)", Lang::En);
    assert!(without
        .explanation
        .contains("instance and the metric name are dropped, the rest is kept"));
    let all = tree("count(x)", Lang::Fr);
    assert!(all.explanation.contains("aucun label n'est gardé"));
    let top = tree("topk by (job) (3, x)", Lang::En);
    assert_eq!(top.label, "topk by (job) (3, …)");
    assert!(top.explanation.contains(
        "Keeps the 3 series with the largest values, unchanged, within each group of equal job"
    ));
    assert_eq!(top.children.len(), 1);
    let computed = tree("topk(scalar(y), x)", Lang::En);
    assert_eq!(computed.label, "topk(…, …)");
    assert_eq!(computed.children.len(), 2);
}

#[test]
fn binary_operators_say_how_series_are_matched() {
    let plain = tree("a / b", Lang::En);
    assert_eq!(plain.label, "… / …");
    assert!(plain
        .explanation
        .contains("paired one-to-one on all labels except the metric name"));
    let on = tree("a * on (job) group_left (version) b", Lang::En);
    assert!(on
        .explanation
        .contains("on the labels job only, many-to-one (group_left)"));
    assert!(on
        .explanation
        .contains("plus version copied from the right"));
    let ignoring = tree("a - ignoring (code) b", Lang::Fr);
    assert!(ignoring
        .explanation
        .contains("sur tous les labels sauf le nom de la métrique et code"));
    let filter = tree("x > 5", Lang::En);
    assert!(filter
        .explanation
        .starts_with("Filter: keeps only the series"));
    assert!(!filter.explanation.contains("paired"));
    let boolean = tree("x > bool 5", Lang::En);
    assert!(boolean.explanation.contains("1 if true, 0 if false"));
    let scalars = tree("1 + 2", Lang::En);
    assert!(scalars.explanation.contains("the result is a scalar"));
    let set = tree("a or on (job) b", Lang::En);
    assert!(set.explanation.starts_with("Union"));
    assert!(set.explanation.contains("same values of job"));
}

#[test]
fn subqueries_numbers_and_structure() {
    let n = tree("max_over_time(rate(x[1m])[30m:] @ end())", Lang::En);
    assert_eq!(n.label, "max_over_time(…)");
    assert!(n.explanation.contains("over the last 30 minutes"));
    let sq = &n.children[0];
    assert_eq!(sq.kind, NodeKind::Subquery);
    assert_eq!(sq.label, "…[30m:] @ end()");
    assert!(sq
        .explanation
        .contains("every 1 minute (default step) over the last 30 minutes"));
    assert!(sq.explanation.contains("@ end()"));
    assert_eq!(sq.children[0].label, "rate(…)");
    assert_eq!(sq.children[0].children[0].label, "x[1m]");
    let p = tree("-(x) + 1", Lang::En);
    let kinds: Vec<NodeKind> = nodes(&p).iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        vec![
            NodeKind::Binary,
            NodeKind::Unary,
            NodeKind::Paren,
            NodeKind::VectorSelector,
            NodeKind::Number
        ]
    );
    assert_eq!(
        nodes(&p)[4].explanation,
        "The number 1 (a scalar, the same at every time)."
    );
}

#[test]
fn every_node_is_explained_in_both_languages_with_its_span() {
    let q = "histogram_quantile(0.9, sum without (instance) (rate(x_bucket[5m]))) > on (job) group_left label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\") unless -abs(y)";
    let (fr, en) = (tree(q, Lang::Fr), tree(q, Lang::En));
    let (fr, en) = (nodes(&fr), nodes(&en));
    assert_eq!(fr.len(), en.len());
    for (f, e) in fr.iter().zip(&en) {
        assert!(!e.explanation.is_empty() && !f.explanation.is_empty());
        assert!(!e.label.is_empty());
        assert_eq!(f.span, e.span);
        assert!(q.get(e.span.clone()).is_some(), "span {:?}", e.span);
        if !matches!(e.kind, NodeKind::Number | NodeKind::Paren) {
            assert_ne!(f.explanation, e.explanation, "{}", e.label);
        }
    }
    let lr = en
        .iter()
        .find(|n| n.label.starts_with("label_replace"))
        .unwrap();
    assert!(lr.explanation.contains(
        "if label \"b\" fully matches the regex \"(.*)\", writes \"$1\" into label \"a\""
    ));
}

#[test]
fn the_flat_list_follows_the_tree_in_pre_order() {
    let q = "topk(scalar(y), rate(x[5m])) / on (job) (sum by (job) (a) + 1) > bool 2";
    let expr = parse(q).unwrap();
    let tree = explain(&expr, Lang::En);
    let flat = flatten(&tree, &expr);
    let exprs = preorder(&expr);
    let depth_first = nodes(&tree);
    assert_eq!(flat.len(), depth_first.len());
    assert_eq!(exprs.len(), flat.len());
    for (i, ((f, n), e)) in flat.iter().zip(&depth_first).zip(&exprs).enumerate() {
        assert_eq!(f.label, n.label);
        assert_eq!(f.kind, n.kind);
        assert_eq!(f.explanation, n.explanation);
        // Each node is paired with the sub-expression written at its span.
        assert_eq!(q.get(n.span.clone()), Some(e.to_string().as_str()), "{i}");
        assert_eq!(f.value_type, e.value_type());
        assert_eq!(f.children.len(), n.children.len());
        for (&c, child) in f.children.iter().zip(&n.children) {
            assert!(c > i);
            assert_eq!(flat[c].label, child.label);
        }
    }
    // The comparison and the addition have a scalar side; only the division pairs series.
    assert_eq!(flat[0].binary, None);
    let binaries: Vec<(String, String)> = flat
        .iter()
        .filter_map(|f| f.binary.as_ref())
        .map(|b| (flat[b.left].label.clone(), flat[b.right].label.clone()))
        .collect();
    assert_eq!(
        binaries,
        [("topk(…, …)".to_string(), "(…)".to_string())],
        "{flat:#?}"
    );
    // A literal argument stays in its parent's label and gets no node of its own.
    let call = parse("histogram_quantile(0.9, x)").unwrap();
    let texts: Vec<String> = preorder(&call).iter().map(|e| e.to_string()).collect();
    assert_eq!(texts, ["histogram_quantile(0.9, x)", "x"]);
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    Labels::from_pairs(pairs.iter().copied())
}

fn on(names: &[&str], card: Cardinality) -> VectorMatching {
    VectorMatching {
        card,
        on: true,
        labels: names.iter().map(|s| s.to_string()).collect(),
        include: vec![],
    }
}

#[test]
fn matching_one_to_one_ignores_the_metric_name() {
    let left = [
        labels(&[("__name__", "a"), ("job", "x")]),
        labels(&[("__name__", "a"), ("job", "y")]),
    ];
    let right = [
        labels(&[("__name__", "b"), ("job", "y")]),
        labels(&[("__name__", "b"), ("job", "z")]),
    ];
    let r = explain_matching(&left, &right, BinaryOp::Div, None);
    assert_eq!(r.pairs, vec![MatchPair { left: 1, right: 0 }]);
    assert_eq!(r.unmatched_left, vec![0]);
    assert_eq!(r.unmatched_right, vec![1]);
    assert!(r.problems.is_empty());
    assert_eq!(r.left_signatures[1].to_string(), "{job=\"y\"}");
}

#[test]
fn matching_on_and_group_left() {
    let left = [
        labels(&[("job", "x"), ("code", "200")]),
        labels(&[("job", "x"), ("code", "500")]),
    ];
    let right = [labels(&[("job", "x"), ("version", "1")])];
    let one = explain_matching(
        &left,
        &right,
        BinaryOp::Mul,
        Some(&on(&["job"], Cardinality::OneToOne)),
    );
    assert_eq!(one.pairs.len(), 2);
    assert_eq!(
        one.problems,
        vec![MatchProblem::DuplicateLeft {
            signature: labels(&[("job", "x")]),
            series: vec![0, 1]
        }]
    );
    assert!(one.problems[0].message(Lang::En).contains("group_right"));
    assert!(one.problems[0]
        .message(Lang::Fr)
        .contains("2 séries à gauche"));
    let many = explain_matching(
        &left,
        &right,
        BinaryOp::Mul,
        Some(&on(&["job"], Cardinality::ManyToOne)),
    );
    assert_eq!(
        many.pairs,
        vec![
            MatchPair { left: 0, right: 0 },
            MatchPair { left: 1, right: 0 }
        ]
    );
    assert!(many.problems.is_empty());
    // With group_right the left side must be unique, matched or not.
    let right_many = explain_matching(
        &left,
        &right,
        BinaryOp::Mul,
        Some(&on(&["job"], Cardinality::OneToMany)),
    );
    assert_eq!(right_many.problems.len(), 1);
}

#[test]
fn duplicate_right_series_are_refused_even_unmatched_and_sets_allow_many() {
    let left = [labels(&[("job", "x")])];
    let right = [
        labels(&[("job", "y"), ("i", "1")]),
        labels(&[("job", "y"), ("i", "2")]),
    ];
    let m = on(&["job"], Cardinality::OneToOne);
    let r = explain_matching(&left, &right, BinaryOp::Add, Some(&m));
    assert!(r.pairs.is_empty());
    assert_eq!(r.unmatched_right, vec![0, 1]);
    assert!(
        matches!(r.problems.as_slice(), [MatchProblem::DuplicateRight { series, .. }] if series == &vec![0, 1])
    );
    let set = explain_matching(&left, &right, BinaryOp::And, Some(&m));
    assert!(set.problems.is_empty());
    let ign = VectorMatching {
        card: Cardinality::ManyToMany,
        on: false,
        labels: vec!["i".to_string()],
        include: vec![],
    };
    let r = explain_matching(&right, &right, BinaryOp::Unless, Some(&ign));
    assert_eq!(r.pairs.len(), 4);
}
