//! What each case's outcome means: a pass, a fault of the client, a fault of the spec (it
//! contradicts itself), or a known limit of the mock server. The rules are written out here; the
//! mock's limits are [`MockLimit`], each with the reason it is one.

use serde_json::Value;

use super::cases::Case;
use super::document::{Document, escape};
use super::limits::MockLimit;
use super::validate::{Direction, Violation, validate, with_all_of};

/// Which mock answered: the spec's examples, or data generated from the schemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `prism mock`: each answer is the spec's example for the status.
    Static,
    /// `prism mock --dynamic`: each answer is generated from the response's schema.
    Dynamic,
    /// No mock: the harness's own server answers hostile or broken responses (random bytes,
    /// JSON cut short, deep nesting, invalid UTF-8, wrong media types) under success and error
    /// statuses; every call must end in a value or a typed error, never a panic or a hang.
    Hostile,
}

impl Mode {
    /// `static` or `dynamic`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Static => "static",
            Mode::Dynamic => "dynamic",
            Mode::Hostile => "hostile",
        }
    }
}

/// What a case's outcome is put down to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// The client did what the spec says, and the answer decoded.
    Pass,
    /// The client did not do what the spec says, or could not decode a valid answer.
    ClientFault,
    /// The spec contradicts itself (an example breaking its schema); where is said.
    SpecFault,
    /// One of the mock server's known gaps (listed in `docs/contract.md`).
    MockLimit,
}

impl Class {
    /// `pass`, `client fault`, `spec fault` or `mock limit`.
    pub fn name(self) -> &'static str {
        match self {
            Class::Pass => "pass",
            Class::ClientFault => "client fault",
            Class::SpecFault => "spec fault",
            Class::MockLimit => "mock limit",
        }
    }
}

/// One case's verdict.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub class: Class,
    /// The case: operation, version, variant.
    pub case: String,
    /// Why, in a sentence (empty for a pass).
    pub reason: String,
}

/// The harness's JSON line for one case.
#[derive(serde::Deserialize)]
pub(crate) struct Line {
    pub case: usize,
    pub outcome: String,
    pub message: Option<String>,
    #[serde(default)]
    pub exchanges: Vec<Exchange>,
}

/// One request and its answer, as the harness's proxy saw them.
#[derive(serde::Deserialize)]
pub(crate) struct Exchange {
    pub method: String,
    pub target: String,
    pub accept: Option<String>,
    pub content_type: Option<String>,
    pub authorization: Option<String>,
    pub request_body: String,
    pub status: Option<u16>,
    pub response_content_type: Option<String>,
    pub violations: Option<String>,
    pub response_body: String,
}

/// The verdict on one case's line.
pub(crate) fn classify(doc: &Document, case: &Case, line: &Line, mode: Mode) -> Verdict {
    let (class, reason) = judge(doc, case, line, mode);
    Verdict {
        class,
        case: case.title(),
        reason,
    }
}

