//! The page's DNS transport (gloo-net `fetch`) and a component, in headless Chromium, against the
//! project's DoH fixture server. `make test` starts the server and passes its URL at build time in
//! `AUTHLENS_DOH_FIXTURE` (e.g. `http://127.0.0.1:18053`).

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests are in no page: the size rules do not apply"
)]
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::{DnsError, RData, RecordType, Resolver};
use authlens_engine::domain::inspect::RawLookup;
use authlens_web::dns::FetchResolver;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fixture() -> String {
    // Not env!: clippy and `cargo check` of the workspace must build without the server.
    match option_env!("AUTHLENS_DOH_FIXTURE") {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => panic!(
            "build the wasm tests with AUTHLENS_DOH_FIXTURE set to the fixture server's URL (make test does)"
        ),
    }
}

fn google() -> FetchResolver {
    FetchResolver::new(&format!("{}/resolve", fixture()), 5_000)
}

fn cloudflare() -> FetchResolver {
    FetchResolver::new(&format!("{}/dns-query", fixture()), 5_000)
}

fn texts(l: &authlens_engine::Lookup) -> Vec<String> {
    l.records
        .iter()
        .map(|r| match r {
            RData::Txt(t) => t.text(),
            o => o.presentation(),
        })
        .collect()
}

/// How many queries the fixture server saw for a name.
async fn logged(name: &str) -> usize {
    let log: serde_json::Value = gloo_net::http::Request::get(&format!("{}/_log", fixture()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    log.as_array()
        .unwrap()
        .iter()
        .filter(|q| q["name"] == name)
        .count()
}

#[wasm_bindgen_test]
async fn google_dialect_txt() {
    let l = google()
        .query("example.com", RecordType::Txt)
        .await
        .unwrap();
    assert!(
        texts(&l).contains(&"v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all".to_string())
    );
    assert!(l.authenticated, "AD bit");
    match &l.records[0] {
        RData::Txt(t) => assert!(!t.boundaries_known(), "Google joins strings"),
        o => panic!("{o:?}"),
    }
}

#[wasm_bindgen_test]
async fn cloudflare_dialect_keeps_strings_and_quotes() {
    let r = cloudflare();
    let l = r.query("split.example.net", RecordType::Txt).await.unwrap();
    match &l.records[0] {
        RData::Txt(t) => {
            assert_eq!(t.strings().len(), 2);
            assert_eq!(t.text(), "v=spf1 ip4:198.51.100.0/24 -all");
        }
        o => panic!("{o:?}"),
    }
    let l = r
        .query("quotes.example.org", RecordType::Txt)
        .await
        .unwrap();
    assert_eq!(texts(&l), vec![r#"note="quoted" value"#.to_string()]);
}

#[wasm_bindgen_test]
async fn nxdomain_nodata_and_cname_chains() {
    for r in [google(), cloudflare()] {
        let e = r
            .query("nope.example.com", RecordType::Txt)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), "nxdomain");
        let e = r
            .query("mail.example.com", RecordType::Txt)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), "nodata");
        let l = r
            .query("selector1._domainkey.contoso.example", RecordType::Txt)
            .await
            .unwrap();
        assert_eq!(
            l.cname_chain,
            vec!["selector1-contoso-example._domainkey.contoso.onmicrosoft.example"]
        );
        assert!(texts(&l)[0].starts_with("v=DKIM1; k=rsa;"));
        let mx = r.mx("example.com").await.unwrap();
        assert_eq!(mx.records[0].exchange, "mail.example.com");
    }
}

#[wasm_bindgen_test]
async fn http_faults_are_temporary_or_malformed() {
    let r = google();
    let e = r
        .query("http-503.example.com", RecordType::Txt)
        .await
        .unwrap_err();
    assert!(
        e.is_temporary() && e.to_string().contains("HTTP 503"),
        "{e}"
    );
    let e = r
        .query("http-429.example.com", RecordType::Txt)
        .await
        .unwrap_err();
    assert!(
        e.is_temporary() && e.to_string().contains("wait 1 s"),
        "{e}"
    );
    let e = r
        .query("malformed-json.example.com", RecordType::Txt)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "malformed", "{e}");
    let e = r
        .query("no-cors.example.com", RecordType::Txt)
        .await
        .unwrap_err();
    assert!(e.is_temporary() && e.to_string().contains("CORS"), "{e}");
}

#[wasm_bindgen_test]
async fn timeout_aborts_the_request() {
    let r = FetchResolver::new(&format!("{}/resolve", fixture()), 300);
    let e = r
        .query("slow.example.org", RecordType::Txt)
        .await
        .unwrap_err();
    assert!(e.is_temporary(), "{e}");
    assert!(
        matches!(&e, DnsError::Temporary { reason, .. } if reason.contains("300 ms")),
        "{e}"
    );
}

