//! The DKIM key generator's Web Worker: makes key pairs off the page's thread. An RSA key takes
//! from a tenth of a second to several seconds in wasm (4096 bits: about 12 times 2048), the
//! time it takes to find two primes; on the page's thread that froze the page, its spinner
//! included. Also keeps the RSA key generation and PKCS#8 encoding out of the page's first load.
//!
//! Trunk builds it as a worker (`data-type="worker" data-loader-shim`; the page starts it with
//! `new Worker("./dkim_worker_loader.js")` on the first key it asks for). Messages in: a
//! [`KeygenRequest`]. Out: `{kind: "ready"}` once, then a [`KeygenReply`] for each request
//! (authlens_web::worker::keygen). The private key goes only to the page that asked (a worker's
//! messages stay in the tab).
#![forbid(unsafe_code)]

use authlens_engine::dkim::keygen::{key_material, KeygenError};
use authlens_web::worker::keygen::{KeygenReply, KeygenRequest};
use authlens_web::worker::{field, reply, serve};
use wasm_bindgen::JsValue;

fn on_message(ev: JsValue) {
    let Some(KeygenRequest::Make { id, key_type, bits }) =
        KeygenRequest::from_js(&field(&ev, "data"))
    else {
        return;
    };
    let made = match key_type {
        Some(k) => key_material(k, bits, &mut getrandom::SysRng),
        None => Err(KeygenError::Key("no key type asked".into())),
    };
    reply(
        &match made {
            Ok(key) => KeygenReply::Key { id, key },
            Err(e) => KeygenReply::Error {
                id,
                random: matches!(e, KeygenError::Random(_)),
                message: e.to_string(),
            },
        }
        .to_js(),
    );
}

fn main() {
    serve(on_message);
}