fn judge(doc: &Document, case: &Case, line: &Line, mode: Mode) -> (Class, String) {
    let outcome_ok = matches!(line.outcome.as_str(), "ok" | "none" | "hostile");
    if let Some((at, violations)) = case.unsatisfied.first()
        && !outcome_ok
    {
        return (
            Class::SpecFault,
            format!(
                "no value was found that satisfies the schema at {at} ({}); the call: {} {}",
                first(violations),
                line.outcome,
                line.message.as_deref().unwrap_or_default()
            ),
        );
    }
    if mode == Mode::Hostile || line.outcome == "hostile" {
        return match line.outcome.as_str() {
            "hostile" => (Class::Pass, String::new()),
            outcome => (
                Class::ClientFault,
                format!("{outcome}: {}", line.message.as_deref().unwrap_or_default()),
            ),
        };
    }
    if line.outcome == "mock-crashed" {
        return (
            Class::MockLimit,
            format!(
                "{}: {}",
                MockLimit::Crashed.reason(),
                line.message.as_deref().unwrap_or_default()
            ),
        );
    }
    let Some(exchange) = line.exchanges.last() else {
        if let Some(server) = &case.own_server
            && matches!(line.outcome.as_str(), "connect" | "transport")
        {
            return (
                Class::MockLimit,
                format!("{} ({server})", MockLimit::OwnServer.reason()),
            );
        }
        return (
            Class::ClientFault,
            format!(
                "no request reached the mock ({}): {}",
                line.outcome,
                line.message.as_deref().unwrap_or_default()
            ),
        );
    };
    if let Some(fault) = request_fault(case, exchange) {
        return (Class::ClientFault, fault);
    }
    let status = exchange.status.unwrap_or_default();
    match line.outcome.as_str() {
        "ok" | "none" => match case.expect.forced_status {
            Some(forced) if forced != status => (
                Class::MockLimit,
                format!(
                    "{} (asked for {forced}, got {status})",
                    MockLimit::PreferIgnored.reason()
                ),
            ),
            _ if line.outcome == "none"
                && !case
                    .expect
                    .empty_statuses
                    .iter()
                    .any(|s| *s == status.to_string()) =>
            {
                (
                    Class::ClientFault,
                    format!(
                        "the client gave `None` for status {status}, which the spec answers with a body"
                    ),
                )
            }
            _ => (Class::Pass, String::new()),
        },
        "decode" => decode_fault(doc, case, exchange, status, mode, line.message.as_deref()),
        _ if status >= 500
            && let Some((limit, title)) = prism_failure(exchange) =>
        {
            (Class::MockLimit, format!("{} ({title})", limit.reason()))
        }
        "api" | "unexpected-response" if (400..500).contains(&status) => {
            refused(doc, case, exchange, status)
        }
        outcome => (
            Class::ClientFault,
            format!(
                "{outcome} (status {status}): {}",
                line.message.as_deref().unwrap_or_default()
            ),
        ),
    }
}

/// What the client sent that the spec's version does not say: `Accept`, `Content-Type`.
fn request_fault(case: &Case, exchange: &Exchange) -> Option<String> {
    if !case.route_matches(&exchange.method, &exchange.target) {
        return Some(format!(
            "sent `{} {}`; the spec's route is `{} {}`",
            exchange.method, exchange.target, case.method, case.path
        ));
    }
    if exchange.accept.as_deref() != Some(case.expect.accept.as_str()) {
        return Some(format!(
            "sent `Accept: {}`; the spec's version wants `{}`",
            exchange.accept.as_deref().unwrap_or("(none)"),
            case.expect.accept
        ));
    }
    let sent = exchange
        .content_type
        .as_deref()
        .map(|value| value.split(';').next().unwrap_or_default().trim());
    let wanted = case.body.as_deref();
    if let Some(wanted) = wanted
        && sent != Some(wanted)
    {
        return Some(format!(
            "sent `Content-Type: {}`; the spec's version wants `{wanted}`",
            sent.unwrap_or("(none)")
        ));
    }
    None
}

/// The schema of the request body the case sent, as `media_type`.
fn request_schema<'d>(doc: &'d Document, case: &Case, media_type: &str) -> Option<&'d Value> {
    let body_at = format!("{}/requestBody", case.at);
    let (body, _) = doc.resolve(doc.pointer(&body_at)?, &body_at)?;
    body.get("content")?.get(media_type)?.get("schema")
}

/// The schema of the answer with `status` and `media_type`.
fn response_schema<'d>(
    doc: &'d Document,
    case: &Case,
    status: u16,
    media_type: &str,
) -> Option<&'d Value> {
    response_media(doc, case, status, media_type)?.get("schema")
}

/// The media type object of the answer with `status` and `media_type`.
fn response_media<'d>(
    doc: &'d Document,
    case: &Case,
    status: u16,
    media_type: &str,
) -> Option<&'d Value> {
    let responses = doc.pointer(&format!("{}/responses", case.at))?;
    let status = status.to_string();
    let class = format!("{}XX", status.get(..1).unwrap_or_default());
    let at = format!("{}/responses/{}", case.at, escape(&status));
    let response = responses
        .get(&status)
        .or_else(|| responses.get(&class))
        .or_else(|| responses.get("default"))?;
    let (response, _) = doc.resolve(response, &at)?;
    let content = response.get("content")?.as_object()?;
    let media_type = media_type.split(';').next().unwrap_or_default().trim();
    content.get(media_type).or_else(|| content.values().next())
}

