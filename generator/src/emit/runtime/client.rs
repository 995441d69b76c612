//! The HTTP plumbing every operation goes through: the client and its settings, building and
//! sending a request (authenticated, and again when its failure may pass), and decoding the
//! response.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
#[only(request_body)]
use reqwest::header::CONTENT_TYPE;
use reqwest::header::{ACCEPT, HeaderValue, USER_AGENT};

use crate::auth::Authenticator;
use crate::retry::{Retries, retry_after};
use crate::{Credentials, Error, RetryPolicy};
use tracing::Instrument as _;

/// What awaiting a request builder gives.
pub type ResponseFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// The `User-Agent` sent unless [`ClientBuilder::user_agent`] sets another.
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How long connecting to the API may take, unless [`ClientBuilder::connect_timeout`] sets
/// another time: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one request may take, from connecting until the whole response is read, unless
/// [`ClientBuilder::timeout`] (or an operation's `timeout`) sets another time: 60 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A client of the API. Cloning it is cheap and shares its connection pool, its credentials and
/// the access token or digest challenge they last received.
///
/// `Debug` never shows a private key, a client secret or an access token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    user_agent: HeaderValue,
    auth: Authenticator,
    retry: RetryPolicy,
    /// The timeout of each request, when not set on `http` itself (a caller's client).
    timeout: Option<Duration>,
}