#[wasm_bindgen_test]
async fn session_cache_retries_once_and_shares_in_flight_queries() {
    let c = Rc::new(SessionCache::new(google()));
    // flaky-once answers 503 to the first query, then normally: the retry hides it.
    let l = c
        .query("flaky-once.example.com", RecordType::Txt)
        .await
        .unwrap();
    assert_eq!(texts(&l), vec!["v=spf1 -all".to_string()]);
    assert_eq!(logged("flaky-once.example.com").await, 2);

    let (a, b) = futures::future::join(
        c.query("dedup.example.org", RecordType::Txt),
        c.query("DEDUP.example.org.", RecordType::Txt),
    )
    .await;
    assert_eq!(a.unwrap(), b.unwrap());
    c.query("dedup.example.org", RecordType::Txt).await.unwrap();
    assert_eq!(
        logged("dedup.example.org").await,
        1,
        "one request for three questions"
    );
}

#[wasm_bindgen_test]
async fn lookup_card_renders_strings_chain_and_status() {
    use authlens_web::components::lookup_card::LookupCard;
    use leptos::prelude::*;

    let l = cloudflare()
        .query("selector1._domainkey.contoso.example", RecordType::Txt)
        .await;
    let lookup = RawLookup::from_result("selector1._domainkey.contoso.example", RecordType::Txt, l);
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let el: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(host.clone());
    let _handle =
        leptos::mount::mount_to(el, move || view! { <LookupCard lookup=lookup.clone()/> });
    let text = host.text_content().unwrap();
    assert!(
        text.contains("selector1._domainkey.contoso.example"),
        "{text}"
    );
    assert!(
        text.contains("→ selector1-contoso-example._domainkey.contoso.onmicrosoft.example"),
        "{text}"
    );
    assert!(text.contains("DKIM"), "{text}");
    assert_eq!(
        host.query_selector_all(".al-record__string")
            .unwrap()
            .length(),
        2
    );
    assert_eq!(
        host.query_selector(".al-lookup")
            .unwrap()
            .unwrap()
            .get_attribute("data-lookup-status")
            .as_deref(),
        Some("ok")
    );
}

/// The page reads DoH JSON from `JSON.parse`'s object as the CLI reads the text (serde_json):
/// the same answers, and where one refuses a body the other does too.
#[wasm_bindgen_test]
fn js_answers_are_read_as_the_cli_reads_them() {
    let bodies = [
        r#"{"Status":0,"TC":false,"AD":true,"Answer":[{"name":"a.example.","type":16,"TTL":300,"data":"\"v=spf1 -all\""}]}"#,
        r#"{"Status":3}"#,
        r#"{"Status":0,"Answer":null,"AD":null,"extra":{"x":[1,2]}}"#,
        r#"{"Status":0,"Answer":[{"name":"a.example","type":1,"data":"192.0.2.1"},{"name":"a.example","type":1,"TTL":0,"data":"192.0.2.2"}]}"#,
        r#"{"Status":0,"Answer":[{"name":"a.example","type":5,"data":"b.example."},{"name":"b.example","type":1,"data":"192.0.2.3"}]}"#,
        r#"{}"#,
        r#"{"Status":"0"}"#,
        r#"{"Status":-1}"#,
        r#"{"Status":1.5}"#,
        r#"{"Status":4294967296}"#,
        r#"{"Status":0,"AD":1}"#,
        r#"{"Status":0,"Answer":{}}"#,
        r#"{"Status":0,"Answer":[1]}"#,
        r#"{"Status":0,"Answer":[{"name":"a.example","type":65536,"data":"192.0.2.1"}]}"#,
        r#"{"Status":0,"Answer":[{"name":"a.example","TTL":4294967296,"type":1,"data":"192.0.2.1"}]}"#,
        r#"{"Status":0,"Answer":[{"name":"a.example","type":1,"data":5}]}"#,
        r#"{"Status":0,"Answer":[{"name":["a"],"type":1,"data":"192.0.2.1"}]}"#,
        r#"[]"#,
        r#""text""#,
        r#"7"#,
    ];
    // (read by both and decoded the same way, refused by both)
    let (mut same, mut refused) = (0, 0);
    for body in bodies {
        let theirs = authlens_engine::dns::doh::decode_json(body, "a.example", RecordType::A);
        let value = js_sys::JSON::parse(body).unwrap();
        match authlens_web::dns::message_from_js(&value) {
            Ok(m) => {
                let ours = authlens_engine::dns::doh::decode(&m, "a.example", RecordType::A);
                assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "{body}");
                same += 1;
            }
            Err(e) => {
                assert!(
                    theirs.is_err(),
                    "{body}: page refuses it ({e}), the CLI reads it"
                );
                assert!(!e.is_empty());
                refused += 1;
            }
        }
    }
    assert_eq!((same, refused), (6, 14));
}

