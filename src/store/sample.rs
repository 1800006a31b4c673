//! Samples and the staleness marker.

/// The special NaN Prometheus writes to mark a series as stale (bit pattern 0x7ff0000000000002).
pub const STALE_NAN: f64 = f64::from_bits(0x7ff0_0000_0000_0002);

/// Whether `v` is the staleness marker (not just any NaN).
pub fn is_stale(v: f64) -> bool {
    v.to_bits() == STALE_NAN.to_bits()
}

/// One sample: a timestamp in milliseconds since the epoch and a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Milliseconds since the Unix epoch (simulated clock).
    pub t: i64,
    /// The value; may be the staleness marker.
    pub v: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_marker_is_a_nan_but_not_every_nan_is_stale() {
        assert!(STALE_NAN.is_nan());
        assert!(is_stale(STALE_NAN));
        assert!(!is_stale(f64::NAN));
    }
}
