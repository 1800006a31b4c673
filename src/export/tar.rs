//! A minimal writer of uncompressed POSIX `ustar` archives: regular files only, each a
//! 512-byte header (name, mode, size, mtime, checksum, `ustar` magic) and its content
//! padded to 512 bytes, then two zero blocks. Hand-written because no archive crate is in
//! the tree and the compose bundle needs a dozen lines of the format, not a dependency
//! (`tar xf` and every archive tool read it; the WASM download stays small).

/// Size of a tar block.
const BLOCK: usize = 512;
/// Longest path the `name` field holds (paths here are short and ASCII).
const NAME_LEN: usize = 100;

/// The archive of `files` (path, content), each with mode 0644 and modification time
/// `mtime_s` (seconds since the epoch). Paths longer than 100 bytes are cut.
pub fn tar_archive(files: &[(String, Vec<u8>)], mtime_s: u64) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, content) in files {
        out.extend_from_slice(&header(path, content.len() as u64, mtime_s));
        out.extend_from_slice(content);
        out.resize(out.len().div_ceil(BLOCK) * BLOCK, 0);
    }
    out.resize(out.len() + 2 * BLOCK, 0);
    out
}

/// The header block of one regular file.
fn header(path: &str, size: u64, mtime_s: u64) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    let name = path.as_bytes();
    let n = name.len().min(NAME_LEN);
    h[..n].copy_from_slice(&name[..n]);
    put_octal(&mut h[100..108], 0o644);
    put_octal(&mut h[108..116], 0);
    put_octal(&mut h[116..124], 0);
    put_octal(&mut h[124..136], size);
    put_octal(&mut h[136..148], mtime_s);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    // The checksum is computed with its own field as spaces.
    h[148..156].fill(b' ');
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    put_octal(&mut h[148..155], sum);
    h
}

/// Writes `v` in octal, zero-padded, NUL-terminated, filling `field`.
fn put_octal(field: &mut [u8], v: u64) {
    let digits = field.len() - 1;
    let text = format!("{v:0digits$o}");
    let bytes = text.as_bytes();
    let start = bytes.len().saturating_sub(digits);
    field[..digits].copy_from_slice(&bytes[start..]);
    field[digits] = 0;
}

/// The files of an archive written by [`tar_archive`] (path, content), or `None` if it
/// is not one (for tests and checks).
pub fn read_tar(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    let mut at = 0;
    while at + BLOCK <= bytes.len() {
        let h = &bytes[at..at + BLOCK];
        if h.iter().all(|&b| b == 0) {
            return Some(files);
        }
        let name_end = h[..NAME_LEN]
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(NAME_LEN);
        let name = String::from_utf8(h[..name_end].to_vec()).ok()?;
        let size_text = std::str::from_utf8(&h[124..135]).ok()?;
        let size = usize::from_str_radix(size_text.trim_matches(['\0', ' ']), 8).ok()?;
        let stored: u64 = u64::from_str_radix(
            std::str::from_utf8(&h[148..155])
                .ok()?
                .trim_matches(['\0', ' ']),
            8,
        )
        .ok()?;
        let sum: u64 = h
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    u64::from(b)
                }
            })
            .sum();
        if sum != stored {
            return None;
        }
        let start = at + BLOCK;
        let content = bytes.get(start..start + size)?.to_vec();
        files.push((name, content));
        at = start + size.div_ceil(BLOCK) * BLOCK;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_round_trip_through_blocks() {
        let files = vec![
            ("compose.yaml".to_string(), b"services: {}\n".to_vec()),
            ("empty".to_string(), Vec::new()),
            ("dir/exact.bin".to_string(), vec![7u8; 512]),
        ];
        let tar = tar_archive(&files, 1_700_000_000);
        assert_eq!(tar.len() % BLOCK, 0);
        // 3 headers, 1 + 0 + 1 content blocks, 2 end blocks.
        assert_eq!(tar.len(), 7 * BLOCK);
        assert_eq!(&tar[257..262], b"ustar");
        assert_eq!(&tar[124..135], b"00000000015", "13 bytes, in octal");
        assert_eq!(read_tar(&tar), Some(files));
    }

    #[test]
    fn a_damaged_header_is_refused() {
        let mut tar = tar_archive(&[("a".to_string(), b"x".to_vec())], 0);
        tar[0] = b'b';
        assert_eq!(read_tar(&tar), None);
    }
}
