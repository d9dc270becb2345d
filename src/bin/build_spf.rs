//! The page of the SPF record builder (`?view=build-spf`): its own wasm module.
#![forbid(unsafe_code)]

fn main() {
    authlens_web::app::mount(
        "build-spf",
        authlens_engine::findings::info,
        authlens_web::pages::build::spf::SpfBuilderPage,
    );
}
