//! Running commands with the project's tools first on PATH, and timing steps.

use std::{path::PathBuf, process::Command, time::Instant};

use anyhow::{bail, Context, Result};

pub fn root() -> PathBuf {
    omni_e2e::workspace_root()
}

/// A command run from the workspace root with the project's tool folders first on PATH.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(root())
        .env("PATH", crate::tools::search_path());
    command
}

pub fn cargo() -> Command {
    command(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs to completion; a non-zero exit is an error naming `what`.
pub fn run(what: &str, command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("{what}: could not start {:?}", command.get_program()))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// The command's standard output, or `None` when it cannot run or fails.
pub fn output_of(command: &mut Command) -> Option<String> {
    let output = command.output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs `step`, printing its name and how long it took.
pub fn step<T>(name: &str, step: impl FnOnce() -> Result<T>) -> Result<T> {
    println!("\n==> {name}");
    let started = Instant::now();
    let result = step();
    let seconds = started.elapsed().as_secs_f64();
    match &result {
        Ok(_) => println!("<== {name}: ok in {seconds:.1} s"),
        Err(_) => println!("<== {name}: FAILED after {seconds:.1} s"),
    }
    result
}

/// A scratch folder under `target/tmp` (Chromium profiles land here, not in /tmp).
pub fn scratch_dir() -> Result<PathBuf> {
    let dir = root().join("target/tmp");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
