//! Series colours: Grafana's classic palette, bright enough for a projector.

/// Grafana's classic series colours, in Grafana's order.
const PALETTE: [(u8, u8, u8); 10] = [
    (0x73, 0xBF, 0x69),
    (0xF2, 0xCC, 0x0C),
    (0x8A, 0xB8, 0xFF),
    (0xFF, 0x78, 0x0A),
    (0xF2, 0x49, 0x5C),
    (0x57, 0x94, 0xF2),
    (0xB8, 0x77, 0xD9),
    (0x70, 0x5D, 0xA0),
    (0x37, 0x87, 0x2D),
    (0xFA, 0xDE, 0x2A),
];

/// The colour of the `i`-th series, as `(r, g, b)`; the palette repeats after ten.
pub fn series_color(i: usize) -> (u8, u8, u8) {
    PALETTE[i % PALETTE.len()]
}

/// The colour of the `i`-th series as a CSS `#rrggbb` string (for the HTML legend).
pub fn css_color(i: usize) -> String {
    let (r, g, b) = series_color(i);
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_wraps_and_formats() {
        assert_eq!(series_color(0), series_color(10));
        assert_eq!(css_color(0), "#73bf69");
    }
}
