//! What the CRM page tells and asks the panel (requests only a host answers never reach it:
//! the bridge refuses them): click-to-email and click-to-chat, the record in
//! focus, and records saved from a form the panel's `createRecord` opened.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::host_bridge::{BridgeMessage, BridgeResult, ClickAction, PanelBound};

use crate::actions::Actions;

/// Handles one message from the host (a `result` never gets here: the bridge pairs it with
/// its request).
pub fn hear(actions: Actions, message: BridgeMessage<PanelBound>) {
    let Some(crate::host::Host::Embedded(bridge)) = Some(actions.host()) else {
        return;
    };
    let id = message.id;
    match message.body {
        PanelBound::ClickToAct(click) => match click.action {
            ClickAction::Email => spawn_local(async move {
                let result = match actions.start_email_to(click.address).await {
                    Ok(()) => BridgeResult::done(),
                    Err(why) => BridgeResult::failed(why),
                };
                bridge.answer(&id, result);
            }),
            ClickAction::Chat => bridge.answer(
                &id,
                BridgeResult::failed("This desk cannot start chats with customers yet."),
            ),
        },
        PanelBound::RecordFocused(record) => actions.stores.host.focused.set(Some(record)),
        PanelBound::RecordCreated(created) => {
            spawn_local(actions.record_created_in_host(created.request_id, created.record))
        }
        PanelBound::Result(_) => {}
    }
}
