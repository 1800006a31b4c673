//! `parse_config` on hostile and random text: it must answer (never panic, never blow
//! up) and every refusal must be well formed.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use super::{parse_config, ConfigErrorKind, COURSE_CONFIG};
use crate::lang::Lang;

/// Parses `text` and checks the answer is well formed: a refusal has promtool's words,
/// an explanation in each language and a position inside the text.
fn check(text: &str) {
    if let Err(e) = parse_config(text) {
        assert!(!e.to_string().is_empty(), "{text:?}");
        let (fr, en) = (e.explanation(Lang::Fr), e.explanation(Lang::En));
        assert!(!fr.is_empty() && !en.is_empty() && fr != en, "{text:?}");
        let lines = text.split('\n').count();
        if let Some(p) = e.position {
            assert!(p.line >= 1 && p.line <= lines, "{text:?}: {p:?}");
            assert!(p.column >= 1, "{text:?}: {p:?}");
        }
    }
}

const PIECES: &[&str] = &[
    ":",
    ": ",
    "-",
    "- ",
    " ",
    "  ",
    "\n",
    "\n  ",
    "\t",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: ",
    "'",
    "\"",
    "#",
    "|",
    ">",
    "!!int ",
    "!!str ",
    "!x ",
    "?",
    "%",
    "@",
    "---",
    "...",
    "job_name",
    "scrape_configs",
    "static_configs",
    "targets",
    "labels",
    "global",
    "scrape_interval",
    "scrape_timeout",
    "15s",
    "1m",
    "0",
    "-1",
    "1e999",
    "~",
    "null",
    "yes",
    "localhost:8000",
    "http://x/",
    "é",
    "日本",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "\u{2028}",
    "\u{1f600}",
    "\\",
    "\r\n",
];

#[test]
fn random_garbage_never_panics() {
    let mut rng = Pcg64::seed_from_u64(0x50de);
    for _ in 0..3000 {
        let n = rng.random_range(0..40);
        let text: String = (0..n)
            .map(|_| PIECES[rng.random_range(0..PIECES.len())])
            .collect();
        check(&text);
    }
}

#[test]
fn mutated_course_files_never_panic() {
    let mut rng = Pcg64::seed_from_u64(7);
    let original: Vec<char> = COURSE_CONFIG.chars().collect();
    let mut accepted = 0;
    for _ in 0..3000 {
        let mut chars = original.clone();
        for _ in 0..rng.random_range(1..4) {
            let at = rng.random_range(0..chars.len());
            match rng.random_range(0..3) {
                0 => {
                    chars.remove(at);
                }
                1 => chars.insert(
                    at,
                    PIECES[rng.random_range(0..PIECES.len())]
                        .chars()
                        .next()
                        .unwrap_or(' '),
                ),
                _ => {
                    let other = rng.random_range(0..chars.len());
                    chars.swap(at, other);
                }
            }
        }
        let text: String = chars.into_iter().collect();
        check(&text);
        accepted += usize::from(parse_config(&text).is_ok());
    }
    assert!(accepted > 0 && accepted < 3000, "{accepted}");
}

#[test]
fn billion_laughs_is_not_expanded() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let err = parse_config(&text).unwrap_err();
    assert!(matches!(err.kind, ConfigErrorKind::Unmarshal(ref issues) if issues.len() == 10));
    text.push_str("scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: *a9\n");
    let err = parse_config(&text).unwrap_err();
    assert!(matches!(err.kind, ConfigErrorKind::Unmarshal(_)));
}

#[test]
fn merge_bombs_are_stopped() {
    let mut text = String::from("scrape_configs:\n  - &m0 {job_name: j0}\n");
    for i in 1..12 {
        let p = i - 1;
        let refs = vec![format!("*m{p}"); 9].join(", ");
        text.push_str(&format!("  - &m{i} {{<<: [{refs}], job_name: j{i}}}\n"));
    }
    let err = parse_config(&text).unwrap_err();
    assert_eq!(err.kind, ConfigErrorKind::ExcessiveAliasing);
}

#[test]
fn deep_nesting_is_refused() {
    for text in [
        "[".repeat(100_000),
        "{a: ".repeat(30_000),
        (0..20_000)
            .map(|i| format!("{}- \n", " ".repeat(i % 200)))
            .collect(),
        format!("scrape_configs: {}", "[".repeat(20_000)),
    ] {
        check(&text);
        assert!(parse_config(&text).is_err());
    }
}

#[test]
fn huge_numbers_are_type_errors() {
    let err = parse_config(
        "scrape_configs:\n  - job_name: a\n    sample_limit: 99999999999999999999999\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "yaml: unmarshal errors:\n  line 3: cannot unmarshal !!float `9999999...` into uint"
    );
    let err = parse_config("global:\n  scrape_interval: 99999999999999999999999s\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a valid duration string: \"99999999999999999999999s\""
    );
}

#[test]
fn odd_unicode_is_kept_or_refused_cleanly() {
    let config =
        parse_config("scrape_configs:\n  - job_name: \"\u{1f600}\u{200d}\u{202e}x\"\n").unwrap();
    assert_eq!(
        config.scrape_configs[0].job_name,
        "\u{1f600}\u{200d}\u{202e}x"
    );
    for text in [
        "global:\n  scrape_interval: 15s\u{2028}\n",
        "\u{0}",
        "global:\n  scrape_interval: 1\u{0663}s\n",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['\u{ff0f}x']\n",
    ] {
        check(text);
    }
}
