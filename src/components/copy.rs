//! A copy button: copies a text to the clipboard and says so.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::url::copy_to_clipboard;

#[component]
pub fn CopyButton(
    /// What is copied.
    text: String,
    /// What the button says it copies, for screen readers ("Copy the SPF record").
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let state = RwSignal::new(None::<bool>);
    let click = move |_| {
        let t = text.clone();
        spawn_local(async move {
            state.set(Some(copy_to_clipboard(&t).await));
        });
    };
    view! {
        <button class="al-copy" type="button" aria-label=label.clone() title=label on:click=click>
            {move || match state.get() {
                None => "Copy",
                Some(true) => "Copied",
                Some(false) => "Copy failed",
            }}
        </button>
    }
}
