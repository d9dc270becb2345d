//! The messages between the DKIM key generator (src/pages/build/dkim.rs) and its worker
//! (src/bin/dkim_worker.rs), one type each way, both sides reading and writing them here.
//!
//! Encoded by hand as plain objects with a `kind`, not through serde: reading a reply through
//! serde_wasm_bindgen would bring its deserializer, and the float formatting of its error
//! messages, into the key generator page's first load (docs/size.md), for four fields. The
//! public key crosses as a `Uint8Array`.

use authlens_engine::dkim::keygen::{KeyMaterial, KeyType};
use wasm_bindgen::{JsCast, JsValue};

use super::{field, obj};

/// What the page asks of the worker.
#[derive(Clone, Debug, PartialEq)]
pub enum KeygenRequest {
    /// A key pair: `{kind: "make", id, key_type: "rsa" | "ed25519", bits}`. `key_type` is
    /// `None` for a type the worker does not know (it answers with an error).
    Make {
        id: u32,
        key_type: Option<KeyType>,
        bits: u32,
    },
}

/// What the worker answers, to the request of the same `id`.
#[derive(Debug)]
pub enum KeygenReply {
    /// `{kind: "key", id, public_key: Uint8Array, public_key_pem, private_key_pem, bits}`.
    Key { id: u32, key: KeyMaterial },
    /// `{kind: "error", id, random, message}`; `random`: the browser gave no random numbers.
    Error {
        id: u32,
        random: bool,
        message: String,
    },
}

/// A request id as it crossed: a whole number within `u32`.
fn id_of(data: &JsValue) -> Option<u32> {
    field(data, "id")
        .as_f64()
        .filter(|n| n.fract() == 0.0 && (0.0..=u32::MAX.into()).contains(n))
        .map(|n| n as u32)
}

fn text(data: &JsValue, name: &str) -> Option<String> {
    field(data, name).as_string().filter(|t| !t.is_empty())
}

impl KeygenRequest {
    pub fn to_js(&self) -> JsValue {
        match self {
            KeygenRequest::Make { id, key_type, bits } => obj(&[
                ("kind", &"make".into()),
                ("id", &(*id).into()),
                (
                    "key_type",
                    &key_type.map(KeyType::as_str).unwrap_or("").into(),
                ),
                ("bits", &(*bits).into()),
            ]),
        }
    }

    /// The request in a message's `data`; `None` for anything else.
    pub fn from_js(data: &JsValue) -> Option<KeygenRequest> {
        if field(data, "kind").as_string().as_deref() != Some("make") {
            return None;
        }
        Some(KeygenRequest::Make {
            id: id_of(data)?,
            key_type: field(data, "key_type")
                .as_string()
                .and_then(|k| KeyType::parse(&k)),
            bits: field(data, "bits").as_f64().unwrap_or(0.0) as u32,
        })
    }
}

impl KeygenReply {
    /// The request it answers.
    pub fn id(&self) -> u32 {
        match self {
            KeygenReply::Key { id, .. } | KeygenReply::Error { id, .. } => *id,
        }
    }

    /// The key pair, or what went wrong.
    pub fn into_key(self) -> Result<KeyMaterial, String> {
        match self {
            KeygenReply::Key { key, .. } => Ok(key),
            KeygenReply::Error { message, .. } => Err(message),
        }
    }

    pub fn to_js(&self) -> JsValue {
        match self {
            KeygenReply::Key { id, key } => obj(&[
                ("kind", &"key".into()),
                ("id", &(*id).into()),
                (
                    "public_key",
                    &js_sys::Uint8Array::from(key.public_key.as_slice()).into(),
                ),
                ("public_key_pem", &key.public_key_pem.as_str().into()),
                ("private_key_pem", &key.private_key_pem.as_str().into()),
                ("bits", &key.bits.into()),
            ]),
            KeygenReply::Error {
                id,
                random,
                message,
            } => obj(&[
                ("kind", &"error".into()),
                ("id", &(*id).into()),
                ("random", &(*random).into()),
                ("message", &message.as_str().into()),
            ]),
        }
    }

    /// The reply in a message's `data`; `None` without a request id. A key answer that cannot
    /// be read, or an answer of another kind, is read as an error.
    pub fn from_js(data: &JsValue) -> Option<KeygenReply> {
        let id = id_of(data)?;
        let error = |message: String| KeygenReply::Error {
            id,
            random: field(data, "random").as_bool().unwrap_or(false),
            message,
        };
        if field(data, "kind").as_string().as_deref() != Some("key") {
            return Some(error(
                text(data, "message").unwrap_or_else(|| "the key could not be made".into()),
            ));
        }
        let key = || {
            Some(KeyMaterial {
                public_key: field(data, "public_key")
                    .dyn_into::<js_sys::Uint8Array>()
                    .ok()
                    .map(|a| a.to_vec())
                    .filter(|k| !k.is_empty())?,
                public_key_pem: text(data, "public_key_pem")?,
                private_key_pem: text(data, "private_key_pem")?,
                bits: field(data, "bits")
                    .as_f64()
                    .filter(|b| b.fract() == 0.0 && (1.0..=65536.0).contains(b))?
                    as u32,
            })
        };
        Some(match key() {
            Some(key) => KeygenReply::Key { id, key },
            None => error("the key generator's answer could not be read".into()),
        })
    }
}
