//! A request as an operation's builder describes it, and how it becomes an HTTP request; how a
//! response is received; parameters and paths; the call's tracing span. (A part of `client`,
//! whose imports serve it too.)

use reqwest::header::{ACCEPT, USER_AGENT};
#[only(request_body)]
use reqwest::header::CONTENT_TYPE;

use super::*;

/// One HTTP request, as an operation's builder describes it, step by step. A step that cannot
/// be taken (a path parameter that would change the path, a body that does not serialize) marks
/// the request invalid: [`Client::call`] then fails with the first such error.
pub(crate) struct Request {
    method: reqwest::Method,
    /// The path, percent-encoded; `{name}` until the path parameter `name` is set.
    path: String,
    /// The path template, as the spec writes it (for tracing).
    template: &'static str,
    /// The operation's `operationId` (for tracing).
    operation: &'static str,
    accept: &'static str,
    /// The operation's own server, if it has one.
    #[only(operation_servers)]
    server: Option<&'static str>,
    /// The sets of security schemes the operation accepts, in order of preference.
    pub(super) security: &'static [&'static [usize]],
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    #[only(cookies)]
    cookies: Vec<(&'static str, String)>,
    #[only(request_body)]
    body: Option<Payload>,
    /// How long the request may take, instead of the client's timeout.
    timeout: Option<Duration>,
    /// How long the whole call may take, retries included, instead of the client's deadline.
    pub(crate) deadline: Option<Duration>,
    /// Whether the caller asked for an Atlas envelope, which the response is unwrapped from.
    #[only(envelope)]
    enveloped: bool,
    /// Why the request cannot be sent: the first step that failed.
    invalid: Option<Error>,
}

impl Request {
    /// A request of the operation `operation` (its `operationId`) for the path template `path`
    /// (percent-encoded, `{name}` for each path parameter, set with [`Request::path`]) that
    /// accepts `accept`.
    pub(crate) fn new(method: reqwest::Method, path: &'static str, accept: &'static str, operation: &'static str) -> Self {
        Request {
            method,
            path: path.to_owned(),
            template: path,
            operation,
            accept,
            #[only(operation_servers)]
            server: None,
            security: crate::security::DEFAULT,
            query: Vec::new(),
            headers: Vec::new(),
            #[only(cookies)]
            cookies: Vec::new(),
            #[only(request_body)]
            body: None,
            timeout: None,
            deadline: None,
            #[only(envelope)]
            enveloped: false,
            invalid: None,
        }
    }

    /// Marks the request as one that cannot be sent, unless an earlier step did.
    fn fail(&mut self, error: Error) {
        if self.invalid.is_none() {
            self.invalid = Some(error);
        }
    }

    /// The request, or why it cannot be sent.
    pub(super) fn check(mut self) -> Result<Self, Error> {
        match self.invalid.take() {
            Some(error) => Err(error),
            None => Ok(self),
        }
    }

    /// How long the whole call may take, if not the client's deadline (an operation's
    /// `deadline`).
    pub(crate) fn deadline(&mut self, deadline: Option<Duration>) {
        self.deadline = deadline;
    }

    /// How long the request may take, if not the client's timeout (an operation's `timeout`).
    pub(crate) fn timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// Sets the path parameter `name`: its text, percent-encoded, replaces `{name}`.
    pub(crate) fn path<T: ToParam>(&mut self, name: &'static str, value: T) {
        match value.to_param().and_then(|text| encode_path_segment(name, &text)) {
            Ok(segment) => self.path = self.path.replace(&format!("{{{name}}}"), &segment),
            Err(error) => self.fail(error),
        }
    }

    /// Sets the array path parameter `name`: its items, each percent-encoded, joined by commas.
    pub(crate) fn path_items<T: ToString>(&mut self, name: &'static str, values: Vec<T>) {
        match encode_path_items(name, &values) {
            Ok(segment) => self.path = self.path.replace(&format!("{{{name}}}"), &segment),
            Err(error) => self.fail(error),
        }
    }

    /// The operation's own server (its URL with the variables at their defaults).
    #[only(operation_servers)]
    pub(crate) fn server(&mut self, server: &'static str) {
        self.server = Some(server);
    }

