//! authlens in the browser: a Leptos client-side app over the engine.
//!
//! Components show what the engine computed; they hold no protocol logic.

#![forbid(unsafe_code)]

pub mod app;
pub mod components;
pub mod crypto;
pub mod dns;
pub mod export;
pub mod pages;
pub mod settings;
pub mod text;
pub mod tools;
pub mod url;
pub mod worker;
