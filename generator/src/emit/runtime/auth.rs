//! Authentication: a programmatic API key answering HTTP Digest challenges, or a service account
//! exchanging its client credentials for OAuth 2.0 access tokens, and what each keeps between
//! requests.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT, WWW_AUTHENTICATE};
use serde::Deserialize;
use tokio::time::Instant;

use crate::Error;
use crate::retry::retry_after;

/// Bytes escaped in a client ID or secret before HTTP Basic encoding (RFC 6749, section 2.3.1):
/// all but RFC 3986's unreserved characters.
const FORM_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The credentials a [`Client`](crate::Client) authenticates with.
///
/// The API accepts two kinds: a service account, which the client exchanges for short-lived
/// OAuth 2.0 access tokens, and a programmatic API key, sent with HTTP Digest authentication.
/// Either is set with [`ClientBuilder::credentials`](crate::ClientBuilder::credentials).
///
/// `Debug` shows the public key or client ID, never the private key or client secret.
#[derive(Clone)]
pub struct Credentials(Kind);

#[derive(Clone)]
enum Kind {
    Digest { public_key: String, private_key: Secret },
    ServiceAccount { client_id: String, client_secret: Secret },
}

impl Credentials {
    /// A programmatic API key: `public_key` is the user name and `private_key` the password of
    /// HTTP Digest authentication.
    ///
    /// The client answers the API's first challenge, then answers each later request in advance
    /// with the same challenge, counting its uses, until the API sends a new one.
    pub fn digest(public_key: impl Into<String>, private_key: impl Into<String>) -> Self {
        Credentials(Kind::Digest { public_key: public_key.into(), private_key: Secret(private_key.into()) })
    }

    /// A service account, exchanged for access tokens with the OAuth 2.0 client credentials grant.
    ///
    /// The client fetches a token on the first call and shares it between all calls (clones of
    /// the client included), fetches the next one a minute before it expires, and fetches a new
    /// one at once when the API rejects it.
    pub fn service_account(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Credentials(Kind::ServiceAccount { client_id: client_id.into(), client_secret: Secret(client_secret.into()) })
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Digest { public_key, private_key } => {
                f.debug_struct("Digest").field("public_key", public_key).field("private_key", private_key).finish()
            }
            Kind::ServiceAccount { client_id, client_secret } => f
                .debug_struct("ServiceAccount")
                .field("client_id", client_id)
                .field("client_secret", client_secret)
                .finish(),
        }
    }
}

/// A string that `Debug` never shows.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&crate::Redacted, f)
    }
}

/// A client's credentials, with what they keep between requests.
#[derive(Debug)]
pub(crate) enum Authenticator {
    /// Requests are sent without credentials.
    Anonymous,
    Digest(Digest),
    ServiceAccount(ServiceAccount),
}

impl Authenticator {
    /// The authenticator for `credentials`; a service account fetches its tokens from `token_url`.
    pub(crate) fn new(credentials: Option<Credentials>, token_url: String) -> Self {
        match credentials.map(|credentials| credentials.0) {
            None => Authenticator::Anonymous,
            Some(Kind::Digest { public_key, private_key }) => {
                Authenticator::Digest(Digest { public_key, private_key, challenge: Mutex::new(None) })
            }
            Some(Kind::ServiceAccount { client_id, client_secret }) => Authenticator::ServiceAccount(ServiceAccount {
                client_id,
                client_secret,
                token_url,
                token: tokio::sync::Mutex::new(None),
            }),
        }
    }

    /// Sets the `Authorization` header of `request`, if there is one to send yet. Returns the
    /// access token it sent, for [`Authenticator::renew`].
    pub(crate) async fn authorize(
        &self,
        http: &reqwest::Client,
        user_agent: &HeaderValue,
        request: &mut reqwest::Request,
    ) -> Result<Option<Secret>, Error> {
        let (authorization, token) = match self {
            Authenticator::Anonymous => return Ok(None),
            Authenticator::Digest(digest) => match digest.authorization(request)? {
                Some(authorization) => (authorization, None),
                None => return Ok(None),
            },
            Authenticator::ServiceAccount(account) => {
                let token = account.access_token(http, user_agent).await?;
                (bearer(&token)?, Some(token))
            }
        };
        request.headers_mut().insert(AUTHORIZATION, authorization);
        Ok(token)
    }

    /// Called when the API answered `401 Unauthorized` with `headers` to a request sent with
    /// `token` (from [`Authenticator::authorize`]), after `renewals` earlier renewals for the same
    /// call. Prepares fresh credentials and returns whether the request is worth sending again.
    pub(crate) async fn renew(&self, token: Option<&Secret>, headers: &HeaderMap, renewals: u32) -> bool {
        match self {
            Authenticator::Anonymous => false,
            Authenticator::Digest(digest) => digest.accept_challenge(headers, renewals),
            Authenticator::ServiceAccount(account) => {
                if renewals > 0 {
                    return false;
                }
                if let Some(token) = token {
                    account.forget(token).await;
                }
                true
            }
        }
    }
}

/// HTTP Digest authentication with a programmatic API key.
pub(crate) struct Digest {
    public_key: String,
    private_key: Secret,
    /// The API's last challenge, answered again by every request until a `401` brings a new one.
    /// Its nonce count goes up with each answer.
    challenge: Mutex<Option<WwwAuthenticateHeader>>,
}

impl Digest {
    /// How many times one call may answer a new challenge: once for the first challenge (or a new
    /// nonce after an answer in advance), and once more if that nonce turns out to be stale.
    const MAX_RENEWALS: u32 = 2;