    /// The operation's own security requirement, instead of the API's.
    #[only(operation_security)]
    pub(crate) fn security(&mut self, security: &'static [&'static [usize]]) {
        self.security = security;
    }

    /// Adds the query parameter `name`, if it has a value.
    pub(crate) fn query<T: ToParam>(&mut self, name: &'static str, value: Option<T>) {
        if let Some(text) = value.and_then(|value| self.param_text(&value)) {
            self.query.push((name, text));
        }
    }

    /// Adds the query parameter `envelope`, if it has a value; when it is `true`, the response
    /// is unwrapped from its envelope before it is decoded.
    #[only(envelope)]
    pub(crate) fn envelope(&mut self, value: Option<bool>) {
        if let Some(value) = value {
            self.enveloped = value;
            self.query.push(("envelope", value.to_string()));
        }
    }

    /// Adds the query parameter `name` once per item (an exploded array: `name=a&name=b`).
    pub(crate) fn query_each<T: ToParam>(&mut self, name: &'static str, values: Option<Vec<T>>) {
        for value in values.into_iter().flatten() {
            if let Some(text) = self.param_text(&value) {
                self.query.push((name, text));
            }
        }
    }

    /// Adds the header `name`, if it has a value.
    pub(crate) fn header<T: ToParam>(&mut self, name: &'static str, value: Option<T>) {
        if let Some(text) = value.and_then(|value| self.param_text(&value)) {
            self.headers.push((name, text));
        }
    }

    /// Adds the cookie `name`, if it has a value.
    pub(crate) fn cookie<T: ToParam>(&mut self, name: &'static str, value: Option<T>) {
        if let Some(text) = value.and_then(|value| self.param_text(&value)) {
            self.cookies.push((name, text));
        }
    }

    /// The text of a parameter's value; `None` (the request marked invalid) if it has none.
    fn param_text<T: ToParam>(&mut self, value: &T) -> Option<String> {
        value.to_param().map_err(|error| self.fail(error)).ok()
    }

    /// Sets `body`, serialized as JSON, with the `Content-Type` `content_type`.
    pub(crate) fn json_body<T: serde::Serialize>(&mut self, content_type: &'static str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Payload::Bytes { content_type, bytes }),
            Err(error) => self.fail(Error::InvalidRequest(error.to_string())),
        }
    }

    /// Sets `body` as `application/x-www-form-urlencoded` fields, written as `styles` says.
    pub(crate) fn form_body<T: serde::Serialize>(
        &mut self,
        content_type: &'static str,
        body: &T,
        styles: &[(&str, crate::body::FormStyle)],
    ) {
        match crate::body::form_urlencoded(body, styles) {
            Ok(bytes) => self.body = Some(Payload::Bytes { content_type, bytes }),
            Err(error) => self.fail(error),
        }
    }

    /// Sets `body`, text sent as it is.
    pub(crate) fn text_body(&mut self, content_type: &'static str, body: &str) {
        self.body = Some(Payload::Bytes { content_type, bytes: body.as_bytes().to_vec() });
    }

    /// Sets `body`, binary data in memory or streamed.
    pub(crate) fn binary_body(&mut self, content_type: &'static str, body: &crate::ByteStream) {
        self.body = Some(Payload::Binary { content_type, data: body.clone() });
    }

    /// Sets a `multipart/form-data` body (or marks the request invalid, if a part could not be
    /// written).
    pub(crate) fn multipart_body(&mut self, form: crate::body::Multipart) {
        match form.check() {
            Ok(form) => self.body = Some(Payload::Multipart(form)),
            Err(error) => self.fail(error),
        }
    }

    /// Marks the request invalid: the caller chose `content_type`, which the operation does not
    /// take its body as.
    pub(crate) fn unsupported_body(&mut self, content_type: &str) {
        self.fail(Error::InvalidRequest(format!("this operation does not take a `{content_type}` body")));
    }

    /// Whether the request can be sent again: its body, if any, is in memory.
    #[only(binary_body, multipart)]
    pub(crate) fn is_replayable(&self) -> bool {
        match &self.body {
            #[only(binary_body)]
            Some(Payload::Binary { data, .. }) => data.is_replayable(),
            #[only(multipart)]
            Some(Payload::Multipart(form)) => form.is_replayable(),
            _ => true,
        }
    }

    /// Whether the request can be sent again: always, as every body this API takes is in memory.
    #[unless(binary_body, multipart)]
    pub(crate) fn is_replayable(&self) -> bool {
        true
    }

    /// Whether sending the request twice has the effect of sending it once (by its method).
    pub(super) fn is_idempotent(&self) -> bool {
        use reqwest::Method;

        matches!(self.method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS)
    }

    /// The HTTP request to send through `client`, without credentials.
    pub(super) fn build(&self, client: &Inner) -> Result<reqwest::Request, Error> {
        #[only(operation_servers)]
        let url = match self.server {
            // A path's or operation's own server: absolute, or a path on the client's host.
            Some(server) if server.starts_with('/') => format!("{}{server}{}", origin(&client.base_url), self.path),
            Some(server) => format!("{server}{}", self.path),
            None => format!("{}{}", client.base_url, self.path),
        };
        #[unless(operation_servers)]
        let url = format!("{}{}", client.base_url, self.path);
        let mut builder = client
            .http
            .request(self.method.clone(), url)
            .header(ACCEPT, self.accept)
            .header(USER_AGENT, client.user_agent.clone());
        if let Some(timeout) = self.timeout.or(client.timeout) {
            builder = builder.timeout(timeout);
        }
        if !self.query.is_empty() {
            builder = builder.query(&self.query);
        }
        for (name, value) in &self.headers {
            builder = builder.header(*name, value);
        }
        #[only(cookies)]
        if !self.cookies.is_empty() {
            builder = builder.header(reqwest::header::COOKIE, cookie_header(&self.cookies));
        }
        #[only(request_body)]
        let builder = match &self.body {
            None => builder,
            #[only(bytes_body)]
            Some(Payload::Bytes { content_type, bytes }) => builder.header(CONTENT_TYPE, *content_type).body(bytes.clone()),
            #[only(binary_body)]
            Some(Payload::Binary { content_type, data }) => {
                builder.header(CONTENT_TYPE, data.content_type().unwrap_or(content_type)).body(data.to_body()?)
            }
            #[only(multipart)]
            Some(Payload::Multipart(form)) => builder.multipart(form.to_form()?),
        };
        builder.build().map_err(Error::from_transport)
    }
}

