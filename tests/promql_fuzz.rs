//! The fuzz target's property, run as a plain test (fuzzing is too slow for CI): for
//! thousands of inputs from a seeded generator — random token soups and random edits of
//! the conformance expressions — parsing never panics, error spans stay inside the input,
//! and whatever parses prints back to the same AST.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use sonde::promql::roundtrip::check_round_trip;

const TOKENS: &[&str] = &[
    "sum",
    "rate",
    "foo",
    "bar",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "bool",
    "offset",
    "@",
    "start()",
    "end()",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "[5m]",
    "[5m:1m]",
    ":",
    ",",
    "=",
    "!=",
    "=~",
    "!~",
    "==",
    "<=",
    ">",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "and",
    "or",
    "unless",
    "atan2",
    "1",
    "0x1f",
    "1e3",
    "Inf",
    "NaN",
    "5m",
    "1h30m",
    "\"a\"",
    "'b'",
    "`c`",
    "a=\"b\"",
    "topk",
    "count_values",
    "quantile",
    "histogram_quantile",
    "abs",
    " ",
    "\n",
    "#c\n",
    "__name__",
    "\"x.y\"",
    "é",
    "\\",
    "\"\\n\"",
    "-1",
    ".5",
    "_",
    "time()",
];

fn token_soup(rng: &mut Pcg64) -> String {
    let n = rng.random_range(1..14);
    (0..n)
        .map(|_| TOKENS[rng.random_range(0..TOKENS.len())])
        .collect::<Vec<_>>()
        .join(if rng.random_bool(0.5) { " " } else { "" })
}

fn mutate(rng: &mut Pcg64, base: &str) -> String {
    let mut chars: Vec<char> = base.chars().collect();
    for _ in 0..rng.random_range(1..4) {
        let at = rng.random_range(0..=chars.len());
        match rng.random_range(0..3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => {
                let tok = TOKENS[rng.random_range(0..TOKENS.len())];
                for (i, c) in tok.chars().enumerate() {
                    chars.insert(at + i, c);
                }
            }
            _ => {
                let c = char::from_u32(rng.random_range(0x20..0x7f)).unwrap_or('?');
                chars.insert(at, c);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn random_inputs_keep_the_parser_promises() {
    let subset = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/promql-testdata/SUBSET.tsv"
    ))
    .expect("SUBSET.tsv readable");
    let exprs: Vec<&str> = subset
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(7))
        .collect();
    let mut rng = Pcg64::seed_from_u64(0x50_4e_44_45);
    let mut failures = Vec::new();
    let mut parsed = 0;
    for i in 0..20_000 {
        let input = if i % 2 == 0 {
            token_soup(&mut rng)
        } else {
            let base = exprs[rng.random_range(0..exprs.len())];
            mutate(&mut rng, base)
        };
        if sonde::promql::parse(&input).is_ok() {
            parsed += 1;
        }
        if let Err(why) = check_round_trip(&input) {
            failures.push(format!("{input:?}: {why}"));
        }
    }
    assert!(
        parsed > 1000,
        "only {parsed} inputs parsed: the generator is too wild"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
