//! Page-wide settings shared through context: the DoH provider chosen by the user.

use authlens_engine::dns::doh::Provider;
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct ProviderSetting(RwSignal<Provider>);

/// Makes the provider signal available to every component below.
pub fn provide_provider(p: RwSignal<Provider>) {
    provide_context(ProviderSetting(p));
}

/// The provider signal; read it with `get_untracked()` before spawning a task (tasks have no
/// reactive owner, so they cannot look up context themselves).
pub fn use_provider() -> RwSignal<Provider> {
    match use_context::<ProviderSetting>() {
        Some(ProviderSetting(p)) => p,
        None => RwSignal::new(Provider::Google),
    }
}
