//! How a new offer gets noticed: a short chime, and a browser notification while the page
//! is hidden (permission asked once, on the agent's own click; a denial is respected).

use std::cell::RefCell;

use omni_protocol::Offer;
use web_sys::{
    AudioContext, Notification, NotificationOptions, NotificationPermission, OscillatorType,
};

thread_local! {
    static AUDIO: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
}

/// Two rising tones, 0.35 s. Silently nothing when audio is unavailable.
pub fn chime() {
    AUDIO.with(|audio| {
        let mut audio = audio.borrow_mut();
        if audio.is_none() {
            *audio = AudioContext::new().ok();
        }
        let Some(context) = audio.as_ref() else {
            return;
        };
        let _ = context.resume();
        let start = context.current_time();
        for (offset, frequency) in [(0.0, 660.0), (0.17, 880.0)] {
            let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain())
            else {
                return;
            };
            oscillator.set_type(OscillatorType::Sine);
            oscillator.frequency().set_value(frequency);
            gain.gain().set_value(0.12);
            let _ = gain
                .gain()
                .exponential_ramp_to_value_at_time(0.001, start + offset + 0.16);
            let _ = oscillator.connect_with_audio_node(&gain);
            let _ = gain.connect_with_audio_node(&context.destination());
            let _ = oscillator.start_with_when(start + offset);
            let _ = oscillator.stop_with_when(start + offset + 0.17);
        }
    });
}

/// Asks for notification permission if it was never asked. Call from a click handler.
pub fn ask_notification_permission_once() {
    if Notification::permission() == NotificationPermission::Default {
        let _ = Notification::request_permission();
    }
}

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| document.hidden())
}

/// A system notification for an offer, only while the desk's page is hidden and allowed.
pub fn notify_if_hidden(offer: &Offer) {
    if !page_hidden() || Notification::permission() != NotificationPermission::Granted {
        return;
    }
    let interaction = &offer.interaction;
    let options = NotificationOptions::new();
    let what = interaction
        .subject
        .clone()
        .unwrap_or_else(|| interaction.preview.clone());
    options.set_body(&format!(
        "{what}\n{} · {}",
        interaction.queue_name,
        interaction.channel.as_str()
    ));
    options.set_tag(&format!("omni-offer-{}", offer.id));
    let _ = Notification::new_with_options(
        &format!("New offer: {}", interaction.customer.name),
        &options,
    );
}
