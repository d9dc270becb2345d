# authlens — every command a developer or CI needs. Each install step is skipped when done.
#   make run    install what is missing, serve the app on http://127.0.0.1:8080
#   make test   install what tests need, run every check (see README)
#   make build  release build into dist/ (static files only)
#   make size   release build, then each page's first load (brotli) against the size budget
#   make bench  release build, then timings in headless Chromium and of the CLI (see docs/benchmarks.md)
#   make fuzz   every fuzz target for FUZZ_SECONDS each (default 60; nightly, cargo-fuzz)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

TRUNK_VERSION := 0.21.14
WASM_BINDGEN_VERSION := 0.2.130
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export CHROMEDRIVER ?= /usr/bin/chromedriver
export RUSTUP_AUTO_INSTALL := 0

# The pages' release build (`make build`, the one CI measures and the e2e tests drive) compiles
# the standard library for size with nightly's build-std, panics as immediate traps: every page's
# first load is about 17 KB brotli smaller (docs/size.md). The nightly is the one cargo-fuzz
# uses; everything else (tests, clippy, the CLI, `make run`) builds on stable. SHA-256 and SHA-512
# are the `sha2` crate's compact software rounds (`sha2_backend_soft="compact"`): 2.9 KB brotli
# less on the message page, for a DKIM check of a 1 MB message that stays far under its 30 ms.
NIGHTLY := nightly
WEB_RELEASE_ENV := RUSTUP_TOOLCHAIN=$(NIGHTLY) CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  RUSTFLAGS="--cfg erase_components --cfg sha2_backend_soft=\"compact\" -Zunstable-options -Cpanic=immediate-abort"

.PHONY: help node-tools tools test-tools run build size size-check bench fuzz test fmt-check lint-build-step test-build-step clippy test-native test-wasm test-e2e engine-deps fixture-bin

help:
	@sed -n '2,8p' Makefile

# ---- tools ---------------------------------------------------------------------------------
# wasm-opt from npm's binaryen 132 (Debian's 108 breaks the module), terser and csso for the
# post-build step (web/build/), ESLint for its lint, playwright-core for e2e.
node-tools:
	@[ node_modules/.package-lock.json -nt package-lock.json ] \
	  || npm ci --no-audit --no-fund --loglevel=error

tools: node-tools
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@trunk --version 2>/dev/null | grep -qx 'trunk $(TRUNK_VERSION)' \
	  || cargo install trunk --version $(TRUNK_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN_VERSION)' \
	  || cargo install --locked wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) \
	  || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@cargo fetch --locked --quiet
	@# nightly with the standard library's source and the wasm target, for the release build.
	@rustup run $(NIGHTLY) rustc --version >/dev/null 2>&1 \
	  || RUSTUP_AUTO_INSTALL=1 rustup toolchain install $(NIGHTLY) --profile minimal
	@rustup component list --toolchain $(NIGHTLY) --installed | grep -q '^rust-src' \
	  || rustup component add --toolchain $(NIGHTLY) rust-src
	@rustup target list --toolchain $(NIGHTLY) --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add --toolchain $(NIGHTLY) wasm32-unknown-unknown
	@# Trunk builds offline: fetch the crates the standard library's build needs.
	@cargo +$(NIGHTLY) fetch --locked --quiet --manifest-path \
	  "$$(rustc +$(NIGHTLY) --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"

test-tools: tools
	@pkgs="chromium chromium-driver brotli openssl python3-venv"; \
	  dpkg -s $$pkgs >/dev/null 2>&1 \
	  || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$pkgs; }

# ---- app -------------------------------------------------------------------------------------
run: tools
	trunk serve --locked

build: tools
	@rustc +$(NIGHTLY) -Zunstable-options -Cpanic=immediate-abort --print cfg \
	    --target wasm32-unknown-unknown >/dev/null 2>&1 \
	  || { echo "make build: the $(NIGHTLY) toolchain has no -Cpanic=immediate-abort (nightlies" \
	       "from September 2025 on have it): rustup update $(NIGHTLY)"; exit 1; }
	$(WEB_RELEASE_ENV) trunk build --release --locked

size: build size-check

# The first load of every page, brotli-compressed, against the budget (tests/scripts/size.mjs).
size-check:
	node tests/scripts/size.mjs

# nginx is the HTTP/2 front of the fixture in the inspection benchmark (tests/bench/h2-nginx.mjs);
# the fixture is built optimized so that the benchmarks time the page and the CLI, not it.
bench: test-tools build
	@dpkg -s nginx >/dev/null 2>&1 \
	  || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx; }
	cargo build --profile native -p authlens-cli --locked --quiet
	cargo build --release -p authlens-doh-fixture --locked --quiet
	export DOH_FIXTURE_BIN=$${CARGO_TARGET_DIR:-target}/release/doh-fixture; \
	node tests/bench/message.mjs; \
	node tests/bench/inspect.mjs; \
	node tests/bench/reports.mjs; \
	node tests/bench/cli-vs-python.mjs

# The fuzz targets one after the other (fuzz/run.sh; fuzz/README.md). Not part of `make test`.
FUZZ_SECONDS ?= 60
fuzz:
	fuzz/run.sh $(FUZZ_SECONDS)

# ---- checks ----------------------------------------------------------------------------------
test: test-tools fmt-check lint-build-step test-build-step clippy engine-deps test-native test-wasm build size-check test-e2e
	@echo "make test: every check passed"

fmt-check:
	cargo fmt --all -- --check

# The release build's post-build step (web/build/, Trunk's post_build hook): ESLint over it
# (web/build/eslint.config.mjs), and the unit test of the page's loader, which runs loader.js
# as the module script it is, in a node:vm module: node's --experimental-vm-modules.
lint-build-step: node-tools
	eslint --max-warnings 0 web/build/

test-build-step: node-tools
	node --experimental-vm-modules --disable-warning=ExperimentalWarning --test web/build/

clippy:
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p authlens-web -p authlens-engine --all-targets --locked -- -D warnings

# The engine must not depend on anything web or network (docs/architecture.md), on any target:
# a crate can bring js-sys and wasm-bindgen to wasm32 only (the `cfb` crate does, through web-time).
engine-deps:
	@if cargo tree -p authlens-engine -e normal --target all --prefix none --locked \
	    | grep -E '^(leptos|web-sys|js-sys|gloo|wasm-bindgen|reqwest|ureq|hyper|tokio) '; then \
	  echo "authlens-engine must not depend on the crates above"; exit 1; fi

test-native:
	cargo test --workspace --exclude authlens-web --locked
	cargo test -p authlens-web --lib --locked

fixture-bin:
	cargo build -p authlens-doh-fixture --locked --quiet

test-wasm: fixture-bin
	tests/scripts/with-fixture.sh cargo test -p authlens-web --target wasm32-unknown-unknown --test web --locked

test-e2e: fixture-bin
	node --test tests/e2e/
