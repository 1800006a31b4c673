//! The fuzz targets' promises for `prometheus.yml`, `rules.yml`, `/metrics` pages and
//! share links (`fuzz/checks/`), run as plain tests: on every seed of `fuzz/corpus/` and
//! on the inputs that once broke a promise, kept below as byte strings. The fuzzing
//! itself (`scripts/fuzz.sh`, 10^7 executions per target) is too slow for every run.

#[path = "../fuzz/checks/config.rs"]
mod config;
#[path = "../fuzz/checks/exposition.rs"]
mod exposition;
#[path = "../fuzz/checks/rules.rs"]
mod rules;
#[path = "../fuzz/checks/share_link.rs"]
mod share_link;

/// `prometheus.yml` inputs that once failed.
const CONFIG: &[&[u8]] = &[];

/// `rules.yml` inputs that once failed.
const RULES: &[&[u8]] = &[];

/// `/metrics` pages that once failed.
const EXPOSITION: &[&[u8]] = &[];

/// Share links (or their payloads) that once failed.
const SHARE_LINK: &[&[u8]] = &[
    // A traffic rate read one bit off: shared again, the link carried another number
    // (serde_json now parses floats exactly, feature `float_roundtrip`).
    b"{\"a\":\"plhost:9!090\",\"k\":[\"zsend-est])\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f)\"],\"r\":15000,\"t\":1.5444440893114198,\"v\":1,\"x\":60.0,\"y\":\"glo7999']\\n\"}",
];

/// The seeds of fuzz target `target` (`fuzz/corpus/<target>/seed-*`).
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = format!("{}/fuzz/corpus/{target}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("seed-"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{dir} has no seeds");
    files
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect()
}

/// Runs `check` on every seed of `target` and on `failed`.
fn keeps_its_promises(target: &str, failed: &[&[u8]], check: fn(&[u8])) {
    for input in seeds(target)
        .iter()
        .map(Vec::as_slice)
        .chain(failed.iter().copied())
    {
        check(input);
    }
}

#[test]
fn config_keeps_its_promises() {
    keeps_its_promises("config", CONFIG, config::check);
}

#[test]
fn rules_keeps_its_promises() {
    keeps_its_promises("rules", RULES, rules::check);
}

#[test]
fn exposition_keeps_its_promises() {
    keeps_its_promises("exposition", EXPOSITION, exposition::check);
}

#[test]
fn share_link_keeps_its_promises() {
    keeps_its_promises("share_link", SHARE_LINK, share_link::check);
}

#[test]
fn the_seeds_are_what_they_claim() {
    let course = sonde::config::COURSE_CONFIG.as_bytes();
    assert!(seeds("config").iter().any(|s| s == course));
    let example = sonde::rules::EXAMPLE_RULES.as_bytes();
    assert!(seeds("rules").iter().any(|s| s == example));
    for page in seeds("exposition") {
        let text = String::from_utf8(page).expect("UTF-8");
        // The OpenMetrics seed ends in `# EOF`, a comment to the 0.0.4 parser.
        let parsed = sonde::exposition::parse_page(&text).expect("a valid page");
        assert!(!parsed.samples.is_empty());
    }
    let links: Vec<String> = seeds("share_link")
        .into_iter()
        .filter_map(|s| String::from_utf8(s).ok())
        .filter(|s| s.starts_with('#'))
        .collect();
    assert!(links.len() >= 2);
    for link in links {
        let decoded = sonde::share::from_fragment(&link).expect("a valid link");
        assert!(decoded.issues.is_empty(), "{link}: {:?}", decoded.issues);
    }
}
