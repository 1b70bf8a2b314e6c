//! Browser tests of the desk's components in headless Chromium, against the real reference
//! server that `cargo xtask test` starts (its address is compiled in as `OMNI_TEST_API`).

#![cfg(target_arch = "wasm32")]

mod compose;
mod drafts;
mod email;
mod host_bridge;
mod list;
mod memory;
mod offers;
mod presence;
mod search;
mod session;
mod sign_in;
mod support;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[global_allocator]
static ALLOCATOR: memory::Counting = memory::Counting;