/// The DKIM key generator's messages read back as they were written, and an answer that lacks
/// a field is read as an error for its request (the worker and the page share these types).
#[wasm_bindgen_test]
fn keygen_messages_round_trip() {
    use authlens_engine::dkim::keygen::{KeyMaterial, KeyType};
    use authlens_web::worker::keygen::{KeygenReply, KeygenRequest};

    let ask = KeygenRequest::Make {
        id: 7,
        key_type: Some(KeyType::Ed25519),
        bits: 2048,
    };
    let js = ask.to_js();
    assert_eq!(
        js_sys::Reflect::get(&js, &"kind".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("make")
    );
    assert_eq!(KeygenRequest::from_js(&js), Some(ask));
    assert_eq!(KeygenRequest::from_js(&"make".into()), None);

    let key = KeyMaterial {
        public_key: vec![1, 2, 3],
        public_key_pem: "PUBLIC".into(),
        private_key_pem: "PRIVATE".into(),
        bits: 256,
    };
    let js = KeygenReply::Key { id: 7, key }.to_js();
    let back = KeygenReply::from_js(&js).expect("an id");
    assert_eq!(back.id(), 7);
    let key = back.into_key().expect("a key");
    assert_eq!(key.public_key, vec![1, 2, 3]);
    assert_eq!(
        (key.public_key_pem.as_str(), key.private_key_pem.as_str()),
        ("PUBLIC", "PRIVATE")
    );
    assert_eq!(key.bits, 256);

    let _ = js_sys::Reflect::set(&js, &"private_key_pem".into(), &"".into());
    let back = KeygenReply::from_js(&js).expect("an id");
    assert_eq!(back.id(), 7);
    assert_eq!(
        back.into_key().unwrap_err(),
        "the key generator's answer could not be read"
    );

    let js = KeygenReply::Error {
        id: 8,
        random: true,
        message: "no randomness".into(),
    }
    .to_js();
    let back = KeygenReply::from_js(&js).expect("an id");
    assert!(matches!(
        back,
        KeygenReply::Error {
            id: 8,
            random: true,
            ..
        }
    ));
    assert_eq!(back.into_key().unwrap_err(), "no randomness");
}

/// The reports page's requests read back as they were written: the file's bytes are the same
/// `ArrayBuffer`, and a read without one is still a read of that name.
#[wasm_bindgen_test]
fn reports_requests_round_trip() {
    use authlens_web::worker::reports::ToReader;

    let buf = js_sys::ArrayBuffer::new(4);
    let js = ToReader::Read {
        name: "a.xml".into(),
        bytes: Some(buf.clone()),
    }
    .to_js();
    match ToReader::from_js(&js) {
        Some(ToReader::Read {
            name,
            bytes: Some(b),
        }) => {
            assert_eq!(name, "a.xml");
            assert!(js_sys::Object::is(&b, &buf));
        }
        other => panic!("not the read written: {other:?}"),
    }
    let js = ToReader::Read {
        name: "b.xml".into(),
        bytes: None,
    }
    .to_js();
    assert!(matches!(
        ToReader::from_js(&js),
        Some(ToReader::Read { name, bytes: None }) if name == "b.xml"
    ));
    assert!(matches!(
        ToReader::from_js(&ToReader::Reset.to_js()),
        Some(ToReader::Reset)
    ));
    assert!(ToReader::from_js(&js_sys::Object::new().into()).is_none());
}

/// The reports worker's answers, tagged by `kind` as serde writes them, read back by the page's
/// own view of a file.
#[wasm_bindgen_test]
fn reports_answers_are_tagged_by_kind() {
    use authlens_web::worker::reports::FromReader;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize)]
    struct Start {
        name: String,
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct File {
        name: String,
        messages: u64,
        share: f64,
        published: Option<String>,
    }
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    let file = FromReader::File(File {
        name: "a.xml".into(),
        messages: 3,
        share: 0.5,
        published: None,
    });
    let js = file.serialize(&ser).unwrap();
    assert_eq!(
        js_sys::Reflect::get(&js, &"kind".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("file")
    );
    assert_eq!(
        js_sys::Reflect::get(&js, &"messages".into())
            .unwrap()
            .as_f64(),
        Some(3.0)
    );
    let back = FromReader::<File>::from_js(js).unwrap().unwrap();
    assert!(
        matches!(back, FromReader::File(f) if f == File { name: "a.xml".into(), messages: 3, share: 0.5, published: None })
    );
    let js = FromReader::<File>::Start {
        name: "b.xml".into(),
    }
    .serialize(&ser)
    .unwrap();
    let back = FromReader::<File>::from_js(js).unwrap().unwrap();
    assert!(matches!(back, FromReader::Start { name } if name == "b.xml"));
    // A file that is not what the page reads is an error; a kind it does not know, nothing.
    let js = FromReader::File(Start {
        name: "c.xml".into(),
    })
    .serialize(&ser)
    .unwrap();
    assert!(FromReader::<File>::from_js(js).unwrap().is_err());
    let js = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&js, &"kind".into(), &"ready".into());
    assert!(FromReader::<File>::from_js(js.into()).is_none());
}

