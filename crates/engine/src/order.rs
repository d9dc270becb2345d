//! A stable sort for the short lists a domain inspection shows (MX hosts, findings, the records
//! of one answer, the questions of one inspection: tens to a few hundred items).
//!
//! Insertion sort: a few hundred bytes of code for each element type it sorts in the pages'
//! wasm, where the standard library's sort (driftsort, with its small-sort networks) costs 3 to
//! 4 KB for each; on the domain page's five lists that was 17 KB before compression. Quadratic,
//! so only for lists whose length the protocol bounds; large ones (report rows) keep
//! `slice::sort`.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping equal items in their order (as `slice::sort_by` does).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && cmp(&v[j], &v[j - 1]) == Ordering::Less {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Sorts `v` by the key `f` gives, keeping equal items in their order.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests are in no page: the size rules do not apply"
)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        // Pairs (key, position) from a small generator: many equal keys, so stability shows.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in [0usize, 1, 2, 3, 7, 31, 64, 257] {
            for _ in 0..20 {
                let v: Vec<(u8, usize)> = (0..len)
                    .map(|i| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        ((seed % 5) as u8, i)
                    })
                    .collect();
                let mut ours = v.clone();
                let mut std = v.clone();
                sort_by_key(&mut ours, |p| p.0);
                std.sort_by_key(|p| p.0);
                assert_eq!(ours, std, "{v:?}");
                let mut ours = v.clone();
                let mut std = v;
                sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
                std.sort_by_key(|p| std::cmp::Reverse(p.0));
                assert_eq!(ours, std);
            }
        }
    }
}
