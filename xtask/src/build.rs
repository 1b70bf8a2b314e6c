//! Builds the desk and the Local CRM with Trunk (release) and precompresses them for the
//! server.

use std::{io::Write, path::Path};

use anyhow::{Context, Result};

use crate::shell::{self, command, run};

/// `trunk build --release` of the desk into `dist/` and of the Local CRM beside it, then
/// `.br` and `.gz` beside every file.
pub fn release_desk() -> Result<()> {
    pages(true, &shell::root().join("dist"))?;
    precompress(&shell::root().join("dist"))
}

/// Both pages into `dist`: the desk (`index.html`, Trunk's target) and the Local CRM
/// (`crm.html`, its own wasm). Trunk empties its output folder each run, so the CRM is built
/// into its own folder and copied in.
pub fn pages(release: bool, dist: &Path) -> Result<()> {
    let crm_dist = shell::root().join("target/crm-dist");
    for (page, out) in [("index.html", dist), ("crm.html", crm_dist.as_path())] {
        let mut trunk = command("trunk");
        trunk.args(["build", page, "--dist"]).arg(out);
        if release {
            trunk.arg("--release");
        }
        run(
            &format!("trunk build {page}"),
            trunk
                .env("TRUNK_SKIP_VERSION_CHECK", "true")
                .env("NO_COLOR", "true"),
        )?;
    }
    for entry in std::fs::read_dir(&crm_dist).context("reading target/crm-dist")? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        // Trunk writes the page it built as index.html; files the desk has too stay its.
        let to = if name == "index.html" {
            "crm.html"
        } else {
            name
        };
        if path.is_file() && (to == "crm.html" || !dist.join(to).exists()) {
            std::fs::copy(&path, dist.join(to)).with_context(|| format!("copying {name}"))?;
        }
    }
    Ok(())
}

/// How the reference server is built: tests use the dev build they already compile;
/// `cargo xtask run` and the bench use the speed-optimised `server` profile.
#[derive(Clone, Copy)]
pub enum ServerBuild {
    Dev,
    Optimised,
}

impl ServerBuild {
    fn profile(self) -> &'static str {
        match self {
            ServerBuild::Dev => "dev",
            ServerBuild::Optimised => "server",
        }
    }

    /// The test build has the fault switches (`OMNI_FAULT`, see server/src/fault.rs).
    pub fn build(self) -> Result<()> {
        let mut args = vec!["build", "-p", "omni-server", "--profile", self.profile()];
        if let ServerBuild::Dev = self {
            args.extend(["--features", "faults"]);
        }
        run(
            &format!("cargo {}", args.join(" ")),
            shell::cargo().args(args),
        )
    }

    pub fn binary(self) -> std::path::PathBuf {
        let dir = match self {
            ServerBuild::Dev => "debug",
            ServerBuild::Optimised => "server",
        };
        shell::root().join("target").join(dir).join("omni-server")
    }
}

fn precompress(dist: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dist).context("reading dist/")? {
        let path = entry?.path();
        let compressed = matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"));
        if !path.is_file() || compressed {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        std::fs::write(with_suffix(&path, "br"), brotli(&bytes)?)?;
        std::fs::write(with_suffix(&path, "gz"), gzip(&bytes)?)?;
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    name.into()
}

pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn compressed_copies_decompress_to_the_original() {
        let original = b"<html>".repeat(500);
        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(&original).unwrap()[..], &mut unbrotli).unwrap();
        assert_eq!(unbrotli, original);
        let mut ungzip = Vec::new();
        flate2::read::GzDecoder::new(&gzip(&original).unwrap()[..])
            .read_to_end(&mut ungzip)
            .unwrap();
        assert_eq!(ungzip, original);
    }

    #[test]
    fn precompress_writes_siblings_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("app.js"), "x".repeat(100)).unwrap();
        precompress(dir.path()).unwrap();
        precompress(dir.path()).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["app.js", "app.js.br", "app.js.gz"]);
    }
}
