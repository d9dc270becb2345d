//! The page of the DKIM key pair generator (`?view=build-dkim`): its own wasm module.
#![forbid(unsafe_code)]

fn main() {
    authlens_web::app::mount(
        "build-dkim",
        authlens_engine::findings::dkim_key_info,
        authlens_web::pages::build::dkim::DkimKeygenPage,
    );
}
