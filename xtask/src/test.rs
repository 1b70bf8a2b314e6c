//! `cargo xtask test`: every check CI runs, in order of cost, failing fast.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::{
    build,
    shell::{self, cargo, run, scratch_dir, step},
    tools,
};

pub fn test() -> Result<()> {
    let started = Instant::now();
    step("tools", || {
        tools::ensure_build_tools()?;
        tools::ensure_browser()
    })?;
    step("cargo fmt --check", || {
        run("cargo fmt", cargo().args(["fmt", "--all", "--", "--check"]))
    })?;
    step("clippy (native)", || {
        run(
            "clippy",
            cargo().args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        )
    })?;
    step("clippy (wasm32, the desk and its browser tests)", || {
        run(
            "clippy wasm32",
            cargo().args([
                "clippy",
                "-p",
                "omni-desk",
                "--target",
                tools::WASM_TARGET,
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        )
    })?;
    step("native tests", || {
        run(
            "cargo test",
            cargo().args(["test", "--workspace", "--exclude", "omni-e2e"]),
        )
    })?;
    step("build the server", || build::ServerBuild::Dev.build())?;
    step(
        "browser tests (wasm-bindgen-test, headless Chromium)",
        browser_tests,
    )?;
    step("build the desk (release)", build::release_desk)?;
    step(
        "end-to-end tests (release desk, real server, Chromium)",
        || {
            run(
                "e2e",
                cargo()
                    .args(["test", "-p", "omni-e2e"])
                    .env("OMNI_SERVER_BIN", build::ServerBuild::Dev.binary())
                    .env("OMNI_DIST", shell::root().join("dist"))
                    .env("CHROMEDRIVER", tools::chromedriver())
                    .env("TMPDIR", scratch_dir()?),
            )
        },
    )?;
    println!(
        "\nall checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

const BROWSER_TEST_INBOUND_KEY: &str = "browser-tests-inbound-key";

/// Starts a reference server for the browser tests to call, then runs them against it.
fn browser_tests() -> Result<()> {
    let dir = tempfile::tempdir_in(scratch_dir()?)?;
    let port = omni_e2e::free_port()?;
    let mut server = shell::command(build::ServerBuild::Dev.binary())
        .env("OMNI_ADDR", format!("127.0.0.1:{port}"))
        .env("OMNI_DB", dir.path().join("browser-tests.db"))
        .env("OMNI_DIST", dir.path())
        .env("OMNI_CORS_ORIGINS", "*")
        .env("OMNI_INBOUND_KEY", BROWSER_TEST_INBOUND_KEY)
        .env("RUST_LOG", "warn")
        .spawn()
        .context("starting omni-server for browser tests")?;
    let outcome = wait_for_port(port).and_then(|()| {
        run(
            "wasm-bindgen-test",
            cargo()
                .args(["test", "-p", "omni-desk", "--target", tools::WASM_TARGET])
                .env("OMNI_TEST_API", format!("http://127.0.0.1:{port}"))
                .env("OMNI_TEST_INBOUND_KEY", BROWSER_TEST_INBOUND_KEY)
                .env("CHROMEDRIVER", tools::chromedriver())
                // The runner's timeout is for the whole run, not each test: the memory test
                // alone takes ~45 s here, and the suite went past 60 s (seen 2026-12-03).
                .env("WASM_BINDGEN_TEST_TIMEOUT", "180")
                .env("TMPDIR", scratch_dir()?),
        )
    });
    let _ = server.kill();
    let _ = server.wait();
    outcome
}

fn wait_for_port(port: u16) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("the server for browser tests did not start on port {port}")
}