/// A request's body, ready to be sent (again).
#[only(request_body)]
enum Payload {
    /// Serialized already: JSON, form fields, text.
    #[only(bytes_body)]
    Bytes { content_type: &'static str, bytes: Vec<u8> },
    /// Binary data, in memory or streamed; its own content type, if set, wins.
    #[only(binary_body)]
    Binary { content_type: &'static str, data: crate::ByteStream },
    #[only(multipart)]
    Multipart(crate::body::Multipart),
}

/// What a call makes of a response with a success status.
pub(crate) trait Received: Sized {
    /// Receives `response`, the answer to `request`.
    fn receive(request: &Request, response: reqwest::Response) -> impl Future<Output = Result<Self, Error>> + Send;

    /// The status the call ends with (an enveloped one, for an envelope), for its trace.
    fn status(&self) -> StatusCode;
}

/// Read whole.
#[only(calls)]
impl Received for Response {
    async fn receive(request: &Request, response: reqwest::Response) -> Result<Self, Error> {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::from_transport)?.to_vec();
        #[only(envelope)]
        let (status, body) = if request.enveloped { unwrap_envelope(status, &headers, body)? } else { (status, body) };
        #[unless(envelope)]
        let _ = request;
        #[unless(response_body)]
        drop(body);
        Ok(Response {
            status,
            headers,
            #[only(response_body)]
            body,
        })
    }

    fn status(&self) -> StatusCode {
        self.status
    }
}

/// Handed over unread.
#[only(download)]
impl Received for crate::Download {
    async fn receive(_: &Request, response: reqwest::Response) -> Result<Self, Error> {
        Ok(crate::Download::new(response))
    }

