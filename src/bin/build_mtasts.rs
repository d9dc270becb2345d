//! The page of the MTA-STS policy builder (`?view=build-mtasts`): its own wasm module.
#![forbid(unsafe_code)]

fn main() {
    authlens_web::app::mount(
        "build-mtasts",
        authlens_engine::findings::info,
        authlens_web::pages::build::mtasts::MtaStsBuilderPage,
    );
}
