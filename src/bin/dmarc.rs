//! The page of the DMARC record wizard (`?view=dmarc`): its own wasm module.
#![forbid(unsafe_code)]

fn main() {
    authlens_web::app::mount(
        "dmarc",
        authlens_engine::findings::info,
        authlens_web::pages::dmarc_wizard::DmarcWizard,
    );
}