    fn status(&self) -> StatusCode {
        self.status
    }
}

/// The status and body inside an Atlas envelope (the body of a call that set `envelope` to
/// `true`): `{"status": 404, "content": {...}}` holds the body in `content`; a list's envelope
/// is the list itself with `status` added beside `results`. An enveloped error status becomes
/// the [`Error`] the same response without an envelope would give. A body that is not an
/// envelope (no numeric `status`) is kept as it is.
#[only(envelope)]
fn unwrap_envelope(status: StatusCode, headers: &reqwest::header::HeaderMap, body: Vec<u8>) -> Result<(StatusCode, Vec<u8>), Error> {
    use serde_json::Value;

    let Ok(Value::Object(mut envelope)) = serde_json::from_slice::<Value>(&body) else { return Ok((status, body)) };
    let Some(inner) = envelope.get("status").and_then(Value::as_u64).and_then(|code| u16::try_from(code).ok()) else {
        return Ok((status, body));
    };
    let Ok(inner) = StatusCode::from_u16(inner) else { return Ok((status, body)) };
    let content = match envelope.remove("content") {
        Some(content) => content,
        None => {
            envelope.remove("status");
            Value::Object(envelope)
        }
    };
    let content = serde_json::to_vec(&content).map_err(|error| Error::InvalidRequest(error.to_string()))?;
    if inner.is_client_error() || inner.is_server_error() {
        return Err(Error::from_response(inner, retry_after(headers), &content));
    }
    Ok((inner, content))
}

/// A response with a success status, read whole.
#[only(calls)]
pub(crate) struct Response {
    pub(super) status: StatusCode,
    pub(super) headers: reqwest::header::HeaderMap,
    #[only(response_body)]
    body: Vec<u8>,
}

#[only(calls)]
impl Response {
    pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            body: String::from_utf8_lossy(&self.body).into_owned(),
            source,
        })
    }

    /// For an API version whose spec lists success statuses without a body (`empty`, a `204`)
    /// beside one with JSON: `None` when one of them came, the decoded body otherwise.
    pub(crate) fn json_unless<T: serde::de::DeserializeOwned>(self, empty: &[u16]) -> Result<Option<T>, Error> {
        if empty.contains(&self.status.as_u16()) {
            return Ok(None);
        }
        self.json().map(Some)
    }

    /// The response's status, for an operation whose success statuses answer different bodies.
    pub(crate) fn status_code(&self) -> u16 {
        self.status.as_u16()
    }

    /// For an operation whose success response has no body (or none it reads).
    pub(crate) fn ignore(self) -> Result<(), Error> {
        Ok(())
    }
}

/// The most of an error response's body (or a token endpoint's answer) the client reads: enough
/// for any error message, and a bound on what a hostile or broken server can make it hold.
const BOUNDED_BODY: usize = 64 * 1024;

