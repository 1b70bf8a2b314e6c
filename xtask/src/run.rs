//! `cargo xtask run`: build everything and start the reference server with demo data.

use anyhow::{bail, Result};

use crate::{
    build,
    shell::{self, command, step},
    tools,
};

pub fn run(args: &[String]) -> Result<()> {
    let mut addr = "127.0.0.1:8080".to_owned();
    let mut per_minute = "2".to_owned();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => addr = args.next().cloned().unwrap_or_default(),
            "--simulator" => per_minute = args.next().cloned().unwrap_or_default(),
            "--no-simulator" => per_minute = "0".into(),
            other => bail!("unknown option {other:?} for `cargo xtask run`"),
        }
    }
    step("tools", tools::ensure_build_tools)?;
    step("build the desk (release)", build::release_desk)?;
    step("build the server", || build::ServerBuild::Optimised.build())?;

    let database = shell::root().join("data/omni-desk.db");
    // The host demo is the same server under `localhost`: another origin (and site) than the
    // desk's 127.0.0.1, as a CRM page would be, so it must be allowed to frame the desk.
    let demo_host = addr.replacen("127.0.0.1", "localhost", 1);
    let ancestors = format!("'self' http://{demo_host}");
    println!(
        "\nOmni Desk is starting.\n\
         the desk alone:                        http://{addr}/\n\
         the Local CRM with the desk embedded:  http://{addr}/crm.html\n\
         the desk embedded in a CRM page (plain-JS host demo, docs/host-bridge.md):\n  \
         http://{demo_host}/host-demo.html?desk=http://{addr}/\n\
         database: {}\n\
         demo logins (username / password):",
        database.display()
    );
    for (username, name, password, role) in omni_server::demo::seed::DEMO_AGENTS {
        let role = if role == "agent" {
            String::new()
        } else {
            format!(" ({role})")
        };
        println!("  {username:<6} / {password:<11} {name}{role}");
    }
    println!("simulator: {per_minute} inbound contacts per minute (--simulator N, --no-simulator)");
    println!("Ctrl-C stops the server.\n");
    let status = command(build::ServerBuild::Optimised.binary())
        .env("OMNI_ADDR", &addr)
        .env("OMNI_DB", &database)
        .env("OMNI_DIST", shell::root().join("dist"))
        .env("OMNI_SIMULATOR_PER_MINUTE", &per_minute)
        .env("OMNI_DEMO_INTERACTIONS", "1")
        .env("OMNI_FRAME_ANCESTORS", &ancestors)
        .status()?;
    if !status.success() {
        bail!("the server stopped: {status}");
    }
    Ok(())
}