fn first(violations: &[Violation]) -> String {
    violations
        .iter()
        .take(3)
        .map(|violation| format!("{}: {}", violation.path, violation.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A success answer the client could not decode: the client's fault when the body is valid
/// against its schema; else the spec's (its example) or the dynamic mock's.
fn decode_fault(
    doc: &Document,
    case: &Case,
    exchange: &Exchange,
    status: u16,
    mode: Mode,
    message: Option<&str>,
) -> (Class, String) {
    let message = message.unwrap_or_default();
    let media_type = exchange
        .response_content_type
        .as_deref()
        .unwrap_or_default();
    let Ok(body) = serde_json::from_str::<Value>(&exchange.response_body) else {
        return (
            Class::ClientFault,
            format!(
                "status {status} with a body that is not JSON, which the client tried to decode: {message}"
            ),
        );
    };
    let Some(schema) = response_schema(doc, case, status, media_type) else {
        return (
            Class::ClientFault,
            format!(
                "status {status}: the spec gives no schema for it, yet the client decoded: {message}"
            ),
        );
    };
    let violations = validate(doc, schema, &body, Direction::Response, "body");
    if violations.is_empty() {
        return (
            Class::ClientFault,
            format!("a body valid against its schema does not decode: {message}"),
        );
    }
    let written = response_media(doc, case, status, media_type)
        .is_some_and(|media| media.get("example").is_some() || media.get("examples").is_some());
    match mode {
        Mode::Static if written => (
            Class::SpecFault,
            format!(
                "the spec's example for status {status} breaks its schema: {}",
                first(&violations)
            ),
        ),
        Mode::Static => (
            Class::MockLimit,
            format!(
                "{}: {}",
                MockLimit::StaticBodyInvalid.reason(),
                first(&violations)
            ),
        ),
        Mode::Dynamic | Mode::Hostile => (
            Class::MockLimit,
            format!(
                "{}: {}",
                MockLimit::GeneratedBodyInvalid.reason(),
                first(&violations)
            ),
        ),
    }
}

/// The mock refused the request (a 4xx): the client's fault unless what it sent is valid
/// against the spec and the refusal is one of the mock's known gaps.
fn refused(doc: &Document, case: &Case, exchange: &Exchange, status: u16) -> (Class, String) {
    let objections = objections(exchange);
    if status == 404
        && let Some(server) = &case.own_server
    {
        return (
            Class::MockLimit,
            format!("{} ({server}): {objections}", MockLimit::OwnServer.reason()),
        );
    }
    if status == 406 {
        return (
            Class::MockLimit,
            format!(
                "{} ({objections})",
                MockLimit::StatusBeforeMediaType.reason()
            ),
        );
    }
    if status == 401 && (case.needs_digest || exchange.authorization.as_deref() == Some("Digest")) {
        return (Class::MockLimit, MockLimit::Digest.reason().to_owned());
    }
    // Without a JSON body its schema can judge, the refusal stands against the client.
    let judged = case.body.as_ref().and_then(|media_type| {
        let schema = request_schema(doc, case, media_type)?;
        let sent = serde_json::from_str::<Value>(&exchange.request_body).ok()?;
        Some((media_type, schema, sent))
    });
    let Some((media_type, schema, sent)) = judged else {
        return (
            Class::ClientFault,
            format!("the mock refused the request with {status}: {objections}"),
        );
    };
    let violations = validate(doc, schema, &sent, Direction::Request, "body");
    if !violations.is_empty() && undescribed_requirements(doc, schema, &violations) {
        return (
            Class::SpecFault,
            format!(
                "the body's schema requires a property it does not describe ({}), which the client sends only when the caller sets it; the mock: {objections}",
                first(&violations)
            ),
        );
    }
    if !violations.is_empty() {
        return (
            Class::ClientFault,
            format!(
                "sent a body its schema refuses ({}); the mock: {objections}",
                first(&violations)
            ),
        );
    }
    let suffix = |media_type: &str| media_type.rsplit('+').next().map(str::to_owned);
    let refused_by_sibling = case.sibling_bodies.iter().any(|other| {
        other != media_type
            && suffix(other) == suffix(media_type)
            && request_schema(doc, case, other).is_some_and(|schema| {
                !validate(doc, schema, &sent, Direction::Request, "body").is_empty()
            })
    });
    if refused_by_sibling {
        return (
            Class::MockLimit,
            format!("{} ({objections})", MockLimit::VersionBySuffix.reason()),
        );
    }
    if objections.contains("oneOf") || objections.contains("exactly one") {
        return (
            Class::MockLimit,
            format!("{} ({objections})", MockLimit::OneOfDiscriminator.reason()),
        );
    }
    // What the body lacks as an answer, and only that, is what the mock objects to: required
    // `readOnly` properties, which a request leaves out.
    let as_answer = validate(doc, schema, &sent, Direction::Response, "body");
    if objections.contains("required property")
        && !as_answer.is_empty()
        && as_answer
            .iter()
            .all(|violation| missing_property(violation).is_some())
    {
        return (
            Class::MockLimit,
            format!("{} ({objections})", MockLimit::NestedReadOnly.reason()),
        );
    }
    (
        Class::ClientFault,
        format!("the mock refused a body valid against its schema with {status}: {objections}"),
    )
}

/// Whether every violation is a property the body's `schema` (with its `allOf` branches)
/// requires but describes in none of them (Figma's `putWebhook` requires `team_id`): the client
/// has it as an optional JSON value, since nothing says what it is.
fn undescribed_requirements(doc: &Document, schema: &Value, violations: &[Violation]) -> bool {
    let (schema, _) = doc.resolve(schema, "").unwrap_or((schema, String::new()));
    let sources = with_all_of(doc, schema);
    violations.iter().all(|violation| {
        violation.path == "body"
            && missing_property(violation).is_some_and(|name| {
                !sources
                    .iter()
                    .any(|source| source.get("properties").and_then(|p| p.get(name)).is_some())
            })
    })
}

/// The property a violation says is required and missing (the validator's "`name` is
/// required").
fn missing_property(violation: &Violation) -> Option<&str> {
    violation
        .message
        .strip_prefix('`')?
        .strip_suffix("` is required")
}

/// The mock's own failure in a 5xx answer: which known limit, and Prism's title for it.
fn prism_failure(exchange: &Exchange) -> Option<(MockLimit, String)> {
    let body: Value = serde_json::from_str(&exchange.response_body).ok()?;
    let title = body.get("title")?.as_str()?;
    let kind = body.get("type")?.as_str()?;
    let limit = if title.contains("NOT_ACCEPTABLE") {
        MockLimit::StatusBeforeMediaType
    } else if title.contains("schema is not defined") {
        MockLimit::DynamicWithoutSchema
    } else if title.contains("Maximum call stack") {
        MockLimit::GeneratorOverflow
    } else if title.contains("Invalid regular expression") {
        MockLimit::GeneratorPattern
    } else if kind.starts_with("https://stoplight.io/prism/errors#") {
        MockLimit::Failure
    } else {
        return None;
    };
    let title = title.lines().next().unwrap_or_default();
    Some((limit, cut(title)))
}

/// What the mock said against the request: its `sl-violations` header, else its problem body.
fn objections(exchange: &Exchange) -> String {
    if let Some(violations) = &exchange.violations {
        return cut(violations);
    }
    let Ok(body) = serde_json::from_str::<Value>(&exchange.response_body) else {
        return cut(&exchange.response_body);
    };
    match body.get("validation").and_then(Value::as_array) {
        Some(items) => items
            .iter()
            .map(|item| {
                let location = item
                    .get("location")
                    .and_then(Value::as_array)
                    .map(|parts| {
                        parts
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(".")
                    })
                    .unwrap_or_default();
                let message = item
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                format!("{location}: {message}")
            })
            .collect::<Vec<_>>()
            .join("; "),
        None => cut(&exchange.response_body),
    }
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(300) {
        Some((end, _)) => format!("{}...", text.get(..end).unwrap_or_default()),
        None => text.to_owned(),
    }
}