/// The page's verifier (WebCrypto) gives every DKIM verdict the engine's pure-Rust one gives, on
/// dkimpy's messages (RSA with SHA-256 and, allowed, SHA-1; Ed25519; a 1024-bit key; every
/// tampering) and RFC 8463's example (its keys: an SPKI RSA key and a raw Ed25519 one).
#[wasm_bindgen_test]
async fn webcrypto_gives_the_verdicts_of_rust_crypto() {
    use authlens_engine::crypto::RustCrypto;
    use authlens_engine::dkim::{verify_message, Options, SignatureResult};
    use authlens_engine::dns::zone::Zone;
    use authlens_engine::message;
    use authlens_web::crypto::WebCrypto;

    macro_rules! dkimpy {
        ($($name:literal),*) => {
            [$(($name, &include_bytes!(concat!("data/dkim/dkimpy/", $name, ".eml"))[..])),*]
        };
    }
    let messages = dkimpy!(
        "ed25519-relaxed-relaxed",
        "ed25519-simple-simple",
        "length",
        "length-appended",
        "revoked",
        "rsa-1024",
        "rsa-relaxed-relaxed",
        "rsa-sha1",
        "rsa-simple-simple",
        "tamper-body",
        "tamper-header-case-relaxed",
        "tamper-header-case-simple",
        "tamper-key-swap",
        "tamper-subject"
    );
    let rfc8463 = Zone::from_yaml(
        r#"
brisbane._domainkey.football.example.com:
  - TXT: "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
test._domainkey.football.example.com:
  - TXT: "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB"
"#,
    )
    .unwrap();
    let dkimpy = Zone::from_yaml(include_str!("data/dkim/dkimpy/keys.yaml")).unwrap();
    let cases = messages
        .iter()
        .map(|(name, eml)| (*name, *eml, &dkimpy))
        .chain([(
            "rfc8463-a3",
            &include_bytes!("data/dkim/rfc8463-a3.eml")[..],
            &rfc8463,
        )]);
    let opts = Options {
        now: Some(1_800_000_000),
        allow_sha1: true,
    };
    let words = |r: &[SignatureResult]| -> Vec<(String, &'static str, Option<&'static str>)> {
        r.iter()
            .map(|s| (s.algorithm.unwrap_or("").to_string(), s.result, s.reason))
            .collect()
    };
    // dkimpy's own verdicts (sha1 allowed, as dkimpy does), RFC 8463's two passes.
    let manifest: std::collections::BTreeMap<String, String> =
        serde_json::from_str(include_str!("data/dkim/dkimpy/manifest.json")).unwrap();
    let mut passed: Vec<String> = Vec::new();
    for (name, eml, zone) in cases {
        let msg = message::parse(eml);
        let web = verify_message(zone, &WebCrypto, &msg, &opts).await;
        let rust = verify_message(zone, &RustCrypto, &msg, &opts).await;
        assert!(!web.is_empty(), "{name}");
        assert_eq!(words(&web), words(&rust), "{name}");
        let want = manifest.get(name).map_or("pass", |w| w.as_str());
        for s in &web {
            let ours = if s.result == "pass" { "pass" } else { "fail" };
            assert_eq!(ours, want, "{name}: {}", s.detail);
        }
        passed.extend(
            web.iter()
                .filter(|s| s.result == "pass")
                .map(|s| s.algorithm.unwrap_or("").to_string()),
        );
    }
    // Each algorithm passed somewhere.
    for alg in ["rsa-sha256", "rsa-sha1", "ed25519-sha256"] {
        assert!(passed.iter().any(|a| a == alg), "{alg}: {passed:?}");
    }
}
