//! Sorting with one compiled sort for the whole program.
//!
//! The standard `sort_by` is instantiated once per element type and comparator: about
//! forty copies of the stable and unstable sorts made up ~100 KB of the learner's WASM
//! download. These helpers sort the positions `0..n` with one non-generic sort (a
//! comparator behind `&dyn`) and then move the elements into that order by swaps, so each
//! call site adds only a few small glue functions, and a short insertion sort for the
//! few-element sorts of the hot paths. The sort is stable (equal elements keep their
//! order), as `slice::sort_by` is; where a caller used an unstable sort, its equal
//! elements were indistinguishable, so the result is the same.
//!
//! Collecting into a `BTreeSet` or `BTreeMap` sorts too (one more sort instance per
//! element type and iterator); `set` and `map` build them by inserting instead.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Up to this many elements, the elements are sorted in place by insertion, with no
/// positions and no `&dyn` call (the simulation sorts a sample's few labels once per
/// `/metrics` line, written and parsed).
const BY_INSERTION: usize = 8;

/// Up to this many elements, the positions are sorted in a buffer on the stack (no
/// allocation).
const ON_STACK: usize = 32;

/// What the one sort needs from the elements: compare two positions, swap two positions.
trait Positions {
    fn len(&self) -> usize;
    fn compare(&self, a: usize, b: usize) -> Ordering;
    fn swap(&mut self, a: usize, b: usize);
}

/// A slice with its comparator, seen as positions.
struct Slice<'a, T, F> {
    items: &'a mut [T],
    cmp: F,
}

impl<T, F: Fn(&T, &T) -> Ordering> Positions for Slice<'_, T, F> {
    fn len(&self) -> usize {
        self.items.len()
    }

    fn compare(&self, a: usize, b: usize) -> Ordering {
        (self.cmp)(&self.items[a], &self.items[b])
    }

    fn swap(&mut self, a: usize, b: usize) {
        self.items.swap(a, b);
    }
}

/// Sorts `items` by `cmp`, stably, as `items.sort_by(cmp)` does.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if items.len() <= BY_INSERTION {
        insertion_sort(items, &cmp);
    } else {
        sort_positions(&mut Slice { items, cmp });
    }
}

/// A few elements sorted in place, with the comparator inlined: the one generic sort
/// kept, a few dozen bytes per caller. Stable: an element moves left only past strictly
/// greater ones.
fn insertion_sort<T>(items: &mut [T], cmp: &impl Fn(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && cmp(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts `items` by the key `key` gives, stably, as `items.sort_by_key(key)` does.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order, as `items.sort()` does.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The items as a `BTreeSet`, as `collect()` builds it, without its sort.
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// The pairs as a `BTreeMap`, as `collect()` builds it (a repeated key keeps its last
/// value), without its sort.
pub fn map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(pairs);
    map
}

/// The one sort: orders the positions, then applies that order to the elements.
fn sort_positions(items: &mut dyn Positions) {
    let n = items.len();
    let mut stack = [0usize; ON_STACK];
    let mut heap = Vec::new();
    let order: &mut [usize] = if n <= ON_STACK {
        &mut stack[..n]
    } else {
        heap.resize(n, 0);
        &mut heap
    };
    for (i, p) in order.iter_mut().enumerate() {
        *p = i;
    }
    order.sort_by(|&a, &b| items.compare(a, b));
    permute(order, items);
}

/// Moves the elements so that position `i` holds the element that was at `order[i]`,
/// following each cycle of the permutation with swaps; `order` is used up (each visited
/// position is marked by pointing at itself).
fn permute(order: &mut [usize], items: &mut dyn Positions) {
    for start in 0..order.len() {
        let mut i = start;
        loop {
            let from = order[i];
            order[i] = i;
            if from == start {
                break;
            }
            items.swap(i, from);
            i = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorts a copy with the standard stable sort, for comparison.
    fn std_sorted<T: Clone>(v: &[T], cmp: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
        let mut w = v.to_vec();
        w.sort_by(cmp);
        w
    }

    /// A deterministic pseudo-random sequence (xorshift), to build inputs of any length.
    fn numbers(seed: u64, n: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % modulo
            })
            .collect()
    }

    #[test]
    fn equal_keys_keep_their_order() {
        // Pairs (key, original position), sorted by key only: the positions of equal keys
        // must stay increasing, on each path (insertion, positions on the stack, on the heap).
        for n in [
            5,
            BY_INSERTION,
            BY_INSERTION + 1,
            ON_STACK,
            ON_STACK + 1,
            500,
        ] {
            let keys = numbers(42, n, 4);
            let mut v: Vec<(u64, usize)> = keys.into_iter().zip(0..).collect();
            sort_by(&mut v, |a, b| a.0.cmp(&b.0));
            for w in v.windows(2) {
                assert!(w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1));
            }
        }
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        for (seed, n) in [
            (1, 3),
            (2, 8),
            (7, 9),
            (2, 17),
            (3, 32),
            (4, 33),
            (5, 64),
            (6, 1000),
        ] {
            let v: Vec<(u64, u64)> = numbers(seed, n, 10)
                .into_iter()
                .zip(numbers(seed + 100, n, 1000))
                .collect();
            let mut mine = v.clone();
            sort_by(&mut mine, |a, b| b.0.cmp(&a.0));
            assert_eq!(mine, std_sorted(&v, |a, b| b.0.cmp(&a.0)), "n = {n}");
        }
    }

    #[test]
    fn empty_and_one_element() {
        let mut empty: Vec<String> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec!["only".to_string()];
        sort(&mut one);
        assert_eq!(one, ["only"]);
    }

    #[test]
    fn already_sorted_and_reversed() {
        let sorted: Vec<u32> = (0..100).collect();
        let mut a = sorted.clone();
        sort(&mut a);
        assert_eq!(a, sorted);
        let mut r: Vec<u32> = (0..100).rev().collect();
        sort(&mut r);
        assert_eq!(r, sorted);
    }

    #[test]
    fn by_key_and_elements_that_own_memory() {
        let mut words: Vec<String> = ["pear", "fig", "banana", "kiwi", "apple"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sort_by_key(&mut words, |w| w.len());
        assert_eq!(words, ["fig", "pear", "kiwi", "apple", "banana"]);
        sort(&mut words);
        assert_eq!(words, ["apple", "banana", "fig", "kiwi", "pear"]);
    }

    #[test]
    fn set_and_map_match_collect() {
        let keys = numbers(7, 200, 50);
        let mine = set(keys.iter().copied());
        let theirs: BTreeSet<u64> = keys.iter().copied().collect();
        assert_eq!(mine, theirs);
        let pairs: Vec<(u64, usize)> = keys.into_iter().zip(0..).collect();
        let mine = map(pairs.iter().copied());
        let theirs: BTreeMap<u64, usize> = pairs.iter().copied().collect();
        assert_eq!(mine, theirs);
        assert!(map(Vec::<(u8, u8)>::new()).is_empty());
    }

    #[test]
    fn floats_by_total_order() {
        let mut v = vec![3.5, -0.0, f64::NAN, 0.0, -1.0, f64::INFINITY];
        sort_by(&mut v, f64::total_cmp);
        let expected = std_sorted(&v, f64::total_cmp);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&v), bits(&expected));
    }
}
