//! The `config` fuzz target's promises: any UTF-8 text goes through `prometheus.yml`'s
//! parser and validator as the editor's "apply" does (`parse_config`; a valid file is then
//! applied to a playground, `Playground::apply_config`, which reloads the targets and
//! rules), and a refusal is worded as the editor shows it: promtool's text, the explanation
//! (in French or English) and the lines to mark.
//! Shared by the fuzz target `config` and by `tests/parsers_fuzz.rs`.

use std::sync::OnceLock;

use sonde::config::{parse_config, CONFIG_FILE};
use sonde::lang::Lang;
use sonde::playground::Playground;

/// A playground as the page starts it; each input applies its file to a copy.
fn playground() -> &'static Playground {
    static PG: OnceLock<Playground> = OnceLock::new();
    PG.get_or_init(|| Playground::new(7, 1_700_000_000_000))
}

/// Panics if `data` breaks one of the promises above.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_config(text) {
        Ok(_) => {
            let mut pg = playground().clone();
            let applied = pg.apply_config(text);
            assert!(applied.is_ok(), "{text:?}: valid, yet refused: {applied:?}");
        }
        Err(e) => {
            assert!(!e.promtool_text(CONFIG_FILE).is_empty());
            // One language per input (the wording differs, not the path): twice as fast.
            let lang = if data.len().is_multiple_of(2) {
                Lang::Fr
            } else {
                Lang::En
            };
            assert!(!e.explanation(lang).is_empty());
            assert!(
                e.lines().iter().all(|&l| l >= 1),
                "{text:?}: {:?}",
                e.lines()
            );
        }
    }
}
