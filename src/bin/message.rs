//! The message check (`?view=message`): its own wasm module.
#![forbid(unsafe_code)]

fn main() {
    authlens_web::app::mount(
        "message",
        authlens_engine::findings::message_brief,
        authlens_web::pages::message::MessagePage,
    );
}
