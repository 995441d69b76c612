//! What each case of the harness checks: which operation version it calls and how, what the
//! answer must be, and what the spec got wrong on the way (examples that break their schemas).

use super::validate::Violation;
use super::values::Chosen;
use crate::model::{Operation, OperationVersion, RequestBody};

/// Which call of a method a case makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Variant {
    /// Required arguments only.
    Required,
    /// Every optional parameter (and an optional body) set too.
    Optional,
    /// Required arguments, the mock asked for this success status.
    Status(u16),
}

impl std::fmt::Display for Variant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Variant::Required => f.write_str("required arguments"),
            Variant::Optional => f.write_str("every optional parameter"),
            Variant::Status(code) => write!(f, "status {code} asked for"),
        }
    }
}

/// What the answer to a case must be.
#[derive(Clone, Debug)]
pub(crate) struct Expect {
    /// The `Accept` the client must send.
    pub accept: String,
    /// The status the mock is asked for (`Prefer: code=...`).
    pub forced_status: Option<u16>,
    /// The statuses of this version answered without a body.
    pub empty_statuses: Vec<String>,
}

/// One call the harness makes.
#[derive(Clone, Debug)]
pub(crate) struct Case {
    pub operation: String,
    pub version: Option<String>,
    pub variant: Variant,
    /// The HTTP method and the spec's path template.
    pub method: &'static str,
    pub path: String,
    /// The operation's place in the spec (`#/paths/~1groups/post`).
    pub at: String,
    pub expect: Expect,
    /// The media type the body is sent as, when one is sent.
    pub body: Option<String>,
    /// The request media types of the operation's other versions.
    pub sibling_bodies: Vec<String>,
    /// Examples the spec gives for the values sent, which break their own schemas.
    pub broken_examples: Vec<(String, Vec<Violation>)>,
    /// Schemas of values sent that no example fits and the synthesized value breaks too.
    pub unsatisfied: Vec<(String, Vec<Violation>)>,
    /// The operation's own server URL, when it has one (the mock serves the spec's paths at
    /// its root, without a server's path, and no other host).
    pub own_server: Option<String>,
    /// Every security alternative of the operation needs HTTP Digest, for which the harness
    /// gives no credentials when the API has other schemes (Prism refuses every real answer).
    pub needs_digest: bool,
    /// How many values sent are the spec's examples, and how many were synthesized.
    pub from_examples: usize,
    pub synthesized: usize,
}

impl Case {
    pub(crate) fn new(
        op: &Operation,
        version: &OperationVersion,
        variant: Variant,
        at: &str,
        expect: Expect,
    ) -> Self {
        let sibling_bodies = op
            .versions
            .iter()
            .filter(|other| other.version != version.version)
            .filter_map(|other| other.request.as_ref())
            .map(|request| request.media_type.clone())
            .collect();
        Case {
            operation: op.id.clone(),
            version: version.version.clone(),
            variant,
            method: op.method.as_str(),
            path: op.path.clone(),
            at: at.to_owned(),
            expect,
            body: None,
            sibling_bodies,
            broken_examples: Vec::new(),
            unsatisfied: Vec::new(),
            own_server: op.server.as_ref().map(|server| server.url.clone()),
            needs_digest: false,
            from_examples: 0,
            synthesized: 0,
        }
    }

    /// Records that the case sends `request`'s body.
    pub(crate) fn body(&mut self, request: Option<&RequestBody>) {
        if let Some(request) = request {
            self.body = Some(request.media_type.clone());
        }
    }

    /// Records what choosing a value found wrong in the spec.
    pub(crate) fn note(&mut self, chosen: &Chosen) {
        if let Some(unsatisfied) = &chosen.unsatisfied {
            self.unsatisfied.push(unsatisfied.clone());
        }
        match chosen.example {
            Some(_) => self.from_examples += 1,
            None => self.synthesized += 1,
        }
        for broken in &chosen.broken_examples {
            if !self.broken_examples.iter().any(|(at, _)| *at == broken.0) {
                self.broken_examples.push(broken.clone());
            }
        }
    }

    /// Whether `target` (a request's path and query) is this case's route: its path ends with
    /// the path template (after a server's own path, if any), whose parameters match any one
    /// segment.
    pub(crate) fn route_matches(&self, method: &str, target: &str) -> bool {
        let path = target.split('?').next().unwrap_or_default();
        let sent: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let template: Vec<&str> = self.path.trim_start_matches('/').split('/').collect();
        method == self.method
            && sent.len() >= template.len()
            && sent
                .iter()
                .rev()
                .zip(template.iter().rev())
                .all(|(sent, template)| {
                    (template.contains('{') && !sent.is_empty()) || sent == template
                })
    }

    /// `createGroupLiveMigration 2024-05-30 (required arguments)`.
    pub(crate) fn title(&self) -> String {
        match &self.version {
            Some(version) => format!("{} {version} ({})", self.operation, self.variant),
            None => format!("{} ({})", self.operation, self.variant),
        }
    }
}
