//! The Local CRM's end of the host bridge: it embeds the desk panel and answers it exactly
//! as an outside CRM would (docs/host-bridge.md). The panel's screen pop opens records here,
//! its "no match" opens the New Customer form, and the interaction events show above the
//! panel.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{
    host_bridge::{
        BridgeMessage, BridgeResult, HostBound, InteractionEventKind, InteractionNotice, NewRecord,
        PanelMode, RecordSearch,
    },
    CustomerInput,
};

use super::{
    actions::{host_record, CrmActions},
    store::{ListPage, Page, RecordTab},
};
use crate::{customers::pop::Lookup, host::HostBridge};

/// Starts hearing the desk panel in `frame`, served from `desk_origin`.
pub fn connect(actions: CrmActions, frame: web_sys::Window, desk_origin: String) {
    let bridge = HostBridge::new(frame, desk_origin);
    bridge.on_message(move |message| hear(actions, message));
    actions.bridge.set_value(Some(bridge));
}

fn hear(actions: CrmActions, message: BridgeMessage<HostBound>) {
    let Some(bridge) = actions.bridge.get_value() else {
        return;
    };
    // The panel signs in and out on its own: every message may follow a new session.
    actions.sync_session();
    let id = message.id;
    let request_id = id.clone();
    let answer = move |result: BridgeResult| bridge.answer(&id, result);
    match message.body {
        HostBound::SearchAndOpenRecords(search) => spawn_local(async move {
            answer(search_and_open(actions, search).await);
        }),
        HostBound::OpenRecord(record) => spawn_local(async move {
            let result = match record.id.parse::<i64>() {
                Ok(id) => {
                    let page = Page::Record {
                        id,
                        tab: RecordTab::Details,
                    };
                    let label = actions.label_of(id).await;
                    result_of(actions.show_for_desk(page, label).await)
                }
                Err(_) => {
                    BridgeResult::failed(format!("“{}” is not a Local CRM record id.", record.id))
                }
            };
            answer(result);
        }),
        HostBound::CreateRecord(defaults) => {
            if actions.store.token.get_untracked().is_none() {
                answer(BridgeResult::failed(
                    "Nobody is signed in to the Local CRM.",
                ));
                return;
            }
            let label = format!(
                "a New Customer form for {}",
                [
                    defaults.first_name.as_str(),
                    defaults.last_name.as_str(),
                    defaults.email.as_str()
                ]
                .iter()
                .find(|part| !part.trim().is_empty())
                .copied()
                .unwrap_or("the interaction")
            );
            let page = Page::NewCustomer {
                prefill: Box::new(prefill(defaults)),
                request_id: Some(request_id),
            };
            spawn_local(async move {
                answer(result_of(actions.show_for_desk(page, label).await));
            });
        }
        HostBound::SetPanelMode(request) => {
            actions
                .store
                .panel_hidden
                .set(request.mode != PanelMode::Docked);
            answer(BridgeResult::done());
        }
        HostBound::SetPanelWidth(request) => {
            actions.store.panel_width.set(request.width.clamp(360, 640));
            answer(BridgeResult::done());
        }
        HostBound::Ready(_) => actions
            .store
            .panel_status
            .set("Desk panel connected".into()),
        HostBound::InteractionEvent(notice) => {
            actions.store.panel_status.set(event_line(&notice));
            let open = actions.store.record_id();
            let linked = notice
                .record
                .as_ref()
                .and_then(|r| r.id.parse::<i64>().ok());
            if open.is_some() && open == linked {
                spawn_local(actions.load_related(linked.unwrap_or_default()));
            }
        }
        HostBound::Result(_) => {}
    }
}

/// The answer to a request the CRM did, or refused with a reason.
fn result_of(done: Result<(), String>) -> BridgeResult {
    match done {
        Ok(()) => BridgeResult::done(),
        Err(why) => BridgeResult::failed(why),
    }
}

/// The New Customer form's fields from the panel's defaults.
pub fn prefill(defaults: NewRecord) -> CustomerInput {
    CustomerInput {
        first_name: defaults.first_name,
        last_name: defaults.last_name,
        emails: vec![defaults.email]
            .into_iter()
            .filter(|e| !e.is_empty())
            .collect(),
        phones: vec![defaults.phone]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect(),
        ..CustomerInput::default()
    }
}

/// Looks the customer up by email or phone; unless `searchOnly`, opens the one record found,
/// or lists them all (none: the list says so, with New Customer beside it).
async fn search_and_open(actions: CrmActions, search: RecordSearch) -> BridgeResult {
    let Some(token) = actions.store.token.get_untracked() else {
        return BridgeResult::failed("Nobody is signed in to the Local CRM.");
    };
    let query = search.query.trim().to_owned();
    let lookup = if query.contains('@') {
        Lookup::Email(query.clone())
    } else {
        Lookup::Phone(query.clone())
    };
    let found = match actions.api.look_up(&token, &lookup).await {
        Ok(found) => found,
        Err(error) => return BridgeResult::failed(error.message),
    };
    if !search.search_only {
        match found.as_slice() {
            [one] => {
                let page = Page::Record {
                    id: one.id,
                    tab: RecordTab::Details,
                };
                let label = host_record(one).name;
                if let Err(why) = actions.show_for_desk(page, label).await {
                    return BridgeResult::failed(why);
                }
            }
            many => {
                let matched = match many.len() {
                    0 => format!("No customer matches {query}."),
                    n => format!("{n} customers match {query}."),
                };
                actions.store.list.set(ListPage {
                    query: String::new(),
                    offset: 0,
                    items: many.to_vec(),
                    total: many.len() as u64,
                    matched: Some(matched.clone()),
                });
                if let Err(why) = actions.show_for_desk(Page::Customers, matched).await {
                    return BridgeResult::failed(why);
                }
            }
        }
    }
    BridgeResult {
        ok: true,
        records: found.iter().map(host_record).collect(),
        error: None,
    }
}

fn event_line(notice: &InteractionNotice) -> String {
    let what = match notice.event {
        InteractionEventKind::Offered => "offered",
        InteractionEventKind::Accepted => "accepted",
        InteractionEventKind::Ended => "ended",
        InteractionEventKind::WrappedUp => "wrapped up",
    };
    let who = if notice.name.is_empty() {
        &notice.address
    } else {
        &notice.name
    };
    format!("Interaction {} with {who} {what}", notice.interaction_id)
}
