//! A shared link as a QR code, for a class to scan from the projector: the modules of the
//! code drawn as one SVG path. Encoding uses `qrcodegen` (Nayuki's reference encoder:
//! pure Rust, no dependencies, a few KB of WASM); the drawing is ours since the page only
//! needs the path.

use qrcodegen::{QrCode as Encoder, QrCodeEcc};

/// Quiet zone around the code, in modules (the QR standard asks for four).
pub const QUIET_ZONE: usize = 4;

/// A QR code ready to draw: an SVG path over a square of `size` modules plus the quiet
/// zone on each side (the `viewBox` is `0 0 (size + 8) (size + 8)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrCode {
    /// Modules per side, without the quiet zone.
    pub size: usize,
    /// The dark modules as an SVG path, one sub-path per horizontal run.
    pub path: String,
}

impl QrCode {
    /// The side of the drawing in modules, quiet zone included.
    pub fn view_size(&self) -> usize {
        self.size + 2 * QUIET_ZONE
    }
}

/// The QR code of `text` (low error correction, the densest, since a projector gives a
/// clean picture); `None` when the text is too long for any QR code (about 2,900 bytes).
pub fn qr_code(text: &str) -> Option<QrCode> {
    let code = Encoder::encode_text(text, QrCodeEcc::Low).ok()?;
    let size = usize::try_from(code.size()).ok()?;
    let mut path = String::new();
    for y in 0..code.size() {
        let mut x = 0;
        while x < code.size() {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < code.size() && code.get_module(x, y) {
                x += 1;
            }
            let (px, py) = (start as usize + QUIET_ZONE, y as usize + QUIET_ZONE);
            path.push_str(&format!("M{px} {py}h{}v1H{px}z", x - start));
        }
    }
    Some(QrCode { size, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dark cells the path paints, as (x, y) within the code (quiet zone removed).
    fn painted(code: &QrCode) -> Vec<(usize, usize)> {
        let mut cells = Vec::new();
        for run in code.path.split('M').filter(|r| !r.is_empty()) {
            let (head, rest) = run.split_once('h').expect("a run has a width");
            let (x, y) = head.split_once(' ').expect("a run starts at x y");
            let width: usize = rest
                .split_once('v')
                .expect("then a height")
                .0
                .parse()
                .unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            cells.extend((x..x + width).map(|cx| (cx - QUIET_ZONE, y - QUIET_ZONE)));
        }
        cells
    }

    #[test]
    fn a_link_gives_a_code_whose_path_paints_its_dark_modules() {
        let link = "http://localhost:8080/#s=eyJjIjoyLCJxIjpbImh0dHBfcmVxdWVzdHNfdG90YWwiXX0";
        let code = qr_code(link).expect("a short link fits");
        assert_eq!((code.size - 17) % 4, 0, "QR sizes are 17 + 4 × version");
        let cells = painted(&code);
        let reference = Encoder::encode_text(link, QrCodeEcc::Low).unwrap();
        let dark = (0..reference.size())
            .flat_map(|y| (0..reference.size()).map(move |x| (x, y)))
            .filter(|&(x, y)| reference.get_module(x, y))
            .count();
        assert_eq!(cells.len(), dark);
        assert!(cells
            .iter()
            .all(|&(x, y)| reference.get_module(x as i32, y as i32)));
        // The three finder patterns' corners are dark.
        let last = code.size - 1;
        for corner in [(0, 0), (last, 0), (0, last)] {
            assert!(cells.contains(&corner), "{corner:?}");
        }
        assert_eq!(code.view_size(), code.size + 8);
    }

    #[test]
    fn longer_links_need_larger_codes_and_too_long_ones_none() {
        let short = qr_code("http://x/#s=a").unwrap();
        let long = qr_code(&format!("http://x/#s={}", "a".repeat(1500))).unwrap();
        assert!(long.size > short.size);
        assert_eq!(qr_code(&"a".repeat(5000)), None);
        assert!(
            qr_code("").is_some(),
            "an empty text is a valid (tiny) code"
        );
    }
}
