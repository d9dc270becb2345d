//! Two resolvers side by side: every answer of the inspection asked again of the second
//! resolver, and the ones that differ.

use authlens_engine::domain::compare::{Comparison, Said};
use leptos::prelude::*;

fn said_view(s: Said) -> impl IntoView {
    view! {
        <div class="al-compare__said">
            <span class="al-code">{s.status.to_ascii_uppercase()}</span>
            {s.ttl.map(|t| view! { <span class="al-muted">{format!(" TTL {t}")}</span> })}
            {(!s.records.is_empty()).then(|| view! {
                <ul class="al-compare__records">
                    {s.records.into_iter().map(|r| view! { <li><code>{r}</code></li> }).collect_view()}
                </ul>
            })}
        </div>
    }
}

#[component]
pub fn CompareCard(result: Result<Comparison, String>) -> impl IntoView {
    let c = match result {
        Ok(c) => c,
        Err(e) => {
            return view! {
                <section class="al-card al-compare" aria-labelledby="al-compare-title">
                    <h2 class="al-card__title" id="al-compare-title">"Two resolvers"</h2>
                    <p class="al-alert al-alert--error">{e}</p>
                </section>
            }
            .into_any()
        }
    };
    let verdict = if c.differences.is_empty() {
        format!(
            "{} and {} agree on all {} answers",
            c.first, c.second, c.compared
        )
    } else {
        format!(
            "{} of {} answers differ between {} and {}",
            c.differences.len(),
            c.compared,
            c.first,
            c.second
        )
    };
    let status = if c.differences.is_empty() {
        "ok"
    } else {
        "warning"
    };
    let (first, second) = (c.first.clone(), c.second.clone());
    let count = c.differences.len().to_string();
    view! {
        <section class="al-card al-compare" aria-labelledby="al-compare-title" data-differences=count>
            <header class="al-card__header">
                <h2 class="al-card__title" id="al-compare-title">"Two resolvers"</h2>
                <span class=format!("al-verdict al-verdict--{status}")>{verdict}</span>
            </header>
            {(!c.differences.is_empty()).then(|| view! {
                <p class="al-muted">"A difference usually means a change that has not reached every resolver yet (wait for the old TTL to pass), or a resolver that filters or rewrites answers."</p>
                <table class="al-compare__table">
                    <thead>
                        <tr><th scope="col">"Question"</th><th scope="col">{first.clone()}</th><th scope="col">{second.clone()}</th></tr>
                    </thead>
                    <tbody>
                        {c.differences.into_iter().map(|d| view! {
                            <tr class="al-compare__diff" data-name=d.name.clone()>
                                <th scope="row"><code>{d.name.clone()}</code>" "{d.rtype.as_str()}<br/><span class="al-muted">{d.what.clone()}</span></th>
                                <td>{said_view(d.first)}</td>
                                <td>{said_view(d.second)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(!c.unanswered.is_empty()).then(|| view! {
                <p class="al-muted">{format!("Not compared (the second resolver did not answer): {}", c.unanswered.join(", "))}</p>
            })}
        </section>
    }
    .into_any()
}
