//! Seeded noise as a pure function of a key: the same seed and key give the same number,
//! so a simulation that draws its noise here replays identically and two reads of the
//! same moment agree. The simulated process and the scrape loop draw from it.

/// SplitMix64: a well-mixed 64-bit hash, for noise that is a pure function of its input.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A number in [0, 1) determined by the seed and a key.
pub fn unit(seed: u64, key: u64) -> f64 {
    (mix(seed ^ mix(key)) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_in_range_spread_and_repeatable() {
        let draws: Vec<f64> = (0..1000).map(|k| unit(7, k)).collect();
        assert!(draws.iter().all(|u| (0.0..1.0).contains(u)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((0.45..0.55).contains(&mean), "mean {mean}");
        assert_eq!(unit(7, 3), draws[3]);
        assert_ne!(unit(8, 3), draws[3]);
        assert_ne!(mix(1), mix(2));
    }
}
