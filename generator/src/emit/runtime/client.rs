//! The HTTP plumbing every operation goes through: the client and its settings, building and
//! sending a request (authenticated, and again when its failure may pass), and decoding the
//! response.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::HeaderValue;

use crate::auth::Authenticator;
use crate::retry::{Retries, retry_after};
use crate::{Credentials, Error, RetryPolicy};
use tracing::Instrument as _;

mod request;

// The request's helpers, as `crate::client::Request` and so on (only those a crate needs are
// generated, so they are not named one by one).
pub(crate) use request::*;

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
    /// How long one call may take in all, retries included, unless an operation sets its own.
    deadline: Option<Duration>,
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

    /// Sends `request` as [`Client::call`] does, and gives the response's status and headers
    /// beside the decoded value: every operation's `send_with_response`.
    #[only(calls)]
    pub(crate) fn call_with_response<'a, T: 'a>(&'a self, request: Request, decode: fn(Response) -> Result<T, Error>) -> ResponseFuture<'a, ResponseValue<T>> {
        Box::pin(async move {
            let request = request.check()?;
            let response = self.execute::<Response>(request).await?;
            let (status, headers) = (response.status, response.headers.clone());
            Ok(ResponseValue { status, headers, value: decode(response)? })
        })
    }

    /// Sends `request` as [`Client::call`] does, and hands over the body of its success response
    /// unread: the way an operation whose response is not JSON goes.
    #[only(download)]
    pub(crate) fn download(&self, request: Request) -> ResponseFuture<'_, crate::Download> {
        Box::pin(async move { self.execute(request.check()?).await })
    }

    /// [`Client::download`], with the response's status and headers beside the download.
    #[only(download)]
    pub(crate) fn download_with_response(&self, request: Request) -> ResponseFuture<'_, ResponseValue<crate::Download>> {
        Box::pin(async move {
            let download: crate::Download = self.execute(request.check()?).await?;
            Ok(ResponseValue { status: download.status, headers: download.headers.clone(), value: download })
        })
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
        let idempotent = request.is_idempotent();
        let deadline = request.deadline.or(self.inner.deadline);
        let ends = deadline.map(|deadline| tokio::time::Instant::now() + deadline);
        let mut retries = Retries::default();
        let mut attempt: u32 = 1;
        loop {
            let sent = self.send_authenticated(request);
            let result = match (ends, deadline) {
                (Some(ends), Some(deadline)) => tokio::time::timeout_at(ends, sent).await.unwrap_or(Err(Error::Deadline(deadline))),
                _ => sent.await,
            };
            let error = match result {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            // A streamed body cannot be sent twice.
            let Some(delay) = self.inner.retry.delay(&retries, &error, idempotent).filter(|_| request.is_replayable()) else {
                return Err(error);
            };
            // A retry that could not start before the deadline is not waited for.
            if ends.is_some_and(|ends| tokio::time::Instant::now() + delay >= ends) {
                return Err(error);
            }
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
            let mut outgoing = request.build(inner)?;
            let sent = inner.auth.authorize(request.security, &inner.http, &inner.user_agent, &mut outgoing).await?;
            let response = inner.http.execute(outgoing).await.map_err(Error::from_transport)?;
            let status = response.status();
            if status.is_success() {
                return R::receive(request, response).await;
            }
            let headers = response.headers().clone();
            let body = bounded_body(response).await?;
            if status == StatusCode::UNAUTHORIZED && request.is_replayable() && inner.auth.renew(&sent, &headers, renewals).await {
                renewals += 1;
                continue;
            }
            return Err(Error::from_response(status, retry_after(&headers), &body));
        }
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
            .field("deadline", &self.inner.deadline)
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
    deadline: Option<Duration>,
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
            deadline: None,
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

    /// How long one attempt of a call may take, from connecting until the whole response is read
    /// (default [`DEFAULT_TIMEOUT`], 60 seconds). An attempt that takes longer fails with
    /// [`Error::Timeout`], and may be sent again (see [`RetryPolicy`]), so a call may take longer
    /// in all: [`ClientBuilder::deadline`] bounds the whole call. An operation's `timeout` method
    /// sets another time for one call.
    ///
    /// With [`ClientBuilder::http_client`], a timeout set here applies to every operation's
    /// request, instead of the timeout of your client; if none is set here, your client's own
    /// timeout (if any) applies, and [`DEFAULT_TIMEOUT`] does not.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How long one call may take in all (no limit by default): every attempt, the waits
    /// between them and the reading of a response decoded whole. A call still running then
    /// fails with [`Error::Deadline`]; a retry that could not start before it is not waited for
    /// (the last attempt's error is returned). The body of a download, read after the call
    /// returns, is bounded by [`ClientBuilder::timeout`] instead. An operation's
    /// `deadline` method sets another limit for one call.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
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
        Ok(Client { inner: Arc::new(Inner { http, base_url, user_agent, auth, retry: self.retry, timeout, deadline: self.deadline }) })
    }
}

/// What an operation's `send_with_response` gives: the response's status and headers beside
/// its value (the same value `.await` on the operation gives). It dereferences to the value.
#[derive(Debug)]
pub struct ResponseValue<T> {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    value: T,
}

impl<T> ResponseValue<T> {
    /// The response's HTTP status (one of the operation's success statuses).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The value, without the status and headers.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> std::ops::Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Why a call is sent again, for tracing: the response's status, or the kind of failure (never a
/// body or a header).
struct RetryReason<'a>(&'a Error);

impl fmt::Display for RetryReason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Error::Timeout(_) => f.write_str("timeout"),
            Error::Deadline(_) => f.write_str("deadline"),
            Error::Connect(_) => f.write_str("connection failed"),
            Error::Transport(_) => f.write_str("connection broken"),
            error => match error.status() {
                Some(status) => write!(f, "status {}", status.as_u16()),
                None => f.write_str("error"),
            },
        }
    }
}
