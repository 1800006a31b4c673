//! Unit tests of the parser: precedence, associativity, literals, selectors, modifiers,
//! aggregations, type checking, spans, every error kind, hostile input and printing.

use super::*;
use crate::lang::Lang;
use crate::promql::ast::{AtModifier, UnaryOp, VectorSelector};
use crate::promql::printer::format_pretty;
use crate::promql::spans::same_ast;
use crate::store::MatchOp;

fn ok(input: &str) -> Expr {
    match parse(input) {
        Ok(e) => e,
        Err(e) => panic!("{input:?} failed: {e} at {:?}", e.span),
    }
}

fn err(input: &str) -> ParseError {
    match parse(input) {
        Ok(e) => panic!("{input:?} parsed as {e}"),
        Err(e) => e,
    }
}

/// Parenthesised structure of binary and unary operators, numbers and names.
fn shape(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number(v) => format!("{v}"),
        ExprKind::VectorSelector(vs) => vs.name.clone().unwrap_or_default(),
        ExprKind::Binary(b) => format!("({} {} {})", shape(&b.lhs), b.op.as_str(), shape(&b.rhs)),
        ExprKind::Unary(op, inner) => {
            let s = if *op == UnaryOp::Neg { "-" } else { "+" };
            format!("({s}{})", shape(inner))
        }
        ExprKind::Paren(inner) => format!("[{}]", shape(inner)),
        _ => e.to_string(),
    }
}

fn number(input: &str) -> f64 {
    match ok(input).kind {
        ExprKind::Number(v) => v,
        other => panic!("{input:?} is {other:?}"),
    }
}

fn selector(input: &str) -> VectorSelector {
    match ok(input).kind {
        ExprKind::VectorSelector(vs) => vs,
        other => panic!("{input:?} is {other:?}"),
    }
}

#[test]
fn precedence_and_associativity() {
    let cases = [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 * 2 + 3", "((1 * 2) + 3)"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"),
        ("-2 ^ 2", "(-(2 ^ 2))"),
        ("-1 * 2", "(-1 * 2)"),
        ("1 - -1", "(1 - -1)"),
        ("- - 1", "1"),
        ("a or b and c", "(a or (b and c))"),
        ("a and b unless c", "((a and b) unless c)"),
        ("a == bool b + c", "(a == (b + c))"),
        ("a atan2 b * c", "((a atan2 b) * c)"),
        ("a + b % c ^ d", "(a + (b % (c ^ d)))"),
        ("-a + b", "((-a) + b)"),
        ("-a ^ b", "(-(a ^ b))"),
        ("(1 + 2) * 3", "([(1 + 2)] * 3)"),
        ("a > b < c >= d", "(((a > b) < c) >= d)"),
        ("a OR b AND c", "(a or (b and c))"),
    ];
    for (input, want) in cases {
        assert_eq!(shape(&ok(input)), want, "{input}");
    }
}

#[test]
fn number_literals() {
    assert_eq!(number("42"), 42.0);
    assert_eq!(number("0x1f"), 31.0);
    assert_eq!(number("0X1F"), 31.0);
    assert_eq!(number("010"), 8.0);
    assert_eq!(number("09"), 9.0);
    assert_eq!(number("1_000"), 1000.0);
    assert_eq!(number("1e3"), 1000.0);
    assert_eq!(number("12.34e-6"), 0.00001234);
    assert_eq!(number(".5"), 0.5);
    assert_eq!(number("2."), 2.0);
    assert_eq!(number("+0.2"), 0.2);
    assert_eq!(number("inF"), f64::INFINITY);
    assert_eq!(number("-Inf"), f64::NEG_INFINITY);
    assert!(number("nan").is_nan());
    assert!(number("NaN").is_nan());
    assert_eq!(number("5m"), 300.0);
    assert_eq!(number("1h30m"), 5400.0);
    assert_eq!(number("1d"), 86400.0);
    assert_eq!(number("1w"), 604_800.0);
    assert_eq!(number("1y"), 31_536_000.0);
    assert_eq!(number("250ms"), 0.25);
    assert_eq!(number("1e308"), 1e308);
}

