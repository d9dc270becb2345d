//! The domain inspection page, the default view (no `?view=`): its own wasm module, so the first
//! page a visitor opens does not carry the message check, the builders or the reports.
#![forbid(unsafe_code)]

fn main() {
    authlens_web::app::mount(
        "",
        authlens_engine::findings::domain_brief,
        authlens_web::pages::inspect::InspectPage,
    );
}
