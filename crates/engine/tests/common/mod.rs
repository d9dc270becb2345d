//! What several test files share.

#![allow(
    clippy::disallowed_methods,
    reason = "tests are in no page: the size rules do not apply"
)]

use authlens_engine::dns::zone::Zone;

/// Every fixture zone file (tests/fixtures/zones/*.yaml) in one zone, as the DoH fixture serves
/// them to the page.
pub fn zones() -> Zone {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/zones");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut zone = Zone::new();
    for f in files {
        zone.merge(Zone::from_yaml(&std::fs::read_to_string(&f).unwrap()).unwrap());
    }
    zone
}
