//! `cargo xtask run | test | bench`: the one place for set-up, build, run, test and measure.

mod bench;
mod build;
mod draft_bench;
mod live_bench;
mod pop_bench;
mod run;
mod search_bench;
mod shell;
mod test;
mod tools;

use anyhow::{bail, Result};

const USAGE: &str = "\
usage: cargo xtask <command>

  run     install missing tools, build the desk (release), start the reference server
          on http://127.0.0.1:8080 with data/omni-desk.db and demo data
          options: --addr HOST:PORT, --simulator N (inbound contacts per minute,
          default 2), --no-simulator
  test    install what tests need, then fmt, clippy, native, browser and end-to-end tests
  bench   measure bundle sizes, load times, the list, threads and live events;
          writes docs/benchmarks.md
          options: --live (only the live events and memory, printed, nothing written),
          --drafts (only typing into a long draft, printed, nothing written),
          --search (only the search), --pop (only the screen pop with 100,000 customers)";

fn main() {
    if let Err(error) = dispatch() {
        eprintln!("xtask: {error:#}");
        std::process::exit(1);
    }
}

fn dispatch() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match command.as_str() {
        "run" => run::run(&rest),
        "test" => test::test(),
        "bench" => bench::bench(&rest),
        "" | "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n{USAGE}"),
    }
}
