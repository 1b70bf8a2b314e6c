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
    println!(
        "\nOmni Desk is starting at http://{addr}/\n\
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
        .status()?;
    if !status.success() {
        bail!("the server stopped: {status}");
    }
    Ok(())
}
