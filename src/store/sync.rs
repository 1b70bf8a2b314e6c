//! Keeps the stores equal to the server: applies streamed events in id order, and on
//! `resync` refetches state while holding back newer events until it has arrived.

use std::{cell::RefCell, rc::Rc};

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{Event, EventBody};

use super::{saved_session, Connection, Session};
use crate::api::{
    stream::{self, StreamHandle, StreamSink},
    Api,
};

/// Starts the event stream for the signed-in session.
pub fn start(api: Api, token: String, session: Session, connection: Connection) -> StreamHandle {
    let held: Rc<RefCell<Option<Vec<Event>>>> = Rc::default();
    let refetch_api = api.clone();
    let refetch_token = token.clone();
    let sink = StreamSink {
        last_event_id: Box::new(move || Some(connection.last_event_id.get_untracked())),
        on_link: Box::new(move |state| connection.link.set(state)),
        on_event: Box::new(move |event| {
            if let Some(waiting) = held.borrow_mut().as_mut() {
                waiting.push(event);
                return;
            }
            if let EventBody::Resync(_) = event.body {
                *held.borrow_mut() = Some(Vec::new());
                connection.last_event_id.set(event.id);
                let (api, token, held) = (refetch_api.clone(), refetch_token.clone(), held.clone());
                spawn_local(async move {
                    let fresh = api.me(&token).await;
                    let waiting = held.borrow_mut().take().unwrap_or_default();
                    match fresh {
                        Ok(agent) => {
                            let read_at = agent.last_event_id;
                            session.agent.set(Some(agent));
                            connection
                                .last_event_id
                                .set(connection.last_event_id.get_untracked().max(read_at));
                            for event in waiting.into_iter().filter(|event| event.id > read_at) {
                                apply(session, connection, &event);
                            }
                        }
                        Err(error) if error.ends_session() => end_session(session, error.message),
                        Err(_) => waiting
                            .iter()
                            .for_each(|event| apply(session, connection, event)),
                    }
                });
                return;
            }
            apply(session, connection, &event);
        }),
        on_session_refused: Box::new(move |message| end_session(session, message)),
    };
    stream::connect(&api, token, sink)
}

fn apply(session: Session, connection: Connection, event: &Event) {
    if event.id <= connection.last_event_id.get_untracked() {
        return; // already applied (a replay overlapping what we hold)
    }
    session.apply(event);
    connection.last_event_id.set(event.id);
}

fn end_session(session: Session, message: String) {
    saved_session::clear();
    session.end(Some(message));
}
