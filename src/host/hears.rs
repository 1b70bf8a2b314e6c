//! What the CRM page asks of the panel: click-to-email and click-to-chat, the record in
//! focus, and records saved from a form the panel's `createRecord` opened.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::host_bridge::{BridgeBody, BridgeMessage, BridgeResult, ClickAction};

use crate::actions::Actions;

/// Handles one message from the host (a `result` never gets here: the bridge pairs it with
/// its request).
pub fn hear(actions: Actions, message: BridgeMessage) {
    let Some(crate::host::Host::Embedded(bridge)) = Some(actions.host()) else {
        return;
    };
    let id = message.id;
    match message.body {
        BridgeBody::ClickToAct(click) => match click.action {
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
        BridgeBody::RecordFocused(record) => actions.stores.host.focused.set(Some(record)),
        BridgeBody::RecordCreated(created) => {
            spawn_local(actions.record_created_in_host(created.request_id, created.record))
        }
        // Requests only a host answers: the panel refuses them, so the sender is not left
        // waiting.
        BridgeBody::SearchAndOpenRecords(_)
        | BridgeBody::OpenRecord(_)
        | BridgeBody::CreateRecord(_)
        | BridgeBody::SetPanelMode(_)
        | BridgeBody::SetPanelWidth(_) => bridge.answer(
            &id,
            BridgeResult::failed("The desk panel does not answer that request; the CRM page does."),
        ),
        BridgeBody::Ready(_) | BridgeBody::InteractionEvent(_) | BridgeBody::Result(_) => {}
    }
}
