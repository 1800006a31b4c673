//! The `share_link` fuzz target's promises: the share-link decoder (`from_fragment`) reads
//! any UTF-8 text as the page's address fragment, and reads the input's bytes (UTF-8 or
//! not) as the link's decoded payload, i.e. behind `#s=` in base64url, to reach the JSON
//! and field checks. A refusal is worded in both languages; an accepted state is shared
//! again and the new link opens on the same state with nothing to report.
//! Shared by the fuzz target `share_link` and by `tests/parsers_fuzz.rs`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sonde::lang::Lang;
use sonde::share::{from_fragment, to_fragment};

fn check_fragment(fragment: &str) {
    match from_fragment(fragment) {
        Ok(decoded) => {
            for issue in &decoded.issues {
                assert!(!issue.message(Lang::Fr).is_empty());
                assert!(!issue.message(Lang::En).is_empty());
            }
            let Ok(again) = to_fragment(&decoded.state) else {
                return;
            };
            match from_fragment(&again) {
                Ok(back) => {
                    assert_eq!(back.state, decoded.state, "{fragment:?}");
                    assert!(back.issues.is_empty(), "{fragment:?}: {:?}", back.issues);
                }
                Err(e) => panic!("{fragment:?}: shared again, refused: {e}"),
            }
        }
        Err(e) => {
            assert!(!e.message(Lang::Fr).is_empty());
            assert!(!e.message(Lang::En).is_empty());
        }
    }
}

/// Panics if `data` breaks one of the promises above.
pub fn check(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_fragment(text);
    }
    check_fragment(&format!("#s={}", URL_SAFE_NO_PAD.encode(data)));
}