#[test]
fn string_literals() {
    let s = |input: &str| match ok(input).kind {
        ExprKind::String(s) => s,
        other => panic!("{other:?}"),
    };
    assert_eq!(s(r#""a\tb\"c""#), "a\tb\"c");
    assert_eq!(s(r"'it\'s'"), "it's");
    assert_eq!(s("`raw \\n`"), "raw \\n");
    assert_eq!(s(r#""\u00e9t\u00E9 \U0001F600""#), "été 😀");
    assert_eq!(s(r#""\101\x42""#), "AB");
    assert_eq!(s(r#""été""#), "été");
}

#[test]
fn selectors() {
    let vs =
        selector(r#"http_requests_total{job="my_app", handler=~"/api.*", code!="500", x!~"a|b",}"#);
    assert_eq!(vs.name.as_deref(), Some("http_requests_total"));
    let names: Vec<&str> = vs.matchers.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["job", "handler", "code", "x", "__name__"]);
    assert_eq!(vs.matchers[4].value, "http_requests_total");
    assert_eq!(vs.matchers[1].op, MatchOp::Regex);
    assert!(vs.matchers[1].matches("/api/users"));

    let vs = selector(r#"{__name__="up"}"#);
    assert_eq!(vs.name, None);
    assert_eq!(vs.matchers.len(), 1);

    let vs = selector(r#"{"metric.name", "label.x"="v"}"#);
    assert_eq!(vs.name, None);
    assert_eq!(vs.matchers[0].name, "__name__");
    assert_eq!(vs.matchers[0].value, "metric.name");
    assert_eq!(vs.matchers[1].name, "label.x");

    let vs = selector("job:http_requests:rate5m");
    assert_eq!(vs.name.as_deref(), Some("job:http_requests:rate5m"));

    for keyword_named in ["sum", "by", "offset", "start", "count", "and", "step"] {
        assert_eq!(selector(keyword_named).name.as_deref(), Some(keyword_named));
    }
    let vs = selector("offset offset 5m");
    assert_eq!(vs.offset_ms, 300_000);
    assert!(selector(r#"{a=~".+"}"#).matchers[0].matches("x"));
    assert_eq!(selector("foo{}").matchers.len(), 1);
}

#[test]
fn ranges_subqueries_offsets_and_at() {
    let e = ok("foo[5m]");
    let ExprKind::MatrixSelector(ms) = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(ms.range_ms, 300_000);

    let e = ok("foo[1h30m] offset -5m @ 1609746000");
    let ExprKind::MatrixSelector(ms) = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(ms.range_ms, 5_400_000);
    assert_eq!(ms.selector.offset_ms, -300_000);
    assert_eq!(
        ms.selector.at,
        Some(AtModifier::Timestamp(1_609_746_000_000))
    );

    let a = ok("foo @ start() offset 1m");
    let b = ok("foo offset 1m @ start()");
    assert!(same_ast(&a, &b));
    assert_eq!(selector("foo @ end()").at, Some(AtModifier::End));
    assert_eq!(selector("foo @ 1.5").at, Some(AtModifier::Timestamp(1500)));
    assert_eq!(
        selector("foo @ -10").at,
        Some(AtModifier::Timestamp(-10_000))
    );
    assert_eq!(selector("foo offset 90").offset_ms, 90_000);
    assert_eq!(selector("foo offset 1.5").offset_ms, 1500);

    let e = ok("rate(foo[5m])[30m:1m] offset 1h @ end()");
    let ExprKind::Subquery(sq) = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(sq.range_ms, 1_800_000);
    assert_eq!(sq.step_ms, Some(60_000));
    assert_eq!(sq.offset_ms, 3_600_000);
    assert_eq!(sq.at, Some(AtModifier::End));

    let e = ok("foo[30m:]");
    let ExprKind::Subquery(sq) = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(sq.step_ms, None);
    assert_eq!(sq.range_ms, 1_800_000);

    let e = ok("foo offset 5m [10m:1m]");
    let ExprKind::Subquery(sq) = &e.kind else {
        panic!("{e:?}")
    };
    assert!(matches!(&sq.expr.kind, ExprKind::VectorSelector(vs) if vs.offset_ms == 300_000));
    let e = ok("foo[5]");
    assert!(matches!(e.kind, ExprKind::MatrixSelector(ref m) if m.range_ms == 5000));
}

#[test]
fn aggregations() {
    let agg = |input: &str| match ok(input).kind {
        ExprKind::Aggregate(a) => a,
        other => panic!("{other:?}"),
    };
    let a = agg("sum by (job, code) (rate(http_requests_total[5m]))");
    assert_eq!(a.op, AggregateOp::Sum);
    assert_eq!(
        a.grouping,
        Some(Grouping {
            without: false,
            labels: vec!["job".into(), "code".into()]
        })
    );
    let b = agg("sum(rate(http_requests_total[5m])) by (job, code)");
    assert_eq!(a.grouping, b.grouping);
    let c = agg("SUM BY (job) (x)");
    assert_eq!(c.grouping.map(|g| g.labels), Some(vec!["job".to_string()]));
    let d = agg("avg without (instance) (x)");
    assert!(d.grouping.is_some_and(|g| g.without));
    let t = agg("topk(3, x)");
    assert!(matches!(t.param.as_deref().map(|p| &p.kind), Some(ExprKind::Number(v)) if *v == 3.0));
    let q = agg("quantile(0.9, x)");
    assert_eq!(q.op, AggregateOp::Quantile);
    let cv = agg(r#"count_values("value", x)"#);
    assert!(matches!(
        cv.param.as_deref().map(|p| &p.kind),
        Some(ExprKind::String(_))
    ));
    assert_eq!(agg("sum(x)").grouping, None);
    assert_eq!(
        agg("sum by () (x)").grouping.map(|g| g.labels.len()),
        Some(0)
    );
    let g = agg(r#"sum by ("label.with.dots", on, bool) (x)"#);
    assert_eq!(
        g.grouping.map(|g| g.labels),
        Some(vec!["label.with.dots".into(), "on".into(), "bool".into()])
    );
    agg("count(x)");
    agg("group(x)");
    agg("stddev(x)");
    agg("stdvar(x)");
    agg("bottomk(1, x)");
    agg("min(x)");
    agg("max(x)");
}

#[test]
fn binary_modifiers() {
    let bin = |input: &str| match ok(input).kind {
        ExprKind::Binary(b) => b,
        other => panic!("{other:?}"),
    };
    let b = bin("a > bool b");
    assert!(b.return_bool);
    assert_eq!(b.matching, None);
    let b = bin("a * on (job) group_left (version) b");
    assert_eq!(
        b.matching,
        Some(VectorMatching {
            card: Cardinality::ManyToOne,
            on: true,
            labels: vec!["job".into()],
            include: vec!["version".into()],
        })
    );
    let b = bin("a / ignoring (code) group_right b");
    let m = b.matching.expect("matching");
    assert_eq!(m.card, Cardinality::OneToMany);
    assert!(!m.on);
    assert!(m.include.is_empty());
    let b = bin("a and on (x) b");
    assert_eq!(b.matching.map(|m| m.card), Some(Cardinality::ManyToMany));
    assert_eq!(bin("a + ignoring () b").matching, None);
    assert_eq!(bin("a + on () b").matching.map(|m| m.on), Some(true));
    assert_eq!(bin("1 + on () a").matching, None);
    assert!(bin("1 == bool 2").return_bool);
    let b = bin("a == BOOL ON (x) b");
    assert!(b.return_bool && b.matching.is_some_and(|m| m.on));
}

#[test]
fn function_calls() {
    let call = |input: &str| match ok(input).kind {
        ExprKind::Call(c) => c,
        other => panic!("{other:?}"),
    };
    let c = call("rate(http_requests_total[5m])");
    assert_eq!(c.func.name, "rate");
    assert_eq!(c.args.len(), 1);
    assert_eq!(call("time()").args.len(), 0);
    assert_eq!(call("round(x)").args.len(), 1);
    assert_eq!(call("round(x, 5)").args.len(), 2);
    assert_eq!(call("hour()").args.len(), 0);
    assert_eq!(
        call(r#"label_join(x, "d", ",", "a", "b", "c")"#).args.len(),
        6
    );
    assert_eq!(
        call(r#"label_replace(up, "foo", "$1", "job", "(.*)")"#)
            .args
            .len(),
        5
    );
    assert_eq!(
        call("histogram_quantile(0.9, sum by (le) (rate(x[5m])))")
            .func
            .name,
        "histogram_quantile"
    );
    assert_eq!(
        call("vector(1)").func.return_type,
        crate::promql::functions::ValueType::Vector
    );
}

#[test]
fn spans_cover_what_was_written() {
    let input = "sum by (job) (rate(foo{a=\"b\"}[5m] offset 1m)) + -1";
    let e = ok(input);
    assert_eq!(e.span, 0..input.len());
    let ExprKind::Binary(b) = &e.kind else {
        panic!()
    };
    assert_eq!(
        &input[b.lhs.span.clone()],
        "sum by (job) (rate(foo{a=\"b\"}[5m] offset 1m))"
    );
    assert_eq!(&input[b.rhs.span.clone()], "-1");
    let ExprKind::Aggregate(a) = &b.lhs.kind else {
        panic!()
    };
    assert_eq!(
        &input[a.expr.span.clone()],
        "rate(foo{a=\"b\"}[5m] offset 1m)"
    );
    let ExprKind::Call(c) = &a.expr.kind else {
        panic!()
    };
    assert_eq!(&input[c.args[0].span.clone()], "foo{a=\"b\"}[5m] offset 1m");

    let input = "sum(x) by (job) * 2";
    let ExprKind::Binary(b) = ok(input).kind else {
        panic!()
    };
    assert_eq!(&input[b.lhs.span.clone()], "sum(x) by (job)");
    let input = "  (foo @ 10)[5m:] ";
    assert_eq!(&input[ok(input).span], "(foo @ 10)[5m:]");
}

/// (input, English message, span) for errors of every kind.
const ERRORS: &[(&str, &str, std::ops::Range<usize>)] = &[
    ("", "no expression found in input", 0..0),
    ("# only a comment\n", "no expression found in input", 0..0),
    ("1+", "unexpected end of input", 2..2),
    (".", "unexpected character: '.'", 0..1),
    ("2.5.", "bad number or duration syntax: \"2.5.\"", 0..4),
    ("*1", "unexpected <op:*>", 0..1),
    ("(1))", "unexpected right parenthesis ')'", 3..4),
    ("((1)", "unclosed left parenthesis", 0..1),
    ("sum(rate(", "unclosed left parenthesis", 8..9),
    ("1 and 1", "set operator \"and\" not allowed in binary scalar expression", 0..7),
    ("foo or 1", "set operator \"or\" not allowed in binary scalar expression", 0..8),
    ("1 == 1", "comparisons between scalars must use BOOL modifier", 2..4),
    ("1 !~ 1", "unexpected character after '!': '~'", 2..4),
    ("-\"string\"", "unary expression only allowed on expressions of type scalar or instant vector, got \"string\"", 0..9),
    ("-test[5m]", "unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"", 0..9),
    ("@@", "unexpected <op:@>", 0..1),
    ("1 offset 1d", "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery", 0..1),
    ("foo offset 1s offset 2s", "offset may not be set multiple times", 0..13),
    ("a - on(b) ignoring(c) d", "unexpected <ignoring>", 10..18),
    ("1 or on(bar) foo", "vector matching only allowed between instant vectors", 0..16),
    ("foo + group_left(baz) bar", "unexpected <group_left>", 6..16),
    ("foo and on(bar) group_left(baz) bar", "no grouping allowed for \"and\" operation", 0..35),
    ("a + on(instance) group_left(job,instance) b", "label \"instance\" must not occur in ON and GROUP clause at once", 2..41),
    ("foo[5m] + 1", "binary expression must contain only scalar and instant vector types", 0..7),
    ("1 + \"été\"", "binary expression must contain only scalar and instant vector types", 4..11),
    ("foo + bool bar", "bool modifier can only be used on comparison operators", 4..10),
    ("foo @ +Inf", "timestamp out of bounds for @ modifier: +Inf", 0..3),
    ("foo @ NaN", "timestamp out of bounds for @ modifier: NaN", 0..3),
    ("foo @ 1 @ 2", "@ <timestamp> may not be set multiple times", 0..7),
    ("sum(foo) @ 1", "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery", 0..8),
    ("{", "unexpected end of input inside braces", 1..1),
    ("}", "unexpected character: '}'", 0..1),
    ("some_metric{a=b}", "unexpected identifier \"b\" in label matching, expected string", 14..15),
    ("some_metric{a:b=\"b\"}", "unexpected character inside braces: ':'", 13..14),
    ("foo{gibberish}", "unexpected \"}\" in label matching, expected label matching operator", 13..14),
    ("foo{,}", "unexpected \",\" in label matching, expected identifier or \"}\"", 4..5),
    ("foo{a=\"b\" lol}", "unexpected identifier \"lol\" in label matching, expected \",\" or \"}\"", 10..13),
    ("foo{{}", "unexpected left brace '{'", 4..5),
    ("foo{a!b}", "unexpected character after '!' inside braces: 'b'", 5..7),
    ("{}", "vector selector must contain at least one non-empty matcher", 0..2),
    ("{x=~\".*\"}", "vector selector must contain at least one non-empty matcher", 0..9),
    ("{x!=\"a\"}", "vector selector must contain at least one non-empty matcher", 0..8),
    ("foo{__name__=\"bar\"}", "metric name must not be set twice: \"foo\" or \"bar\"", 0..19),
    ("foo[5mm]", "bad number or duration syntax: \"5mm\"", 4..7),
    ("foo[5y1hs]", "unknown unit \"hs\" in duration \"5y1hs\"", 4..9),
    ("foo[5m1h]", "not a valid duration string: \"5m1h\"", 4..8),
    ("foo[0m]", "duration must be greater than 0", 4..6),
    ("foo[-1]", "duration must be greater than 0", 4..6),
    ("foo[]", "unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()", 4..5),
    ("foo[5m 1m]", "unexpected duration \"1m\" in subquery or range, expected \":\" or \"]\"", 7..9),
    ("foo[5m:1m 1m]", "unexpected duration \"1m\" in subquery selector, expected \"]\"", 10..12),
    ("foo[5m:\"x\"]", "unexpected string \"\\\"x\\\"\" in subquery selector, expected number, duration, step(), range(), or \"]\"", 7..10),
    ("foo[:5m]", "unexpected colon before duration in duration expression", 4..5),
    ("foo[5m[", "unexpected left bracket '['", 6..7),
    ("foo]", "unexpected right bracket ']'", 3..4),
    ("foo[5m:1m:]", "unexpected colon ':'", 9..10),
    ("foo[5s x 5s]", "unexpected character: 'x', expected ':'", 7..8),
    ("foo[", "unexpected end of input in duration expression", 4..4),
    ("foo[5m", "unclosed left bracket", 3..4),
    ("foo[9.5e10]", "duration out of range", 4..10),
    ("foo offset 9.5e10", "duration out of range", 11..17),
    ("foo offset -Inf", "duration out of range", 11..15),
    ("foo[300y]", "duration out of range", 4..8),
    ("some_metric[5m] OFFSET", "unexpected end of input in offset, expected number, duration, step(), or range()", 22..22),
    ("some_metric OFFSET 1m[5m]", "no offset modifiers allowed before range", 21..25),
    ("some_metric[5m] @", "unexpected end of input in @, expected timestamp", 17..17),
    ("some_metric @ 1234 [5m]", "no @ modifiers allowed before range", 19..23),
    ("(foo + bar)[5m]", "ranges only allowed for vector selectors", 11..15),
    ("rate(food[1m])[1h] offset 1h", "ranges only allowed for vector selectors", 14..18),
    ("sum by (\"foo)(some_metric{})", "unterminated quoted string", 8..28),
    ("sum without(==)(some_metric)", "unexpected <op:==> in grouping opts, expected label", 12..14),
    ("sum without(,)(some_metric)", "unexpected \",\" in grouping opts, expected label", 12..13),
    ("sum without(a b)(x)", "unexpected identifier \"b\" in grouping opts, expected \",\" or \")\"", 14..15),
    ("sum some_metric by (test)", "unexpected identifier \"some_metric\"", 4..15),
    ("sum (some_metric) by test", "unexpected identifier \"test\" in grouping opts, expected \"(\"", 21..25),
    ("sum () by (test)", "no arguments for aggregate expression provided", 0..16),
    ("sum (some_metric) without (test) by (test)", "unexpected <by>", 33..35),
    ("sum by (\"\") (x)", "invalid label name for grouping: \"\"", 8..10),
    ("topk(some_metric)", "wrong number of arguments for aggregate expression provided, expected 2, got 1", 0..17),
    ("topk(some_metric,)", "trailing commas not allowed in function call args", 16..17),
    ("topk(some_metric, other_metric)", "expected type scalar in aggregation parameter, got instant vector", 5..16),
    ("count_values(5, other_metric)", "expected type string in aggregation parameter, got scalar", 13..14),
    ("sum(foo[5m])", "expected type instant vector in aggregation expression, got range vector", 4..11),
    ("limitk(1, x)", "limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions", 0..12),
    ("floor()", "expected 1 argument(s) in call to \"floor\", got 0", 0..7),
    ("floor(some_metric, 1)", "expected 1 argument(s) in call to \"floor\", got 2", 0..21),
    ("floor(1)", "expected type instant vector in call to function \"floor\", got scalar", 6..7),
    ("hour(a, b, c)", "expected at most 1 argument(s) in call to \"hour\", got 3", 0..13),
    ("label_join(a, \"b\")", "expected at least 3 argument(s) in call to \"label_join\", got 2", 0..18),
    ("time(some_metric)", "expected 0 argument(s) in call to \"time\", got 1", 0..17),
    ("non_existent_function_far_bar()", "unknown function with name \"non_existent_function_far_bar\"", 0..29),
    ("rate(some_metric)", "expected type range vector in call to function \"rate\", got instant vector", 5..16),
    ("Rate(x[5m])", "unknown function with name \"Rate\"", 0..4),
    ("info(x)", "function \"info\" is not enabled", 0..4),
    ("start()", "function \"start\" is not enabled", 0..5),
    ("-=", "unexpected \"=\"", 1..2),
    ("++-++-+-+-<", "unexpected <op:<>", 10..11),
    ("e-+=/(0)", "unexpected \"=\"", 3..4),
    ("a>b()", "unknown function with name \"b\"", 2..3),
    ("`\\``", "unterminated raw string", 3..4),
    ("\"\\", "escape sequence not terminated", 0..2),
    ("\"\\c\"", "unknown escape sequence U+0063 'c'", 0..3),
    ("\"\\x.\"", "illegal character U+002E '.' in escape sequence", 0..4),
    ("test[5d] OFFSET 10s [10m:5s]", "subquery is only allowed on instant vector, got matrix instead", 0..28),
    ("1[5m:]", "subquery is only allowed on instant vector, got scalar instead", 0..6),
    ("foo[5m] anchored", "anchored modifier is experimental and not enabled", 0..16),
    ("foo[5m] smoothed", "smoothed modifier is experimental and not enabled", 0..16),
    ("h </ 5", "the \"</\" operator trims native histograms, which Sonde does not simulate", 2..4),
    ("(h >/ 5)", "the \">/\" operator trims native histograms, which Sonde does not simulate", 3..5),
    ("foo + fill(0) bar", "binop fill modifiers are experimental and not enabled", 6..10),
    ("foo[5m+1m]", "experimental duration expression is not enabled", 4..6),
    ("foo[step()]", "experimental duration expression is not enabled", 4..8),
    ("foo offset (1m)", "experimental duration expression is not enabled", 11..12),
    ("foo{a=~\"(\"}", "error parsing regexp: ", 4..10),
    ("foo bar", "unexpected identifier \"bar\"", 4..7),
    ("foo = bar", "unexpected \"=\"", 4..5),
    ("rate(foo[5m]) bool", "unexpected <bool>", 14..18),
    ("999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999", "error parsing number: strconv.ParseFloat: parsing \"999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999\": value out of range", 0..309),
    ("\"\\xff\"", "string is not valid UTF-8 after unescaping", 0..6),
    ("0x", "error parsing number: strconv.ParseFloat: parsing \"0x\": invalid syntax", 0..2),
    ("0x1ffffffffffffffff", "error parsing number: strconv.ParseFloat: parsing \"0x1ffffffffffffffff\": invalid syntax", 0..19),
    ("\"\\U00110000\"", "escape sequence is an invalid Unicode code point", 0..11),
    // Go's `%q` escapes what `strconv.IsPrint` refuses, such as this format character.
    ("1 + \u{202e}", "unexpected character: '\\u202e'", 4..7),
    ("foo\u{0}", "unexpected character: '\\x00'", 3..4),
];

#[test]
fn errors_have_prometheus_messages_and_spans() {
    for (input, message, span) in ERRORS {
        let e = err(input);
        assert!(
            e.to_string().starts_with(message),
            "{input:?}\n  got  {e}\n  want {message}"
        );
        assert_eq!(&e.span, span, "span of {input:?}: {e}");
        assert!(e.span.end <= input.len());
    }
}

#[test]
fn errors_speak_french() {
    let e = err("rate(some_metric)");
    assert_eq!(
        e.message(Lang::Fr),
        "type vecteur d'intervalle attendu dans l'appel à la fonction \"rate\", reçu : vecteur instantané"
    );
    assert_eq!(e.message(Lang::En), e.to_string());
    for (input, _, _) in ERRORS {
        let e = err(input);
        assert!(!e.message(Lang::Fr).is_empty());
    }
    assert_eq!(
        err("foo{").message(Lang::Fr),
        "fin de l'entrée inattendue entre accolades"
    );
}

#[test]
fn nesting_is_capped_without_overflowing_the_stack() {
    // Deep input is rejected with a clear error; the parser runs on a thread with an
    // explicit stack so the test also holds for unoptimised builds.
    let run = |input: String| {
        std::thread::Builder::new()
            .stack_size(16 << 20)
            .spawn(move || parse(&input).map(|e| e.to_string()))
            .expect("thread")
            .join()
            .expect("no panic")
    };
    let n = MAX_DEPTH - 2;
    let fits = run(format!("{}1{}", "(".repeat(n), ")".repeat(n)));
    assert!(fits.is_ok(), "{fits:?}");
    let fits = run(format!("{}foo{}", "sum(".repeat(n / 2), ")".repeat(n / 2)));
    assert!(fits.is_ok(), "{fits:?}");
    for deep in [
        format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000)),
        format!("{}1", "-".repeat(100_000)),
        format!("1{}", "+1".repeat(100_000)),
        format!("1{}", "^1".repeat(100_000)),
        format!("{}x{}", "abs(".repeat(10_000), ")".repeat(10_000)),
        format!("x{}", "[1m:]".repeat(10_000)),
        "(".repeat(100_000),
    ] {
        let e = run(deep).expect_err("too deep");
        assert_eq!(*e.kind, ParseErrorKind::TooDeep);
    }
}

#[test]
fn odd_input_is_an_error_not_a_panic() {
    for input in [
        "\u{feff}up",
        "up\u{a0}",
        "😀",
        "\"😀\"{",
        "sum(",
        "sum by",
        "sum by (",
        "foo offset",
        "foo @ start(",
        "foo[5m:",
        "{__name__",
        "{a=\"",
        "a +",
        "a + on",
        "a + on(",
        "a + on(x) group_left(",
        "0x",
        "0x_",
        "1e",
        "1e+",
        "1_",
        "1__0",
        "'",
        "`",
        "\"\\u12\"",
        "foo[1.5m]",
        "topk(1, x, y)",
        "count_values(x)",
        "@ 5",
        "foo @ start",
        "foo @ 1e400",
        ")",
        "]",
        "[",
    ] {
        assert!(parse(input).is_err(), "{input:?} parsed");
    }
}

#[test]
fn printing_is_prometheus_style_and_round_trips() {
    let cases = [
        ("http_requests_total", "http_requests_total"),
        (
            "rate( http_requests_total [5m] )",
            "rate(http_requests_total[5m])",
        ),
        ("SUM BY (job) (x)", "sum by (job) (x)"),
        ("sum(x) without (a,b)", "sum without (a, b) (x)"),
        ("topk(3,x)", "topk(3, x)"),
        ("a*on(job)group_left(v)b", "a * on (job) group_left (v) b"),
        ("a and b", "a and b"),
        ("a + ignoring(x) b", "a + ignoring (x) b"),
        ("a > bool 1", "a > bool 1"),
        ("foo{a='b', c=~\"d\"}", "foo{a=\"b\",c=~\"d\"}"),
        (
            "{\"metric.name\", \"label.x\"=\"v\"}",
            "{__name__=\"metric.name\",\"label.x\"=\"v\"}",
        ),
        ("foo offset -5m @ 100", "foo @ 100.000 offset -5m"),
        ("foo[90m] @ end()", "foo[1h30m] @ end()"),
        ("x[30m:]", "x[30m:]"),
        ("x[30m:1m] offset 1h", "x[30m:1m] offset 1h"),
        ("-x", "-x"),
        ("-(1)", "-(1)"),
        ("2^-1", "2 ^ -1"),
        ("1 - -1", "1 - -1"),
        ("0x10", "16"),
        ("1e-7", "1e-7"),
        ("1e300", "1e300"),
        ("-Inf", "-Inf"),
        ("NaN", "NaN"),
        ("5m", "300"),
        ("\"a\\nb\\\"\"", "\"a\\nb\\\"\""),
        ("`x\ny`", "\"x\\ny\""),
        ("sum by () (x)", "sum by () (x)"),
        ("sum by (\"a.b\") (x)", "sum by (\"a.b\") (x)"),
        ("vector(1) + on () vector(2)", "vector(1) + on () vector(2)"),
    ];
    for (input, printed) in cases {
        let e = ok(input);
        assert_eq!(e.to_string(), printed, "{input}");
        assert!(same_ast(&e, &ok(printed)), "{input} -> {printed}");
    }
}

#[test]
fn pretty_printing_breaks_long_lines_and_round_trips() {
    let input = "sum by (job, instance) (rate(http_requests_total{job=\"my_app\", handler=~\"/api/.*\"}[5m])) / on (job) group_left sum by (job) (rate(http_requests_total{job=\"my_app\"}[5m])) > bool 0.5";
    let e = ok(input);
    let pretty = format_pretty(&e);
    assert!(pretty.lines().count() > 3, "{pretty}");
    assert!(pretty.lines().all(|l| l.len() <= 100), "{pretty}");
    assert!(same_ast(&e, &ok(&pretty)), "{pretty}");
    assert_eq!(format_pretty(&ok("sum(x)")), "sum(x)");
    let lhs = format!("rate(errors_total{{job=\"{}\"}}[5m])", "a".repeat(40));
    let rhs = format!("rate(requests_total{{job=\"{}\"}}[5m])", "b".repeat(40));
    let e = ok(&format!("{lhs} / ignoring(code) group_left {rhs}"));
    assert_eq!(
        format_pretty(&e),
        format!("  {lhs}\n/ ignoring (code) group_left ()\n  {rhs}")
    );
    let long_call = format!(
        "label_join(up, \"{}\", \",\", \"a\", \"b\")",
        "d".repeat(120)
    );
    let e = ok(&long_call);
    let pretty = format_pretty(&e);
    assert!(pretty.starts_with("label_join(\n  up,\n"), "{pretty}");
    assert!(same_ast(&e, &ok(&pretty)));
    let neg = format!("-({})", vec!["a"; 60].join(" + "));
    let e = ok(&neg);
    assert!(same_ast(&e, &ok(&format_pretty(&e))));
}

#[test]
fn value_types() {
    use crate::promql::functions::ValueType as T;
    assert_eq!(ok("1 + 1").value_type(), T::Scalar);
    assert_eq!(ok("foo + 1").value_type(), T::Vector);
    assert_eq!(ok("foo[5m]").value_type(), T::Matrix);
    assert_eq!(ok("foo[5m:]").value_type(), T::Matrix);
    assert_eq!(ok("scalar(foo)").value_type(), T::Scalar);
    assert_eq!(ok("(\"x\")").value_type(), T::String);
}
