//! A `tracing` subscriber that keeps every span and event with its fields as text, for tests of
//! what a client traces: as the thread's subscriber around some calls ([`capture`]), or as the
//! process's global one ([`global`]).

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span or event as the subscriber saw it: its name (an event's is its message) and fields,
/// each value as its `Debug` text (a string without quotes).
#[derive(Clone, Debug, Default)]
pub struct Captured {
    pub name: String,
    pub fields: BTreeMap<String, String>,
}

impl Captured {
    /// The value of the field `name`; panics when there is none.
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .get(name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no field `{name}` in {self:?}"))
    }
}

impl Visit for Captured {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let text = format!("{value:?}");
        if field.name() == "message" {
            self.name = text;
        } else {
            self.fields.insert(field.name().to_owned(), text);
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.record_debug(field, &format_args!("{value}"));
    }
}

/// Everything traced while it was the subscriber; clones share it.
#[derive(Clone, Default)]
pub struct Capture {
    /// Only callsites whose target starts with this, if set.
    target: Option<&'static str>,
    spans: Arc<Mutex<Vec<Captured>>>,
    events: Arc<Mutex<Vec<Captured>>>,
}

/// How many spans and events a [`Capture`] held at one time, for [`Capture::since`].
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    spans: usize,
    events: usize,
}

impl Capture {
    /// A capture of the callsites whose target starts with `target` only (a crate's name: not
    /// what the mock server or the HTTP stack trace).
    pub fn of_target(target: &'static str) -> Self {
        Capture {
            target: Some(target),
            ..Capture::default()
        }
    }

    pub fn spans(&self) -> Vec<Captured> {
        self.spans.lock().unwrap().clone()
    }

    pub fn events(&self) -> Vec<Captured> {
        self.events.lock().unwrap().clone()
    }

    /// Every name, field name and value captured, as text.
    pub fn all_text(&self) -> String {
        let mut text = String::new();
        for captured in self.spans().iter().chain(&self.events()) {
            text.push_str(&format!("{captured:?}\n"));
        }
        text
    }

    /// Where the capture is now.
    pub fn mark(&self) -> Mark {
        Mark {
            spans: self.spans.lock().unwrap().len(),
            events: self.events.lock().unwrap().len(),
        }
    }

    /// A copy of the spans and events captured after `mark` (with what was recorded into those
    /// spans so far), for a capture that other tests trace into at the same time.
    pub fn since(&self, mark: Mark) -> Capture {
        Capture {
            target: self.target,
            spans: Arc::new(Mutex::new(self.spans()[mark.spans..].to_vec())),
            events: Arc::new(Mutex::new(self.events()[mark.events..].to_vec())),
        }
    }
}

impl Subscriber for Capture {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        match self.target {
            Some(target) => metadata.target().starts_with(target),
            None => true,
        }
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut span = Captured {
            name: attributes.metadata().name().to_owned(),
            ..Captured::default()
        };
        attributes.record(&mut span);
        let mut spans = self.spans.lock().unwrap();
        spans.push(span);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        let index = usize::try_from(span.into_u64()).unwrap() - 1;
        values.record(&mut spans[index]);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut captured = Captured::default();
        event.record(&mut captured);
        self.events.lock().unwrap().push(captured);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Runs `calls` with a fresh capture of everything as the thread's subscriber (a current-thread
/// runtime keeps the calls on this thread).
pub async fn capture<F: Future<Output = ()>>(calls: F) -> Capture {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    calls.await;
    capture
}

/// The process's global subscriber, a capture of the callsites whose target starts with `target`
/// (the first call's), installed on the first call. A test binary whose tests call the client on
/// threads of their own needs it: a thread's own subscriber races with the other tests, which hit
/// the same callsites on other threads without one, and tracing's interest cache may then turn
/// the callsites off. Call it before any call of the client, so that no callsite is first seen
/// without it.
pub fn global(target: &'static str) -> &'static Capture {
    static GLOBAL: OnceLock<Capture> = OnceLock::new();
    GLOBAL.get_or_init(|| {
        let capture = Capture::of_target(target);
        tracing::subscriber::set_global_default(capture.clone())
            .expect("the only global subscriber");
        capture
    })
}
