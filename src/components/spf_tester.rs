//! "Test a sender": evaluate SPF for an IP, envelope sender and HELO, and show the trace. Drawn by
//! `inspect_tools` inside the SPF card's "Test a sender" ([`super::tool`]).

use authlens_engine::spf::{check_mail_from, Evaluation, Options};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::dns::resolver_for;
use crate::settings::use_provider;

#[component]
pub fn SpfTester(domain: String) -> impl IntoView {
    let ip = RwSignal::new(String::new());
    let sender = RwSignal::new(format!("postmaster@{domain}"));
    let helo = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<Evaluation, String>>);
    let busy = RwSignal::new(false);
    let provider = use_provider();
    let run = move || {
        let parsed = ip.get_untracked().trim().parse::<std::net::IpAddr>();
        let Ok(addr) = parsed else {
            result.set(Some(Err(format!(
                "“{}” is not an IPv4 or IPv6 address",
                ip.get_untracked().trim()
            ))));
            return;
        };
        busy.set(true);
        let (s, h) = (sender.get_untracked(), helo.get_untracked());
        let resolver = resolver_for(&provider.get_untracked());
        spawn_local(async move {
            let opts = Options {
                now: (js_sys::Date::now() / 1000.0) as u64,
                ..Options::default()
            };
            let e = check_mail_from(&*resolver, addr, &s, &h, &opts).await;
            result.set(Some(Ok(e)));
            busy.set(false);
        });
    };
    view! {
        <form class="al-tester__form" on:submit=move |ev| { ev.prevent_default(); run(); }>
            <label>"Client IP" <input class="al-input" name="ip" placeholder="192.0.2.1" bind:value=ip required/></label>
            <label>"Envelope sender (MAIL FROM)" <input class="al-input" name="sender" bind:value=sender/></label>
            <label>"HELO name" <input class="al-input" name="helo" placeholder="mail.example.com" bind:value=helo/></label>
            <button class="al-button" type="submit">"Evaluate"</button>
        </form>
        <div class="al-tester__result" data-status=move || if busy.get() { "loading" } else if result.with(|r| r.is_some()) { "done" } else { "idle" }>
            {move || result.get().map(|r| match r {
                Err(e) => view! { <p class="al-alert al-alert--error" role="alert">{e}</p> }.into_any(),
                Ok(e) => view! {
                    <p class="al-tester__verdict">
                        <span class=format!("al-result-word al-result-word--{}", e.result.as_str())>{e.result.as_str()}</span>
                        " " {authlens_engine::dns::doh::fault::Fault::without_codes(&e.reason)}
                    </p>
                    <super::dns_faults::DnsFaults text=e.reason.clone()/>
                    {e.exp.clone().map(|d| view! {
                        <p class="al-tester__exp">
                            {format!("Explanation (exp= at {d}): ")}
                            {e.explanation.clone().unwrap_or_else(|| "none published there".into())}
                        </p>
                    })}
                    <p class="al-tester__counts">{format!("{}/10 DNS lookups, {}/2 void lookups, {} DNS quer{}", e.lookups, e.void_lookups, e.queries, if e.queries == 1 { "y" } else { "ies" })}</p>
                    <ol class="al-trace">
                        {e.trace.into_iter().map(|s| view! {
                            <li class="al-trace__step" style=format!("--depth: {}", s.depth)>
                                <span class="al-trace__domain">{s.domain}</span>
                                {s.term.map(|t| view! { <code class="al-trace__term">{t}</code> })}
                                {s.target.map(|t| view! { <span class="al-trace__target">" → " <code>{t}</code></span> })}
                                <span class=format!("al-trace__detail{}", match s.matched { Some(true) => " al-trace__detail--match", _ => "" })>{s.detail}</span>
                                <span class="al-trace__counts">{format!("{}/10 · {}/2", s.lookups, s.void_lookups)}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
            })}
        </div>
    }
}
