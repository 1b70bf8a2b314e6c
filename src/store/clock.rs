//! A ticking clock for countdowns and waited times (4 ticks a second).

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Clock {
    pub now: RwSignal<i64>,
}

/// Epoch milliseconds: the browser's clock in the desk, the system's in native tests.
pub fn now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64)
    }
}

/// Local `HH:MM` of an epoch-milliseconds instant.
pub fn local_time(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// `YYYY-MM-DD HH:MM` in the agent's time zone.
pub fn local_date_time(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

impl Clock {
    /// Starts ticking for as long as the page lives.
    pub fn start() -> Self {
        let clock = Clock {
            now: RwSignal::new(now_ms()),
        };
        let tick = gloo_timers::callback::Interval::new(250, move || clock.now.set(now_ms()));
        tick.forget();
        clock
    }
}