/// The body of `response`, read up to [`BOUNDED_BODY`] bytes; the rest is left unread (and the
/// connection closed with the response).
pub(crate) async fn bounded_body(mut response: reqwest::Response) -> Result<Vec<u8>, Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::from_transport)? {
        let room = BOUNDED_BODY - body.len();
        if chunk.len() >= room {
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The text a path, query, header or cookie parameter's value is sent as.
pub(crate) trait ToParam {
    fn to_param(&self) -> Result<String, Error>;
}

/// Scalars and enums: their `Display` text (JSON text for a JSON value).
impl<T: fmt::Display> ToParam for T {
    fn to_param(&self) -> Result<String, Error> {
        Ok(self.to_string())
    }
}

/// Binary data, which has no text form, is sent as a JSON string.
#[only(binary)]
impl ToParam for crate::ByteStream {
    fn to_param(&self) -> Result<String, Error> {
        serde_json::to_string(self).map_err(|error| Error::InvalidRequest(error.to_string()))
    }
}

/// Percent-encodes the value of the path parameter `name`, so that a `/` or `?` in it cannot
/// change the path.
///
/// An empty value, `.` or `..` is refused: URL parsing folds such a segment away
/// (`/groups/../clusters` is `/clusters`), so the request would reach another resource.
pub(crate) fn encode_path_segment(name: &str, value: &str) -> Result<String, Error> {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

    // Bytes escaped in a path segment: all but RFC 3986's unreserved characters. (Inside the
    // function, so that a crate whose enabled operations have no path parameters can leave it out.)
    const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
    if matches!(value, "" | "." | "..") {
        return Err(Error::InvalidRequest(format!(
            "the path parameter `{name}` is {value:?}, which would change the resource the request reaches"
        )));
    }
    Ok(utf8_percent_encode(value, PATH_SEGMENT).to_string())
}

/// Fails with [`Error::InvalidRequest`] unless `url` is an absolute URL.
pub(crate) fn check_url(what: &str, url: &str) -> Result<(), Error> {
    reqwest::Url::parse(url).map(drop).map_err(|error| Error::InvalidRequest(format!("invalid {what} {url:?}: {error}")))
}

/// The URL of the spec's default server with `variables` set (the others at their defaults), or
/// `None` when the spec names no server with a host.
pub(crate) fn default_url(variables: &[(&'static str, String)]) -> Option<String> {
    let mut url = crate::servers::DEFAULT_SERVER?.to_owned();
    for (name, default) in crate::servers::VARIABLES {
        let value = variables.iter().rev().find(|(set, _)| set == name).map_or(*default, |(_, value)| value.as_str());
        url = url.replace(&format!("{{{name}}}"), value);
    }
    Some(url)
}

/// The scheme, host and port of `url` (`https://example.com:8443` of `https://example.com:8443/api`).
#[only(operation_servers, client_credentials)]
pub(crate) fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |at| at + 3);
    match url.get(after_scheme..).and_then(|rest| rest.find('/')) {
        Some(slash) => url.get(..after_scheme + slash).unwrap_or(url),
        None => url,
    }
}

/// `url` (a URL the spec gives, such as a token URL) moved onto `base_url`: a path on the
/// client's host if relative; under `base_url` if it is under the spec's default server; on the
/// client's host if it is on the default server's host; else `url` itself.
#[only(client_credentials)]
pub(crate) fn rebase(url: &str, base_url: &str) -> String {
    if url.starts_with('/') {
        return format!("{}{url}", origin(base_url));
    }
    let Some(default) = default_url(&[]) else { return url.to_owned() };
    if let Some(path) = url.strip_prefix(default.as_str()).filter(|path| path.is_empty() || path.starts_with('/')) {
        return format!("{base_url}{path}");
    }
    match url.strip_prefix(origin(&default)).filter(|path| path.is_empty() || path.starts_with('/')) {
        Some(path) => format!("{}{path}", origin(base_url)),
        None => url.to_owned(),
    }
}

/// The items of an array path parameter `name`, each percent-encoded, joined by commas (the
/// `simple` style); refused as [`encode_path_segment`] refuses a value.
pub(crate) fn encode_path_items<T: ToString>(name: &str, items: &[T]) -> Result<String, Error> {
    let items: Vec<String> = items.iter().map(|item| encode_path_segment(name, &item.to_string())).collect::<Result<_, _>>()?;
    encode_path_segment(name, &items.join(","))?;
    Ok(items.join(","))
}

/// The items of an array parameter, if it has a value, as text joined by `separator`.
pub(crate) fn join<T: ToString>(values: Option<Vec<T>>, separator: &str) -> Option<String> {
    values.map(|values| values.iter().map(ToString::to_string).collect::<Vec<_>>().join(separator))
}

/// A `Cookie` header of `cookies`, each value percent-encoded where a cookie value may not hold
/// the byte (RFC 6265: controls, space, `"`, `,`, `;`, `\\`, `%` itself, and non-ASCII).
#[only(cookies)]
fn cookie_header(cookies: &[(&'static str, String)]) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

    const NOT_COOKIE_OCTET: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');
    let pairs: Vec<String> =
        cookies.iter().map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NOT_COOKIE_OCTET))).collect();
    pairs.join("; ")
}

/// Stands in for a secret in `Debug` output.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The span a call is traced in: `call`, at the `INFO` level, with the fields
///
/// - `operation_id`: the operation's `operationId`;
/// - `method`: the HTTP method;
/// - `path`: the path template, such as `/groups/{groupId}/clusters` (not the parameters' values);
/// - `api_version`: the API version of the media type the operation accepts, or that media type
///   when the API does not version its media types;
/// - `attempt`: the number of the attempt being sent, 1 for the first;
/// - `status`: the response's status, once known (none after a transport failure);
/// - `duration_ms`: how long the whole call took, retries included, once it ended.
///
/// Neither a parameter's value, a body, a header nor a credential is ever recorded.
pub(super) fn call_span(request: &Request) -> tracing::Span {
    tracing::info_span!(
        "call",
        operation_id = request.operation,
        method = request.method.as_str(),
        path = request.template,
        api_version = api_version(request.accept),
        attempt = 1u32,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    )
}

/// The start of the media types of the API's versions, before the version itself (the spec's
/// versioned media types all start so).
#[only(media_versions)]
const MEDIA_VERSION_PREFIX: &str = "application/vnd.atlas.";

/// The API version of the media type `accept`: the text after [`MEDIA_VERSION_PREFIX`] up to its
/// structured syntax suffix or parameters (`2023-01-01` of
/// `application/vnd.atlas.2023-01-01+json`); the media type itself if it has no version.
#[only(media_versions)]
fn api_version(accept: &'static str) -> &'static str {
    accept
        .strip_prefix(MEDIA_VERSION_PREFIX)
        .and_then(|rest| rest.split(['+', ';']).next())
        .filter(|version| !version.is_empty())
        .unwrap_or(accept)
}

/// The API version of the media type `accept`: the media type itself, as the API does not
/// version its media types.
#[unless(media_versions)]
fn api_version(accept: &'static str) -> &'static str {
    accept
}
