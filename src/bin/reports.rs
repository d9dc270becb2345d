//! The aggregate reports page (`?view=reports`): its own wasm module. The reading itself runs in
//! another, the `reports_worker` Web Worker.
#![forbid(unsafe_code)]

fn main() {
    authlens_web::app::mount(
        "reports",
        authlens_engine::findings::info,
        authlens_web::pages::reports::ReportsPage,
    );
}
