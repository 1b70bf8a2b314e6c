//! Fault switches for the tests of what a crash must not lose. Compiled in only with the
//! `faults` feature (the server `cargo xtask test` builds); without it every switch is empty.
//! `OMNI_FAULT=<point>` stops the process at that point, as a power cut would.

/// Ends the process at once (no clean-up, no flush) when `OMNI_FAULT` names `point`.
#[cfg(feature = "faults")]
pub fn crash_if(point: &str) {
    if std::env::var("OMNI_FAULT").is_ok_and(|chosen| chosen == point) {
        eprintln!("OMNI_FAULT={point}: stopping the process here");
        std::process::exit(86);
    }
}

#[cfg(not(feature = "faults"))]
#[inline(always)]
pub fn crash_if(_point: &str) {}
