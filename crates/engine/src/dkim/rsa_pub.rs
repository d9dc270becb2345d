//! RSA public keys and RSASSA-PKCS1-v1_5 verification (RFC 8017 §5.2.2, §8.2.2, §9.2).
//!
//! Verifying handles public data only (the key, the signature, the digest of signed text), so
//! the arithmetic need not be constant-time: Montgomery multiplication with the exponent's bits
//! read one by one, and R² mod n computed per verification from the modulus by one long division
//! (about half a Montgomery multiplication; it was eleven squarings, a third of the time of a
//! 2048-bit verification), not when the key is read. Reading a key is therefore only
//! reading its two integers and checking them; a key record that is inspected and never used
//! to verify (the domain page) costs no arithmetic at all.
//!
//! Against the `rsa` crate's constant-time `PublicKey::verify` (which also divides to set up each
//! key), checking a small message signed with a 2048-bit key went from 61 to 43 µs in the native
//! CLI, and big-integer code left the pages that only read keys (the domain page's module lost
//! 47 KB). The `rsa` crate still generates keys (`dkim::keygen`), and the tests
//! below check this code against it.

use std::fmt;

/// The smallest and largest moduli read (in bits); RFC 8301's rules (1024 and 2048) are applied
/// by the caller, with findings, so that a short key can still be reported on.
pub const MIN_BITS: u32 = 256;
pub const MAX_BITS: u32 = 16384;
/// The public exponent's bounds (those of the `rsa` crate, so that the same keys are read).
const MIN_EXPONENT: u64 = 2;
const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// An RSA public key: the modulus and the public exponent.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaPublicKey {
    /// The modulus, big-endian, without leading zero octets.
    n: Vec<u8>,
    e: u64,
    bits: u32,
}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RsaPublicKey({} bits, e={})", self.bits, self.e)
    }
}

/// Why a modulus and exponent are not a usable key (the `rsa` crate's words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    ModulusTooSmall,
    ModulusTooLarge,
    InvalidModulus,
    InvalidExponent,
    ExponentTooSmall,
    ExponentTooLarge,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyError::ModulusTooSmall => "modulus too small",
            KeyError::ModulusTooLarge => "modulus too large",
            KeyError::InvalidModulus => "invalid modulus",
            KeyError::InvalidExponent => "invalid exponent",
            KeyError::ExponentTooSmall => "public exponent too small",
            KeyError::ExponentTooLarge => "public exponent too large",
        })
    }
}

