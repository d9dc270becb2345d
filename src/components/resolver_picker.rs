//! The choice of DoH resolver: Google, Cloudflare, or a URL of the user's.

use authlens_engine::dns::doh::Provider;
use leptos::prelude::*;

/// Which option the select shows for a provider.
fn option_of(p: &Provider) -> &'static str {
    match p {
        Provider::Google => "google",
        Provider::Cloudflare => "cloudflare",
        Provider::Custom(_) => "custom",
    }
}

#[component]
pub fn ResolverPicker(provider: RwSignal<Provider>) -> impl IntoView {
    let choice = RwSignal::new(option_of(&provider.get_untracked()).to_string());
    let custom_url = RwSignal::new(match provider.get_untracked() {
        Provider::Custom(u) => u,
        _ => String::new(),
    });
    let url_error = RwSignal::new(None::<String>);

    let apply = move || {
        let picked = match choice.get_untracked().as_str() {
            "cloudflare" => Ok(Provider::Cloudflare),
            "custom" => Provider::parse(&custom_url.get_untracked()),
            _ => Ok(Provider::Google),
        };
        match picked {
            Ok(p) => {
                url_error.set(None);
                provider.set(p);
            }
            Err(e) => url_error.set(Some(e)),
        }
    };

    view! {
        <div class="al-resolver">
            <label class="al-resolver__label" for="al-resolver-select">"DNS resolver"</label>
            <select
                id="al-resolver-select"
                class="al-resolver__select"
                prop:value=move || choice.get()
                on:change:target=move |ev| {
                    choice.set(ev.target().value());
                    apply();
                }
            >
                <option value="google">"Google (dns.google)"</option>
                <option value="cloudflare">"Cloudflare (cloudflare-dns.com)"</option>
                <option value="custom">"Custom DoH JSON URL…"</option>
            </select>
            <Show when=move || choice.get() == "custom">
                <input
                    class="al-resolver__url"
                    type="url"
                    placeholder="https://resolver.example/dns-query"
                    aria-label="DoH JSON endpoint URL"
                    bind:value=custom_url
                    on:change=move |_| apply()
                />
            </Show>
            {move || url_error.get().map(|e| view! { <p class="al-resolver__error" role="alert">{e}</p> })}
        </div>
    }
}