    /// The `Authorization` answering the last challenge for `request`, or `None` before the API
    /// sent one.
    fn authorization(&self, request: &reqwest::Request) -> Result<Option<HeaderValue>, Error> {
        let mut challenge = self.challenge.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(challenge) = challenge.as_mut() else { return Ok(None) };
        let url = request.url();
        let uri = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        let context = AuthContext::new_with_method(
            self.public_key.as_str(),
            self.private_key.0.as_str(),
            uri,
            request.body().and_then(reqwest::Body::as_bytes),
            HttpMethod(Cow::Borrowed(request.method().as_str())),
        );
        let answer = challenge
            .respond(&context)
            .map_err(|error| Error::InvalidRequest(format!("cannot answer the API's digest challenge: {error}")))?;
        let mut value = HeaderValue::from_str(&answer.to_header_string())
            .map_err(|_| Error::InvalidRequest("the digest answer is not a valid header value".to_owned()))?;
        value.set_sensitive(true);
        Ok(Some(value))
    }

    /// Keeps the digest challenge among `headers` of a `401` for this and later requests, and
    /// returns whether to answer it. Past the first renewal of a call, only a challenge that says
    /// the nonce was `stale` is answered: any other means the API rejected the key itself.
    fn accept_challenge(&self, headers: &HeaderMap, renewals: u32) -> bool {
        if renewals >= Self::MAX_RENEWALS {
            return false;
        }
        let challenge = headers
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter(|value| value.trim_start().get(..6).is_some_and(|scheme| scheme.eq_ignore_ascii_case("digest")))
            .find_map(|value| digest_auth::parse(value).ok());
        match challenge {
            Some(challenge) if renewals == 0 || challenge.stale => {
                *self.challenge.lock().unwrap_or_else(PoisonError::into_inner) = Some(challenge);
                true
            }
            _ => false,
        }
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Digest")
            .field("public_key", &self.public_key)
            .field("private_key", &self.private_key)
            .finish_non_exhaustive()
    }
}

/// OAuth 2.0 client credentials with a service account, and the access token they last gave.
#[derive(Debug)]
pub(crate) struct ServiceAccount {
    client_id: String,
    client_secret: Secret,
    token_url: String,
    /// Held while a token is fetched, so that concurrent calls wait for that one fetch.
    token: tokio::sync::Mutex<Option<AccessToken>>,
}

impl ServiceAccount {
    /// The access token to send, fetched first if there is none yet or it is about to expire.
    async fn access_token(&self, http: &reqwest::Client, user_agent: &HeaderValue) -> Result<Secret, Error> {
        let mut cached = self.token.lock().await;
        if let Some(token) = cached.as_ref().filter(|token| token.is_fresh(Instant::now())) {
            return Ok(token.value.clone());
        }
        let token = self.fetch(http, user_agent).await?;
        let value = token.value.clone();
        *cached = Some(token);
        Ok(value)
    }

    /// Forgets `rejected` unless another call has already replaced it, so that the next call
    /// fetches a new token.
    async fn forget(&self, rejected: &Secret) {
        let mut cached = self.token.lock().await;
        if cached.as_ref().is_some_and(|token| token.value == *rejected) {
            *cached = None;
        }
    }

    /// Exchanges the client credentials for a new access token.
    async fn fetch(&self, http: &reqwest::Client, user_agent: &HeaderValue) -> Result<AccessToken, Error> {
        let requested_at = Instant::now();
        let response = http
            .post(&self.token_url)
            .basic_auth(
                utf8_percent_encode(&self.client_id, FORM_VALUE),
                Some(utf8_percent_encode(&self.client_secret.0, FORM_VALUE)),
            )
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(USER_AGENT, user_agent.clone())
            .body("grant_type=client_credentials")
            .send()
            .await
            .map_err(Error::from_transport)?;
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let body = response.bytes().await.map_err(Error::from_transport)?;
        if !status.is_success() {
            return Err(Error::from_response(status, retry_after, &body));
        }
        // The body holds the token: it is not kept in the error.
        let grant: TokenGrant = serde_json::from_slice(&body)
            .map_err(|source| Error::Decode { status, body: String::new(), source })?;
        Ok(AccessToken::new(grant, requested_at))
    }
}

/// The fields of a token endpoint's answer that the client uses.
#[derive(Deserialize)]
struct TokenGrant {
    access_token: String,
    /// Seconds the token stays valid for.
    expires_in: Option<u64>,
}

/// An access token and when to replace it.
#[derive(Debug)]
struct AccessToken {
    value: Secret,
    /// `None` when the token endpoint gave no lifetime: the token is used until it is rejected.
    refresh_at: Option<Instant>,
}

impl AccessToken {
    /// How long before it expires a token is replaced, at most half of its lifetime.
    const REFRESH_MARGIN: Duration = Duration::from_secs(60);

    /// The token of `grant`, requested at `requested_at`.
    fn new(grant: TokenGrant, requested_at: Instant) -> Self {
        let refresh_at = grant.expires_in.map(Duration::from_secs).and_then(|lifetime| {
            let margin = Self::REFRESH_MARGIN.min(lifetime / 2);
            requested_at.checked_add(lifetime - margin)
        });
        AccessToken { value: Secret(grant.access_token), refresh_at }
    }

    fn is_fresh(&self, now: Instant) -> bool {
        match self.refresh_at {
            Some(refresh_at) => now < refresh_at,
            None => true,
        }
    }
}

/// The `Authorization` value sending `token`.
fn bearer(token: &Secret) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.0))
        .map_err(|_| Error::InvalidRequest("the access token is not a valid header value".to_owned()))?;
    value.set_sensitive(true);
    Ok(value)
}
