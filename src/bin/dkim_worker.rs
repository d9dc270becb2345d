//! The DKIM key generator's Web Worker: makes key pairs off the page's thread. An RSA key takes
//! from a tenth of a second to several seconds in wasm (4096 bits: about 12 times 2048), the
//! time it takes to find two primes; on the page's thread that froze the page, its spinner
//! included. Also keeps the RSA key generation and PKCS#8 encoding out of the page's first load.
//!
//! Trunk builds it as a worker (`data-type="worker" data-loader-shim`; the page starts it with
//! `new Worker("./dkim_worker_loader.js")` on the first key it asks for). Messages in:
//! `{kind: "make", id, key_type: "rsa" | "ed25519", bits}`. Out: `{kind: "ready"}` once, then for
//! each request `{kind: "key", id, public_key: Uint8Array, public_key_pem, private_key_pem,
//! bits}` or `{kind: "error", id, random: bool, message}`. The private key goes only to the page
//! that asked (a worker's messages stay in the tab).
#![forbid(unsafe_code)]

use authlens_engine::dkim::keygen::{key_material, KeyType, KeygenError};
use authlens_web::worker::{field, obj, reply, serve};
use wasm_bindgen::JsValue;

fn on_message(ev: JsValue) {
    let data = field(&ev, "data");
    if field(&data, "kind").as_string().as_deref() != Some("make") {
        return;
    }
    let id = field(&data, "id");
    let key_type = field(&data, "key_type")
        .as_string()
        .and_then(|k| KeyType::parse(&k));
    let bits = field(&data, "bits").as_f64().unwrap_or(0.0) as u32;
    let made = match key_type {
        Some(k) => key_material(k, bits, &mut getrandom::SysRng),
        None => Err(KeygenError::Key("no key type asked".into())),
    };
    reply(&match made {
        Ok(m) => obj(&[
            ("kind", &"key".into()),
            ("id", &id),
            (
                "public_key",
                &js_sys::Uint8Array::from(m.public_key.as_slice()).into(),
            ),
            ("public_key_pem", &m.public_key_pem.as_str().into()),
            ("private_key_pem", &m.private_key_pem.as_str().into()),
            ("bits", &m.bits.into()),
        ]),
        Err(e) => obj(&[
            ("kind", &"error".into()),
            ("id", &id),
            ("random", &matches!(e, KeygenError::Random(_)).into()),
            ("message", &e.to_string().into()),
        ]),
    });
}

fn main() {
    serve(on_message);
}
