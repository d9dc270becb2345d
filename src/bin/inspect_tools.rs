//! The domain page's parts used only on request (test a sender, what if, a term's explanation,
//! the Public Suffix List comparison, the exports): a second module the page loader fetches the
//! first time one is used (src/components/tool.rs, src/tools.rs).
#![forbid(unsafe_code)]

fn main() {
    authlens_web::tools::start();
}
