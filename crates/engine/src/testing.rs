//! Helpers for the unit tests.

/// Every string of up to `max_len` octets over `alphabet`, shortest first: for checking a fast
/// routine against the rule read octet by octet, exhaustively over the characters that matter.
pub fn all_strings(alphabet: &[u8], max_len: u32) -> impl Iterator<Item = Vec<u8>> + '_ {
    (0..=max_len).flat_map(move |len| {
        (0..alphabet.len().pow(len)).map(move |mut n| {
            let mut s = Vec::with_capacity(len as usize);
            for _ in 0..len {
                s.push(alphabet[n % alphabet.len()]);
                n /= alphabet.len();
            }
            s
        })
    })
}