impl Client {
    /// A client of the API's default server with default settings and no credentials.
    ///
    /// Fails with [`Error::InvalidRequest`] when the API's spec names no server to default to: use
    /// [`Client::builder`] and [`ClientBuilder::base_url`]. Use [`ClientBuilder::credentials`] to
    /// authenticate.
    pub fn new() -> Result<Self, Error> {
        Self::builder().build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL every request path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request` and decodes the response with `decode`: the one way every operation's
    /// `send` goes. A request that could not be built (a refused path parameter, a body that does
    /// not serialize) fails the call with the first reason, without being sent.
    pub(crate) fn call<'a, T: 'a>(&'a self, request: Request, decode: fn(Response) -> Result<T, Error>) -> ResponseFuture<'a, T> {
        Box::pin(async move {
            let request = request.check()?;
            decode(self.execute(request).await?)
        })
    }

    /// Sends `request` as [`Client::call`] does, and hands over the body of its success response
    /// unread: the way an operation whose response is not JSON goes.
    #[only(download)]
    pub(crate) fn download(&self, request: Request) -> ResponseFuture<'_, crate::Download> {
        Box::pin(async move { self.execute(request.check()?).await })
    }

    /// Sends `request` and receives the success response as `R` (read whole, or not yet read);
    /// error statuses become [`Error`]s.
    ///
    /// A rate-limited request, or an idempotent one that failed in a way that may pass, is sent
    /// again as the client's [`RetryPolicy`] allows.
    ///
    /// The call is traced as one `call` span (see [`call_span`]), with an event for each retry.
    async fn execute<R: Received>(&self, request: Request) -> Result<R, Error> {
        let span = call_span(&request);
        let started = Instant::now();
        let result = self.send_with_retries::<R>(&request, &span).instrument(span.clone()).await;
        let status = match &result {
            Ok(received) => Some(received.status()),
            Err(error) => error.status(),
        };
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        span.record("duration_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
        result
    }

    /// The retry loop of [`Client::execute`], recording each attempt's number on `span`.
    async fn send_with_retries<R: Received>(&self, request: &Request, span: &tracing::Span) -> Result<R, Error> {
        use reqwest::Method;

        let idempotent = matches!(request.method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS);
        let mut retries = Retries::default();
        let mut attempt: u32 = 1;
        loop {
            let error = match self.send_authenticated(request).await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            // A streamed body cannot be sent twice.
            let Some(delay) = self.inner.retry.delay(&retries, &error, idempotent).filter(|_| request.is_replayable()) else {
                return Err(error);
            };
            attempt += 1;
            tracing::info!(
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                reason = %RetryReason(&error),
                "sending the request again"
            );
            retries.record(delay);
            tokio::time::sleep(delay).await;
            span.record("attempt", attempt);
        }
    }

    /// Sends `request` with the client's credentials, and sends it again with fresh ones when the
    /// API answers `401 Unauthorized` in a way that calls for them (a digest challenge, an expired
    /// access token). The body of an error response is read whole.
    async fn send_authenticated<R: Received>(&self, request: &Request) -> Result<R, Error> {
        let inner = &*self.inner;
        let mut renewals = 0;
        loop {
            let mut outgoing = self.build(request)?;
            let sent = inner.auth.authorize(request.security, &inner.http, &inner.user_agent, &mut outgoing).await?;
            let response = inner.http.execute(outgoing).await.map_err(Error::from_transport)?;
            let status = response.status();
            if status.is_success() {
                return R::receive(request, response).await;
            }
            let headers = response.headers().clone();
            let body = response.bytes().await.map_err(Error::from_transport)?;
            if status == StatusCode::UNAUTHORIZED && request.is_replayable() && inner.auth.renew(&sent, &headers, renewals).await {
                renewals += 1;
                continue;
            }
            return Err(Error::from_response(status, retry_after(&headers), &body));
        }
    }

    /// The HTTP request for `request`, without credentials.
    fn build(&self, request: &Request) -> Result<reqwest::Request, Error> {
        #[only(operation_servers)]
        let url = match request.server {
            // A path's or operation's own server: absolute, or a path on the client's host.
            Some(server) if server.starts_with('/') => format!("{}{server}{}", origin(&self.inner.base_url), request.path),
            Some(server) => format!("{server}{}", request.path),
            None => format!("{}{}", self.inner.base_url, request.path),
        };
        #[unless(operation_servers)]
        let url = format!("{}{}", self.inner.base_url, request.path);
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url)
            .header(ACCEPT, request.accept)
            .header(USER_AGENT, self.inner.user_agent.clone());
        if let Some(timeout) = request.timeout.or(self.inner.timeout) {
            builder = builder.timeout(timeout);
        }
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        #[only(cookies)]
        if !request.cookies.is_empty() {
            builder = builder.header(reqwest::header::COOKIE, cookie_header(&request.cookies));
        }
        #[only(request_body)]
        let builder = match &request.body {
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

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("user_agent", &self.inner.user_agent)
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

/// Settings for a [`Client`].
///
/// `Debug` never shows a private key or a client secret.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
    /// Values of the default server's URL variables, set with the builder's `server_*` methods.
    server_variables: Vec<(&'static str, String)>,
    user_agent: String,
    http: Option<reqwest::Client>,
    credentials: Vec<Credentials>,
    #[only(client_credentials)]
    token_url: Option<String>,
    retry: RetryPolicy,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            server_variables: Vec::new(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            http: None,
            credentials: Vec::new(),
            #[only(client_credentials)]
            token_url: None,
            retry: RetryPolicy::default(),
            connect_timeout: None,
            timeout: None,
        }
    }
}

impl ClientBuilder {
    /// The URL request paths are appended to, instead of the API's default server.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sets the default server's URL variable `name` (the generated `server_*` methods call this).
    #[only(server_variables)]
    pub(crate) fn server_variable(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.server_variables.push((name, value.into()));
        self
    }

    /// Credentials for one of the API's security schemes (default none). Call it once per scheme
    /// you have credentials for; each call operation uses the first set of schemes it accepts
    /// that the client has credentials for.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials.retain(|other| other.scheme() != credentials.scheme());
        self.credentials.push(credentials);
        self
    }

    /// Where OAuth 2.0 client credentials are exchanged for access tokens, instead of the token
    /// URL of the spec (which follows [`ClientBuilder::base_url`] when it is on the default server).
    #[only(client_credentials)]
    pub fn token_url(mut self, token_url: impl Into<String>) -> Self {
        self.token_url = Some(token_url.into());
        self
    }

    /// When failed requests are sent again (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How long connecting to the API may take (default [`DEFAULT_CONNECT_TIMEOUT`], 10 seconds).
    /// A connection that takes longer fails the attempt with [`Error::Timeout`].
    ///
    /// Not used with [`ClientBuilder::http_client`]: a client of your own connects within its
    /// own connect timeout (set with `reqwest::ClientBuilder::connect_timeout`).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one request may take, from connecting until the whole response is read (default
    /// [`DEFAULT_TIMEOUT`], 60 seconds). A request that takes longer fails with
    /// [`Error::Timeout`]. It bounds each attempt: a retried call may take longer in all (see
    /// [`RetryPolicy`]). An operation's `timeout` method sets another time for one call.
    ///
    /// With [`ClientBuilder::http_client`], a timeout set here applies to every operation's
    /// request, instead of the timeout of your client; if none is set here, your client's own
    /// timeout (if any) applies, and [`DEFAULT_TIMEOUT`] does not.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The HTTP client to send requests with, for its proxies or TLS settings.
    ///
    /// Its own connect timeout and request timeout apply instead of [`DEFAULT_CONNECT_TIMEOUT`]
    /// and [`DEFAULT_TIMEOUT`] (`reqwest` sets none by default); [`ClientBuilder::timeout`] and an
    /// operation's `timeout` still apply to the requests of operations, while
    /// [`ClientBuilder::connect_timeout`] does not apply.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::InvalidRequest`] when there is no base URL (none set, and the spec
    /// names no server to default to), or the base URL, token URL or user agent is not valid.
    pub fn build(self) -> Result<Client, Error> {
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::InvalidRequest(format!("invalid user agent {:?}", self.user_agent)))?;
        let base_url = match self.base_url {
            Some(base_url) => base_url,
            None => default_url(&self.server_variables).ok_or_else(|| {
                Error::InvalidRequest(format!(
                    "no base URL: the API's spec names no server to default to ({}); set one with `ClientBuilder::base_url`",
                    crate::servers::ABOUT
                ))
            })?,
        };
        let base_url = base_url.trim_end_matches('/').to_owned();
        check_url("base URL", &base_url)?;
        #[only(client_credentials)]
        if let Some(token_url) = &self.token_url {
            check_url("token URL", token_url)?;
        }
        // The client's own timeouts bound token requests too; a caller's client keeps its own.
        let (http, timeout) = match self.http {
            Some(http) => (http, self.timeout),
            None => {
                let http = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .build()
                    .map_err(Error::from_transport)?;
                (http, None)
            }
        };
        #[only(client_credentials)]
        let token_url = self.token_url.as_deref();
        #[unless(client_credentials)]
        let token_url = None;
        let auth = Authenticator::new(self.credentials, &base_url, token_url)?;
        Ok(Client { inner: Arc::new(Inner { http, base_url, user_agent, auth, retry: self.retry, timeout }) })
    }
}

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
    security: &'static [&'static [usize]],
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    #[only(cookies)]
    cookies: Vec<(&'static str, String)>,
    #[only(request_body)]
    body: Option<Payload>,
    /// How long the request may take, instead of the client's timeout.
    timeout: Option<Duration>,
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
    fn check(mut self) -> Result<Self, Error> {
        match self.invalid.take() {
            Some(error) => Err(error),
            None => Ok(self),
        }
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
        #[only(envelope)]
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
    status: StatusCode,
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

    /// For an operation whose success response has no body (or none it reads).
    pub(crate) fn ignore(self) -> Result<(), Error> {
        Ok(())
    }
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
fn call_span(request: &Request) -> tracing::Span {
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

/// Why a call is sent again, for tracing: the response's status, or the kind of failure (never a
/// body or a header).
struct RetryReason<'a>(&'a Error);

impl fmt::Display for RetryReason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Error::Timeout(_) => f.write_str("timeout"),
            Error::Connect(_) => f.write_str("connection failed"),
            Error::Transport(_) => f.write_str("connection broken"),
            error => match error.status() {
                Some(status) => write!(f, "status {}", status.as_u16()),
                None => f.write_str("error"),
            },
        }
    }
}
