//! The messages between the aggregate reports page (src/pages/reports.rs) and its worker
//! (src/bin/reports_worker.rs), both sides reading and writing them here.

#![allow(
    clippy::disallowed_methods,
    reason = "read by the reports page and its worker, which have room under the budget (docs/size.md)"
)]

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::{field, obj};

/// What the page asks of the worker. Encoded by hand: the file's bytes cross as an
/// `ArrayBuffer` handed over (transferred, not copied), which a serde-tagged enum cannot carry
/// (it reads a message into its own buffer before it looks at the `kind`).
#[derive(Clone, Debug)]
pub enum ToReader {
    /// `{kind: "read", name, bytes}`: read one file, add it to the totals. `bytes` is `None`
    /// when what came is not an `ArrayBuffer` (the worker answers with an error).
    Read {
        name: String,
        bytes: Option<js_sys::ArrayBuffer>,
    },
    /// `{kind: "reset"}`: forget every file read.
    Reset,
}

impl ToReader {
    pub fn to_js(&self) -> JsValue {
        match self {
            ToReader::Read { name, bytes } => obj(&[
                ("kind", &"read".into()),
                ("name", &name.as_str().into()),
                (
                    "bytes",
                    &bytes
                        .clone()
                        .map(JsValue::from)
                        .unwrap_or(JsValue::UNDEFINED),
                ),
            ]),
            ToReader::Reset => obj(&[("kind", &"reset".into())]),
        }
    }

    /// The request in a message's `data`; `None` for anything else.
    pub fn from_js(data: &JsValue) -> Option<ToReader> {
        match field(data, "kind").as_string().as_deref() {
            Some("read") => Some(ToReader::Read {
                name: field(data, "name").as_string().unwrap_or_default(),
                bytes: field(data, "bytes").dyn_into::<js_sys::ArrayBuffer>().ok(),
            }),
            Some("reset") => Some(ToReader::Reset),
            _ => None,
        }
    }
}

/// What the worker answers, tagged by `kind` (`start`, `file`, `error`). `F` is a file read
/// with the totals so far: the worker writes it from the engine's types, the page reads it into
/// its own view structs (owned strings, only the fields it shows).
///
/// Written by serde; read by [`FromReader::from_js`], not by serde's `Deserialize`: serde reads
/// a tagged enum by copying the whole message into a buffer of its own first, whose code costs
/// the reports page 13 KB (brotli) of its first load.
#[derive(Serialize, Clone, Debug)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum FromReader<F> {
    /// Reading the file `name` started.
    Start { name: String },
    /// A file read.
    File(F),
    /// The file `name` came without its bytes.
    Error { name: String },
}

impl<F: DeserializeOwned> FromReader<F> {
    /// The answer in a message's `data`, by its `kind` first: a `file` is then read straight into
    /// `F` (the `kind` beside its fields is ignored). `None` for a `kind` it does not know; `Err`:
    /// a `file` that is not an `F`.
    pub fn from_js(data: JsValue) -> Option<Result<FromReader<F>, serde_wasm_bindgen::Error>> {
        let name = || field(&data, "name").as_string().unwrap_or_default();
        match field(&data, "kind").as_string().as_deref() {
            Some("start") => Some(Ok(FromReader::Start { name: name() })),
            Some("error") => Some(Ok(FromReader::Error { name: name() })),
            Some("file") => Some(serde_wasm_bindgen::from_value(data).map(FromReader::File)),
            _ => None,
        }
    }
}
