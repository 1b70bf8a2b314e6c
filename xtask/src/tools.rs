//! Installs the exact tools the build and tests need, from the registries only (crates.io,
//! npm, Debian), into `~/.cache/omni-desk/tools` unless the right version is already on PATH.

use std::{ffi::OsString, path::PathBuf};

use anyhow::{bail, Context, Result};

use crate::shell::{self, command, output_of, run};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const BINARYEN_VERSION: &str = "132.0.0";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// `OMNI_TOOLS`, else `~/.cache/omni-desk/tools`: outside the clone, so clones share it.
pub fn tools_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("OMNI_TOOLS") {
        return dir.into();
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| shell::root().join(".tools"));
    home.join(".cache/omni-desk/tools")
}

fn cargo_bin() -> PathBuf {
    tools_dir().join("cargo/bin")
}

fn npm_bin() -> PathBuf {
    tools_dir().join("npm/node_modules/.bin")
}

/// PATH with the project's tool folders first.
pub fn search_path() -> OsString {
    let mut paths = vec![cargo_bin(), npm_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths).unwrap_or_default()
}

fn version_of(program: &str) -> String {
    output_of(command(program).arg("--version")).unwrap_or_default()
}

/// Everything `trunk build` needs, without ever downloading from the internet at build time.
pub fn ensure_build_tools() -> Result<()> {
    check_lockfile_pin()?;
    let installed =
        output_of(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed.lines().any(|line| line.trim() == WASM_TARGET) {
        run(
            "rustup target add",
            command("rustup").args(["target", "add", WASM_TARGET]),
        )?;
    }
    if !version_of("trunk").contains(TRUNK_VERSION) {
        println!("installing trunk {TRUNK_VERSION} (about 7 minutes on 2 cores)");
        run(
            "cargo install trunk",
            shell::cargo()
                .args([
                    "install",
                    "trunk",
                    "--version",
                    TRUNK_VERSION,
                    "--locked",
                    "--root",
                ])
                .arg(tools_dir().join("cargo")),
        )?;
    }
    if !version_of("wasm-bindgen").contains(WASM_BINDGEN_VERSION)
        || !version_of("wasm-bindgen-test-runner").contains(WASM_BINDGEN_VERSION)
    {
        println!("installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (about 2 minutes)");
        // Not --locked: its lockfile names a crate version the registry mirror lacks.
        run(
            "cargo install wasm-bindgen-cli",
            shell::cargo()
                .args([
                    "install",
                    "wasm-bindgen-cli",
                    "--version",
                    WASM_BINDGEN_VERSION,
                    "--root",
                ])
                .arg(tools_dir().join("cargo")),
        )?;
    }
    let binaryen_major = BINARYEN_VERSION.split('.').next().unwrap_or_default();
    if !version_of("wasm-opt").contains(&format!("version {binaryen_major}")) {
        if output_of(command("npm").arg("--version")).is_none() {
            bail!("npm is needed to install wasm-opt (binaryen@{BINARYEN_VERSION}); install Node.js and npm");
        }
        let prefix = tools_dir().join("npm");
        std::fs::create_dir_all(&prefix)?;
        run(
            "npm install binaryen",
            command("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&prefix)
                .arg(format!("binaryen@{BINARYEN_VERSION}")),
        )?;
    }
    Ok(())
}

/// Debian's Chromium and its driver, for browser and end-to-end tests.
pub fn ensure_browser() -> Result<()> {
    let have = |path: &str| std::path::Path::new(path).exists();
    if have("/usr/bin/chromium") && have("/usr/bin/chromedriver") {
        return Ok(());
    }
    println!("installing Debian chromium and chromium-driver");
    let sudo = output_of(command("id").arg("-u")).is_some_and(|uid| uid.trim() != "0");
    let apt = |args: &[&str]| {
        let mut apt = if sudo {
            command("sudo")
        } else {
            command("apt-get")
        };
        if sudo {
            apt.arg("apt-get");
        }
        apt.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        apt
    };
    run("apt-get update", &mut apt(&["update"]))?;
    run(
        "apt-get install chromium",
        &mut apt(&[
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ]),
    )
}

pub fn chromedriver() -> PathBuf {
    PathBuf::from("/usr/bin/chromedriver")
}

/// The wasm-bindgen crate must equal the CLI exactly, or Trunk tries to download another CLI.
fn check_lockfile_pin() -> Result<()> {
    let lock =
        std::fs::read_to_string(shell::root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let pinned = lock
        .split("[[package]]")
        .find(|package| package.contains("name = \"wasm-bindgen\"\n"))
        .and_then(|package| {
            package
                .lines()
                .find_map(|line| line.strip_prefix("version = "))
        })
        .map(|version| version.trim_matches('"').to_owned())
        .unwrap_or_default();
    if pinned != WASM_BINDGEN_VERSION {
        bail!("Cargo.lock has wasm-bindgen {pinned:?} but the tools are {WASM_BINDGEN_VERSION}; pin them equal");
    }
    Ok(())
}
