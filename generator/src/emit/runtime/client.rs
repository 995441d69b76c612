//! The HTTP plumbing every operation goes through: the client and its settings, building and
//! sending a request (authenticated, and again when rate-limited), and decoding the response.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, USER_AGENT};

use crate::auth::Authenticator;
use crate::retry::{Retries, retry_after};
use crate::{Credentials, Error, RetryPolicy};

/// What awaiting a request builder gives.
pub type ResponseFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// The `User-Agent` sent unless [`ClientBuilder::user_agent`] sets another.
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Where a service account exchanges its credentials for access tokens, relative to the base URL.
const TOKEN_PATH: &str = "/api/oauth/token";

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
}

impl Client {
    /// An anonymous client of [`crate::DEFAULT_BASE_URL`] with default settings.
    ///
    /// The API answers most requests without credentials with `401 Unauthorized`: use
    /// [`Client::builder`] and [`ClientBuilder::credentials`] to set them.
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

    /// Sends `request` and reads the whole response; error statuses become [`Error`]s.
    ///
    /// A rate-limited request is sent again as the client's [`RetryPolicy`] allows.
    pub(crate) async fn execute(&self, request: Request) -> Result<Response, Error> {
        let mut retries = Retries::default();
        loop {
            let error = match self.send_authenticated(&request).await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            let Some(delay) = self.inner.retry.delay(&retries, &error) else { return Err(error) };
            retries.record(delay);
            tokio::time::sleep(delay).await;
        }
    }

    /// Sends `request` with the client's credentials, and sends it again with fresh ones when the
    /// API answers `401 Unauthorized` in a way that calls for them (a digest challenge, an expired
    /// access token).
    async fn send_authenticated(&self, request: &Request) -> Result<Response, Error> {
        let inner = &*self.inner;
        let mut renewals = 0;
        loop {
            let mut outgoing = self.build(request)?;
            let token = inner.auth.authorize(&inner.http, &inner.user_agent, &mut outgoing).await?;
            let response = inner.http.execute(outgoing).await.map_err(Error::from_transport)?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await.map_err(Error::from_transport)?.to_vec();
            if status.is_success() {
                return Ok(Response { status, body });
            }
            if status == StatusCode::UNAUTHORIZED && inner.auth.renew(token.as_ref(), &headers, renewals).await {
                renewals += 1;
                continue;
            }
            return Err(Error::from_response(status, retry_after(&headers), &body));
        }
    }

    /// The HTTP request for `request`, without credentials.
    fn build(&self, request: &Request) -> Result<reqwest::Request, Error> {
        let url = format!("{}{}", self.inner.base_url, request.path);
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url)
            .header(ACCEPT, request.accept)
            .header(USER_AGENT, self.inner.user_agent.clone());
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder.header(CONTENT_TYPE, *content_type).body(body.clone());
        }
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
            .finish_non_exhaustive()
    }
}

/// Settings for a [`Client`].
///
/// `Debug` never shows a private key or a client secret.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    user_agent: String,
    http: Option<reqwest::Client>,
    credentials: Option<Credentials>,
    token_url: Option<String>,
    retry: RetryPolicy,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            http: None,
            credentials: None,
            token_url: None,
            retry: RetryPolicy::default(),
        }
    }
}

impl ClientBuilder {
    /// The URL request paths are appended to (default [`crate::DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The credentials to authenticate with (default none).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Where a [service account](Credentials::service_account) fetches its access tokens
    /// (default `/api/oauth/token` under the base URL).
    pub fn token_url(mut self, token_url: impl Into<String>) -> Self {
        self.token_url = Some(token_url.into());
        self
    }

    /// When rate-limited requests are sent again (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The HTTP client to send requests with, for its timeouts, proxies or TLS settings.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::InvalidRequest`] when the base URL, token URL or user agent is not
    /// valid.
    pub fn build(self) -> Result<Client, Error> {
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::InvalidRequest(format!("invalid user agent {:?}", self.user_agent)))?;
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let token_url = self.token_url.unwrap_or_else(|| format!("{base_url}{TOKEN_PATH}"));
        for (what, url) in [("base URL", &base_url), ("token URL", &token_url)] {
            reqwest::Url::parse(url).map_err(|error| Error::InvalidRequest(format!("invalid {what} {url:?}: {error}")))?;
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build().map_err(Error::from_transport)?,
        };
        let auth = Authenticator::new(self.credentials, token_url);
        Ok(Client { inner: Arc::new(Inner { http, base_url, user_agent, auth, retry: self.retry }) })
    }
}

/// One HTTP request, as an operation's builder describes it.
pub(crate) struct Request {
    method: reqwest::Method,
    path: String,
    accept: &'static str,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<(&'static str, Vec<u8>)>,
}

impl Request {
    /// A request for `path` (already percent-encoded) that accepts `accept`.
    pub(crate) fn new(method: reqwest::Method, path: String, accept: &'static str) -> Self {
        Request { method, path, accept, query: Vec::new(), headers: Vec::new(), body: None }
    }

    pub(crate) fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name, value));
    }

    pub(crate) fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    /// Sets `body`, serialized as JSON, with the `Content-Type` `content_type`.
    pub(crate) fn json_body<T: serde::Serialize>(&mut self, content_type: &'static str, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|error| Error::InvalidRequest(error.to_string()))?;
        self.body = Some((content_type, bytes));
        Ok(())
    }
}

/// A response with a success status, read whole.
pub(crate) struct Response {
    status: StatusCode,
    body: Vec<u8>,
}

impl Response {
    pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            body: String::from_utf8_lossy(&self.body).into_owned(),
            source,
        })
    }

    pub(crate) fn text(self) -> Result<String, Error> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.body
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

/// Stands in for a secret in `Debug` output.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}
