//! The `dns-*` codes named in a DNS failure's text, each as visible text beside its explanation.
//!
//! A temporary failure reaches the page as words inside a protocol's finding (`spf-dns-error`,
//! `dkim-dns-error`, ...) or a lookup's status; the transport wrote the code of each fault it met
//! at the end of its part of the text (`... (dns-rate-limited); retried on ... (dns-timeout)`).
//! This lists them, with their title and what to do (why it matters on request, drawn by the
//! domain page's second module), so that a timeout reads differently from a rate limit and either
//! can be searched for.

use authlens_engine::dns::doh::fault::Fault;
use leptos::prelude::*;

use super::tool::ToolName;

#[component]
pub fn DnsFaults(text: String) -> impl IntoView {
    let faults = Fault::codes_in(&text);
    (!faults.is_empty()).then(|| {
        view! {
            <ul class="al-dns-faults">
                {faults
                    .into_iter()
                    .map(|f| {
                        let i = f.head();
                        view! {
                            <li class="al-dns-fault" data-fault-code=i.code>
                                <code class="al-code">{i.code}</code>
                                " "
                                <strong class="al-dns-fault__title">{i.title}</strong>
                                " "
                                <span class="al-dns-fault__fix"><strong>"Fix: "</strong>{i.suggestion}</span>
                                <super::tool::ToolDetails class="al-dns-fault__more" summary="Why" about=i.title name=ToolName::Finding inputs=vec![("code", i.code.to_string())]/>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
