//! Caret positions: the browser counts UTF-16 code units, Rust strings count bytes.

/// The byte offset in `text` of UTF-16 position `units` (clamped to the text's end).
pub fn utf16_to_byte(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    text.len()
}

/// The UTF-16 position of byte offset `byte` in `text` (clamped to the text's end).
pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    text.char_indices()
        .take_while(|(i, _)| *i < byte)
        .map(|(_, c)| c.len_utf16())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_wide_characters() {
        let text = "é{a=\"😀\"}x";
        for (byte, _) in text.char_indices() {
            assert_eq!(utf16_to_byte(text, byte_to_utf16(text, byte)), byte);
        }
        assert_eq!(byte_to_utf16(text, text.len()), 10);
        assert_eq!(utf16_to_byte(text, 99), text.len());
        assert_eq!(utf16_to_byte("ab", 1), 1);
    }
}
