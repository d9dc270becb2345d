//! "What if": edit the record, or paste a draft, and see the tree and counts as they would be.
//! Drawn by `inspect_tools` inside the SPF card's "What if" ([`super::tool`]).

use authlens_engine::spf::tree::{inspect_with, Tree};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

use super::findings::FindingsList;
use super::spf_card::LookupMeter;
use super::spf_tree::SpfTreeView;
use crate::dns::resolver_for;
use crate::settings::use_provider;

#[component]
pub fn SpfWhatIf(domain: String, draft: String) -> impl IntoView {
    let text = RwSignal::new(draft);
    let tree = RwSignal::new(None::<Tree>);
    let busy = RwSignal::new(false);
    let provider = use_provider();
    let generation = StoredValue::new(0u64);
    let domain = StoredValue::new(domain);
    let evaluate = move || {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        // Wait for a pause in typing before resolving includes.
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                busy.set(true);
                let draft = text.get_untracked();
                let d = domain.get_value();
                let resolver = resolver_for(&provider.get_untracked());
                spawn_local(async move {
                    let t = inspect_with(&*resolver, &d, Some(draft.trim())).await;
                    if generation.get_value() == mine {
                        tree.set(Some(t));
                        busy.set(false);
                    }
                });
            },
            Duration::from_millis(350),
        );
    };
    // Drawn when "What if" is opened: the record as it is, evaluated at once.
    evaluate();
    view! {
        <label class="al-whatif__label" for="al-whatif-text">"Draft SPF record"</label>
        <textarea
            id="al-whatif-text"
            class="al-whatif__text"
            rows="3"
            spellcheck="false"
            bind:value=text
            on:input=move |_| evaluate()
        ></textarea>
        <div class="al-whatif__result" data-status=move || if busy.get() { "loading" } else { "done" }>
            {move || tree.get().map(|t| view! {
                <LookupMeter lookups=t.lookups max=t.max_lookups voids=t.void_lookups max_void=t.max_void_lookups/>
                <FindingsList findings=t.findings.clone()/>
                <SpfTreeView tree=t/>
            })}
        </div>
    }
}