/// The significant octets of a big-endian integer.
pub(crate) fn significant(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

/// The arithmetic, for one limb width: `w64` natively, `w32` on wasm32 (where 64-bit products
/// are native and 128-bit ones are calls). The tests run both.
macro_rules! limb_arithmetic {
    ($name:ident, $limb:ty, $wide:ty) => {
        // On each target one of the two widths serves only the tests.
        #[allow(dead_code)]
        mod $name {
            use super::significant;

            type Limb = $limb;
            type Wide = $wide;
            const LIMB_BITS: u32 = Limb::BITS;
            const LIMB_BYTES: usize = (Limb::BITS / 8) as usize;

            /// Big-endian octets to limbs, least significant first, at least `len` of them.
            pub(super) fn limbs_from_be(bytes: &[u8], len: usize) -> Vec<Limb> {
                let bytes = significant(bytes);
                let mut out = Vec::with_capacity(bytes.len().div_ceil(LIMB_BYTES).max(len));
                for chunk in bytes.rchunks(LIMB_BYTES) {
                    out.push(chunk.iter().fold(0, |v, b| (v << 8) | Limb::from(*b)));
                }
                if out.len() < len {
                    out.resize(len, 0);
                }
                out
            }

            /// Limbs to exactly `len` big-endian octets (I2OSP; the value fits).
            pub(super) fn be_from_limbs(limbs: &[Limb], len: usize) -> Vec<u8> {
                let mut out = vec![0u8; len];
                for (i, limb) in limbs.iter().enumerate() {
                    for k in 0..LIMB_BYTES {
                        let Some(at) = (i * LIMB_BYTES + k)
                            .checked_add(1)
                            .and_then(|p| len.checked_sub(p))
                        else {
                            break;
                        };
                        out[at] = (limb >> (8 * k)) as u8;
                    }
                }
                out
            }

            /// `a >= b`, both of the same length.
            fn ge(a: &[Limb], b: &[Limb]) -> bool {
                for (x, y) in a.iter().rev().zip(b.iter().rev()) {
                    if x != y {
                        return x > y;
                    }
                }
                true
            }

            /// `a -= b` modulo 2^(limbs × bits), both of the same length.
            fn sub_assign(a: &mut [Limb], b: &[Limb]) {
                let mut borrow = false;
                for (x, y) in a.iter_mut().zip(b) {
                    let (d, b1) = x.overflowing_sub(*y);
                    let (d, b2) = d.overflowing_sub(Limb::from(borrow));
                    *x = d;
                    borrow = b1 || b2;
                }
            }

            /// `u mod n` by schoolbook long division (Knuth, TAOCP vol. 2, §4.3.1, algorithm
            /// D), for `n` of at least two limbs with a nonzero top limb and `u` at least as
            /// long as `n`. One quotient limb per step, each a multiplication of `n` by one limb:
            /// the cost of half a Montgomery multiplication for R² mod n.
            pub(super) fn rem(u: &[Limb], n: &[Limb]) -> Vec<Limb> {
                let k = n.len();
                debug_assert!(k >= 2 && n[k - 1] != 0 && u.len() >= k);
                // Divisor and dividend shifted left until the divisor's top bit is set; the
                // dividend gets a limb more for what its top limb shifts out.
                let shift = n[k - 1].leading_zeros();
                let shl = |x: &[Limb], out: &mut [Limb]| {
                    let mut carry = 0;
                    for (o, &limb) in out.iter_mut().zip(x) {
                        *o = (limb << shift) | carry;
                        carry = if shift == 0 {
                            0
                        } else {
                            limb >> (LIMB_BITS - shift)
                        };
                    }
                    carry
                };
                let mut v = vec![0; k];
                shl(n, &mut v);
                let mut r = vec![0; u.len() + 1];
                r[u.len()] = shl(u, &mut r[..u.len()]);
                let base: Wide = 1 << LIMB_BITS;
                let (v1, v2) = (Wide::from(v[k - 1]), Wide::from(v[k - 2]));
                for j in (0..=u.len() - k).rev() {
                    // The quotient limb estimated from the top two limbs, then corrected with the
                    // third: too large by at most one after that.
                    let top = (Wide::from(r[j + k]) << LIMB_BITS) | Wide::from(r[j + k - 1]);
                    let (mut q, mut rhat) = (top / v1, top % v1);
                    while q >= base || q * v2 > ((rhat << LIMB_BITS) | Wide::from(r[j + k - 2])) {
                        q -= 1;
                        rhat += v1;
                        if rhat >= base {
                            break;
                        }
                    }
                    // r[j..=j+k] -= q·v
                    let (mut carry, mut borrow): (Wide, bool) = (0, false);
                    for (x, &vi) in r[j..j + k].iter_mut().zip(&v) {
                        let p = q * Wide::from(vi) + carry;
                        carry = p >> LIMB_BITS;
                        let (d, b1) = x.overflowing_sub(p as Limb);
                        let (d, b2) = d.overflowing_sub(Limb::from(borrow));
                        *x = d;
                        borrow = b1 || b2;
                    }
                    let (d, b1) = r[j + k].overflowing_sub(carry as Limb);
                    let (d, b2) = d.overflowing_sub(Limb::from(borrow));
                    r[j + k] = d;
                    if b1 || b2 {
                        // q was one too large (rare: about 2 in 2^bits): add v back.
                        let mut c = false;
                        for (x, &vi) in r[j..j + k].iter_mut().zip(&v) {
                            let (y, c1) = x.overflowing_add(vi);
                            let (y, c2) = y.overflowing_add(Limb::from(c));
                            *x = y;
                            c = c1 || c2;
                        }
                        r[j + k] = r[j + k].wrapping_add(Limb::from(c));
                    }
                }
                // The remainder, shifted back.
                (0..k)
                    .map(|i| {
                        if shift == 0 {
                            r[i]
                        } else {
                            (r[i] >> shift) | (r[i + 1] << (LIMB_BITS - shift))
                        }
                    })
                    .collect()
            }

            /// `acc[i] += x[i]·y` with the carry running through; returns the carry out of
            /// the last limb. The inner loop of everything below, kept free of index checks.
            #[inline(always)]
            fn add_mul_row(acc: &mut [Limb], x: &[Limb], y: Limb) -> Limb {
                let y = Wide::from(y);
                let mut c: Wide = 0;
                for (a, &xi) in acc.iter_mut().zip(x) {
                    let v = Wide::from(*a) + Wide::from(xi) * y + c;
                    *a = v as Limb;
                    c = v >> LIMB_BITS;
                }
                c as Limb
            }

            /// Montgomery arithmetic modulo an odd `n`, with R = 2^(limbs × bits).
            struct Montgomery<'a> {
                n: &'a [Limb],
                /// -n⁻¹ mod 2^bits.
                n0: Limb,
                /// The double-length product before reduction: 2 × limbs.
                t: Vec<Limb>,
            }

            impl<'a> Montgomery<'a> {
                fn new(n: &'a [Limb]) -> Montgomery<'a> {
                    // Newton's iteration doubles the correct low bits of n⁻¹ each time (1 → 64).
                    let mut inv: Limb = 1;
                    for _ in 0..7 {
                        inv = inv.wrapping_mul((2 as Limb).wrapping_sub(n[0].wrapping_mul(inv)));
                    }
                    debug_assert_eq!(n[0].wrapping_mul(inv), 1);
                    Montgomery {
                        n,
                        n0: inv.wrapping_neg(),
                        t: vec![0; 2 * n.len()],
                    }
                }

                /// `out = a·b·R⁻¹ mod n` for `a, b < n`: the whole product, then the reduction
                /// (separated operand scanning).
                fn mul(&mut self, a: &[Limb], b: &[Limb], out: &mut [Limb]) {
                    let k = self.n.len();
                    let t = &mut self.t[..2 * k];
                    t.fill(0);
                    for (i, &bi) in b[..k].iter().enumerate() {
                        t[i + k] = add_mul_row(&mut t[i..i + k], &a[..k], bi);
                    }
                    self.reduce(out);
                }

                /// `out = a²·R⁻¹ mod n` for `a < n`: each cross product once, doubled, then the
                /// squares on the diagonal (about half the multiplications of `mul`).
                fn square(&mut self, a: &[Limb], out: &mut [Limb]) {
                    let k = self.n.len();
                    let t = &mut self.t[..2 * k];
                    t.fill(0);
                    for i in 0..k.saturating_sub(1) {
                        t[i + k] = add_mul_row(&mut t[2 * i + 1..i + k], &a[i + 1..k], a[i]);
                    }
                    let mut top = 0;
                    for limb in t.iter_mut() {
                        let next = *limb >> (LIMB_BITS - 1);
                        *limb = (*limb << 1) | top;
                        top = next;
                    }
                    let mut c: Wide = 0;
                    for (i, &ai) in a[..k].iter().enumerate() {
                        let sq = Wide::from(ai) * Wide::from(ai);
                        let lo = Wide::from(t[2 * i]) + (sq & Wide::from(Limb::MAX)) + c;
                        t[2 * i] = lo as Limb;
                        let hi = Wide::from(t[2 * i + 1]) + (sq >> LIMB_BITS) + (lo >> LIMB_BITS);
                        t[2 * i + 1] = hi as Limb;
                        c = hi >> LIMB_BITS;
                    }
                    self.reduce(out);
                }

                /// Montgomery reduction of the double-length `t` (< n·R) into `out` (< n).
                fn reduce(&mut self, out: &mut [Limb]) {
                    let (n, k) = (self.n, self.n.len());
                    let t = &mut self.t[..2 * k];
                    let mut extra = false;
                    for i in 0..k {
                        let m = t[i].wrapping_mul(self.n0);
                        let c = add_mul_row(&mut t[i..i + k], n, m);
                        let (v, o1) = t[i + k].overflowing_add(c);
                        let (v, o2) = v.overflowing_add(Limb::from(extra));
                        t[i + k] = v;
                        extra = o1 || o2;
                    }
                    let r = &mut t[k..];
                    // r < 2n here, its top bit in `extra`.
                    if extra || ge(r, n) {
                        sub_assign(r, n);
                    }
                    out.copy_from_slice(r);
                }

                /// `base^exp` in the Montgomery domain (`base` is already there), for `exp >= 1`.
                fn pow(&mut self, base: &[Limb], exp: u64) -> Vec<Limb> {
                    let mut acc = base.to_vec();
                    let mut tmp = vec![0; base.len()];
                    for i in (0..63 - exp.leading_zeros()).rev() {
                        self.square(&acc, &mut tmp);
                        std::mem::swap(&mut acc, &mut tmp);
                        if exp >> i & 1 == 1 {
                            self.mul(&acc, base, &mut tmp);
                            std::mem::swap(&mut acc, &mut tmp);
                        }
                    }
                    acc
                }
            }

            /// RSAVP1 (RFC 8017 §5.2.2): `s^e mod n` as `n`'s length in octets, for `s < n`
            /// (both big-endian), `n` odd with `bits` significant bits, `e >= 1`.
            pub fn public_op(n: &[u8], bits: u32, e: u64, s: &[u8]) -> Vec<u8> {
                let n = limbs_from_be(n, 0);
                let s = limbs_from_be(s, n.len());
                let mut m = Montgomery::new(&n);
                // R² mod n, to bring s into the Montgomery domain: R² is one limb followed by
                // 2 × limbs zero limbs.
                let mut r2 = vec![0; 2 * n.len() + 1];
                r2[2 * n.len()] = 1;
                let r2 = rem(&r2, &n);
                let mut s_m = vec![0; n.len()];
                m.mul(&s, &r2, &mut s_m);
                let y_m = m.pow(&s_m, e);
                // Out of the Montgomery domain: y_m·R⁻¹, a reduction of y_m alone.
                let k = n.len();
                m.t[..k].copy_from_slice(&y_m);
                m.t[k..].fill(0);
                let mut y = vec![0; k];
                m.reduce(&mut y);
                be_from_limbs(&y, bits.div_ceil(8) as usize)
            }
        }
    };
}

limb_arithmetic!(w64, u64, u128);
limb_arithmetic!(w32, u32, u64);

#[cfg(not(target_pointer_width = "64"))]
use w32 as arith;
#[cfg(target_pointer_width = "64")]
use w64 as arith;

/// `a < b` for big-endian integers.
fn below(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = (significant(a), significant(b));
    (a.len(), a) < (b.len(), b)
}

impl RsaPublicKey {
    /// The key with modulus `n` and exponent `e` (big-endian octets, as in RSAPublicKey),
    /// checked as the `rsa` crate checks them.
    pub fn from_be(n: &[u8], e: &[u8]) -> Result<RsaPublicKey, KeyError> {
        let n = significant(n).to_vec();
        let bits = n.first().map_or(0, |top| {
            (n.len() as u32 - 1) * 8 + (8 - top.leading_zeros())
        });
        if bits < MIN_BITS {
            return Err(KeyError::ModulusTooSmall);
        }
        if bits > MAX_BITS {
            return Err(KeyError::ModulusTooLarge);
        }
        let e = significant(e);
        if !below(e, &n) || n.last().is_none_or(|b| b & 1 == 0) {
            return Err(KeyError::InvalidModulus);
        }
        if e.last().is_none_or(|b| b & 1 == 0) {
            return Err(KeyError::InvalidExponent);
        }
        // Past eight octets the exponent is far above the largest allowed.
        let value = (e.len() <= 8).then(|| e.iter().fold(0u64, |v, b| (v << 8) | u64::from(*b)));
        let e = match value {
            Some(v) if v < MIN_EXPONENT => return Err(KeyError::ExponentTooSmall),
            Some(v) if v <= MAX_EXPONENT => v,
            _ => return Err(KeyError::ExponentTooLarge),
        };
        Ok(RsaPublicKey { n, e, bits })
    }

    /// The modulus's size in bits.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The modulus's size in octets: the length of every signature (k in RFC 8017).
    pub fn size(&self) -> usize {
        self.n.len()
    }

    /// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of `sig` over a message whose digest is
    /// `digest`, with `prefix` the DER DigestInfo header of the hash (EMSA-PKCS1-v1_5, §9.2).
    pub fn verify_pkcs1v15(&self, prefix: &[u8], digest: &[u8], sig: &[u8]) -> bool {
        let k = self.size();
        let t_len = prefix.len() + digest.len();
        if sig.len() != k || !below(sig, &self.n) || k < t_len + 11 {
            return false;
        }
        let em = arith::public_op(&self.n, self.bits, self.e, sig);
        let pad_end = k - t_len - 1;
        em[0] == 0
            && em[1] == 1
            && em[2..pad_end].iter().all(|b| *b == 0xff)
            && em[pad_end] == 0
            && em[pad_end + 1..k - digest.len()] == *prefix
            && em[k - digest.len()..] == *digest
    }
}

/// DigestInfo headers (RFC 8017 §9.2, note 1).
pub const SHA1_PREFIX: &[u8] = &[
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];
pub const SHA256_PREFIX: &[u8] = &[
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::traits::PublicKeyParts;
    use sha2::Digest;

    /// xorshift64*: reproducible inputs without a dependency.
    struct Xs(u64);
    impl Xs {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn bytes(&mut self, n: usize) -> Vec<u8> {
            (0..n).map(|_| self.next() as u8).collect()
        }
    }
    impl rand_core::TryRng for Xs {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok(self.next() as u32)
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            Ok(self.next())
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            dst.iter_mut().for_each(|b| *b = self.next() as u8);
            Ok(())
        }
    }
    impl rand_core::TryCryptoRng for Xs {}

    fn theirs(n: &[u8], e: &[u8]) -> Result<rsa::PublicKey, rsa::Error> {
        let n = rsa::BoxedUint::from_be_slice(n, (n.len() * 8) as u32).unwrap();
        let e = rsa::BoxedUint::from_be_slice(e, (e.len() * 8).max(8) as u32).unwrap();
        rsa::PublicKey::new_with_size_limits(n, e, MIN_BITS as usize..=MAX_BITS as usize)
    }

    /// A random odd modulus of exactly `bits` bits, big-endian.
    fn modulus(rng: &mut Xs, bits: u32) -> Vec<u8> {
        let len = bits.div_ceil(8) as usize;
        let mut n = rng.bytes(len);
        let top = (bits - 1) % 8;
        n[0] &= (1u16 << (top + 1)).wrapping_sub(1) as u8;
        n[0] |= 1 << top;
        n[len - 1] |= 1;
        n
    }

    /// `s^e mod n` against the crate's, for odd moduli of many sizes (limb-aligned and not) and
    /// exponents small, usual and large, with bases 0, 1, n-1 and random ones.
    #[test]
    fn the_public_operation_agrees_with_the_rsa_crate() {
        let mut rng = Xs(0x9e37_79b9_7f4a_7c15);
        let mut checked = 0;
        for bits in [
            256, 257, 511, 512, 1023, 1024, 1025, 1536, 2047, 2048, 3072, 4096,
        ] {
            for e in [3u64, 17, 65537, (1 << 33) - 1, (rng.next() % (1 << 33)) | 1] {
                let n = modulus(&mut rng, bits);
                let e_be = e.to_be_bytes();
                let key = RsaPublicKey::from_be(&n, &e_be).unwrap();
                let other = theirs(&n, &e_be).unwrap();
                let len = n.len();
                let mut n_minus_1 = n.clone();
                n_minus_1[len - 1] -= 1;
                let mut bases = vec![vec![0u8; len], vec![1u8], n_minus_1];
                for _ in 0..3 {
                    let mut s = rng.bytes(len);
                    s[0] = 0;
                    bases.push(s);
                }
                for s in bases {
                    let mine = w64::public_op(&key.n, key.bits, key.e, &s);
                    assert_eq!(mine, w32::public_op(&key.n, key.bits, key.e, &s));
                    let s_big =
                        rsa::BoxedUint::from_be_slice(&s, other.n_bits_precision()).unwrap();
                    let want = rsa::hazmat::rsa_encrypt(&other, &s_big)
                        .unwrap()
                        .to_be_bytes();
                    let want = &want[want.len() - len..];
                    assert_eq!(mine, want, "{bits} bits, e={e}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 12 * 5 * 6);
    }

    /// The long division (R² mod n) against u128 arithmetic with 32-bit limbs, including
    /// dividends that make the first quotient estimate too large and need the add-back step
    /// (Hacker's Delight, divmnu's test cases).
    #[test]
    fn long_division_agrees_with_native_arithmetic() {
        fn limbs(x: u128, len: usize) -> Vec<u32> {
            (0..len).map(|i| (x >> (32 * i)) as u32).collect()
        }
        fn value(l: &[u32]) -> u128 {
            l.iter().rev().fold(0, |v, x| (v << 32) | u128::from(*x))
        }
        let mut cases: Vec<(u128, u128)> = vec![
            (
                0x7fff_ffff_8000_0000_0000_0000_0000_0000,
                0x8000_0000_0000_0000_0000_0001,
            ),
            (0x8000_0000_0000_0000_0000_0003, 0x2000_0000_0000_0000_0001),
            (0x0000_7fff_8000_0000_0000_0000_0000, 0x8000_0000_0000_0001),
            (u128::MAX, 0xffff_ffff_ffff_ffff),
            (u128::MAX, 0x1_0000_0001),
            (1 << 127, 0x1_0000_0000_0000_0001),
        ];
        let mut rng = Xs(42);
        for _ in 0..20_000 {
            let n_limbs = 2 + (rng.next() % 3) as u32;
            let n = (u128::from(rng.next()) << 64 | u128::from(rng.next())) >> (128 - 32 * n_limbs)
                | 1 << (32 * n_limbs - 1 - (rng.next() % 31) as u32);
            let u = u128::from(rng.next()) << 64 | u128::from(rng.next());
            cases.push((u, n));
        }
        for (u, n) in cases {
            let n_len = (128 - n.leading_zeros()).div_ceil(32) as usize;
            let got = w32::rem(&limbs(u, 4), &limbs(n, n_len));
            assert_eq!(value(&got), u % n, "{u:#x} mod {n:#x}");
        }
    }

    /// The key checks give the crate's verdict, error for error.
    #[test]
    fn keys_are_accepted_and_refused_as_the_rsa_crate_does() {
        let mut rng = Xs(7);
        let n = modulus(&mut rng, 1024);
        let even = {
            let mut v = n.clone();
            let l = v.len();
            v[l - 1] &= 0xfe;
            v
        };
        let cases: Vec<(Vec<u8>, Vec<u8>, Option<KeyError>)> = vec![
            (n.clone(), vec![1, 0, 1], None),
            (n.clone(), vec![0, 0, 3], None),
            (
                modulus(&mut rng, 255),
                vec![3],
                Some(KeyError::ModulusTooSmall),
            ),
            (
                modulus(&mut rng, 16385),
                vec![3],
                Some(KeyError::ModulusTooLarge),
            ),
            (even, vec![3], Some(KeyError::InvalidModulus)),
            (n.clone(), vec![4], Some(KeyError::InvalidExponent)),
            (n.clone(), vec![0], Some(KeyError::InvalidExponent)),
            (n.clone(), vec![1], Some(KeyError::ExponentTooSmall)),
            (
                n.clone(),
                vec![2, 0, 0, 0, 1],
                Some(KeyError::ExponentTooLarge),
            ),
            (n.clone(), n.clone(), Some(KeyError::InvalidModulus)),
            (n.clone(), rng.bytes(200), None),
        ];
        for (i, (n, e, want)) in cases.iter().enumerate() {
            let mine = RsaPublicKey::from_be(n, e).err();
            let crate_says = theirs(n, e).err().map(|e| e.to_string());
            if let Some(want) = want {
                assert_eq!(mine, Some(*want), "case {i}");
            }
            assert_eq!(mine.map(|e| e.to_string()), crate_says, "case {i}");
        }
    }

    /// Signatures made by the crate verify; a changed bit anywhere, a digest of other text, the
    /// other hash's header, a signature of the wrong length or one not below n do not — and
    /// the crate's verifier says the same every time.
    #[test]
    fn signatures_verify_as_with_the_rsa_crate() {
        let mut rng = Xs(42);
        let mut checked = 0;
        for bits in [1024usize, 1536] {
            let private = rsa::PrivateKey::new(&mut rng, bits).unwrap();
            let public = private.to_public_key();
            let key = RsaPublicKey::from_be(&public.n().to_be_bytes(), &public.e().to_be_bytes())
                .unwrap();
            assert_eq!(key.bits() as usize, bits);
            for round in 0..20 {
                let text = rng.bytes(20 + round);
                let sha1 = sha1::Sha1::digest(&text).to_vec();
                let sha256 = sha2::Sha256::digest(&text).to_vec();
                let (prefix, digest, scheme) = if round % 2 == 0 {
                    (
                        SHA256_PREFIX,
                        sha256,
                        rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                    )
                } else {
                    (SHA1_PREFIX, sha1, rsa::Pkcs1v15Sign::new::<sha1::Sha1>())
                };
                let sig = private.sign(scheme.clone(), &digest).unwrap();
                // (signature, digest, DigestInfo header, should verify)
                type Try<'a> = (Vec<u8>, Vec<u8>, &'a [u8], bool);
                let mut tries: Vec<Try> = vec![(sig.clone(), digest.clone(), prefix, true)];
                let mut flipped = sig.clone();
                let at = (rng.next() as usize) % flipped.len();
                flipped[at] ^= 1 << (rng.next() % 8);
                tries.push((flipped, digest.clone(), prefix, false));
                let mut other = digest.clone();
                other[0] ^= 0x80;
                tries.push((sig.clone(), other, prefix, false));
                let wrong_prefix = if prefix == SHA1_PREFIX {
                    SHA256_PREFIX
                } else {
                    SHA1_PREFIX
                };
                tries.push((sig.clone(), digest.clone(), wrong_prefix, false));
                tries.push((sig[1..].to_vec(), digest.clone(), prefix, false));
                tries.push((vec![0xff; sig.len()], digest.clone(), prefix, false));
                tries.push((rng.bytes(sig.len()), digest.clone(), prefix, false));
                for (s, d, p, want) in tries {
                    let mine = key.verify_pkcs1v15(p, &d, &s);
                    assert_eq!(mine, want, "{bits} bits, round {round}");
                    let scheme = if p == SHA1_PREFIX {
                        rsa::Pkcs1v15Sign::new::<sha1::Sha1>()
                    } else {
                        rsa::Pkcs1v15Sign::new::<sha2::Sha256>()
                    };
                    if d.len() == scheme.hash_len.unwrap_or(d.len()) {
                        assert_eq!(
                            public.verify(scheme, &d, &s).is_ok(),
                            mine,
                            "{bits}, {round}"
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 2 * 20 * 7);
    }

    #[test]
    fn octets_and_limbs_round_trip() {
        let mut rng = Xs(3);
        for len in 0..40 {
            let mut v = rng.bytes(len);
            if let Some(first) = v.first_mut() {
                *first |= 1;
            }
            let limbs = w64::limbs_from_be(&v, 0);
            assert_eq!(w64::be_from_limbs(&limbs, len), v);
            assert_eq!(limbs.len(), len.div_ceil(8));
            let limbs = w32::limbs_from_be(&v, 0);
            assert_eq!(w32::be_from_limbs(&limbs, len), v);
            assert_eq!(limbs.len(), len.div_ceil(4));
        }
        assert_eq!(
            w64::be_from_limbs(&w64::limbs_from_be(&[0, 0, 5], 3), 3),
            vec![0, 0, 5]
        );
    }
}
