//! Helpers shared by the CLI tests: the fixture server and running the binary.
#![allow(dead_code)]

use std::process::Command;

use authlens_doh_fixture::{load_zone_dir, load_zone_file, Options, Server};

/// The DoH fixture server on every zone of `tests/fixtures/zones`, with an optional delay.
pub fn server_with_delay(delay_ms: u64) -> Server {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    Server::start(
        load_zone_dir(&fixtures.join("zones")).expect("fixture zones load"),
        Options {
            delay_ms,
            cloudflare_zone: Some(
                load_zone_file(&fixtures.join("cloudflare.yaml")).expect("cloudflare zone loads"),
            ),
            files: Some(fixtures.join("files")),
            ..Options::default()
        },
    )
    .unwrap()
}

pub fn server() -> Server {
    server_with_delay(0)
}

/// Runs `authlens` and returns its exit code, stdout and stderr.
pub fn authlens(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_authlens"))
        .args(args)
        .output()
        .expect("authlens runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
