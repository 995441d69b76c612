//! Authentication with the API's security schemes (`crate::security` lists them): HTTP Basic,
//! Digest and bearer tokens, API keys in a header, query parameter or cookie, and OAuth 2.0 client
//! credentials exchanged for access tokens, with what each keeps between requests.
//!
//! Support code: the generator keeps only the parts for the kinds of scheme the API has.

use std::fmt;
#[only(digest)]
use std::borrow::Cow;
#[only(digest)]
use std::sync::{Arc, Mutex, PoisonError};
#[only(client_credentials)]
use std::time::Duration;

#[only(digest)]
use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
#[only(client_credentials)]
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
#[only(basic, token, digest, client_credentials)]
use reqwest::header::AUTHORIZATION;
#[only(api_key_cookie)]
use reqwest::header::COOKIE;
#[only(digest)]
use reqwest::header::WWW_AUTHENTICATE;
#[only(client_credentials)]
use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::header::{HeaderMap, HeaderValue};
#[only(client_credentials)]
use serde::Deserialize;
#[only(digest)]
use tokio::sync::OwnedMutexGuard;
#[only(client_credentials)]
use tokio::time::Instant;

use crate::Error;
#[only(client_credentials)]
use crate::retry::retry_after;

/// Bytes escaped in a client ID or secret before HTTP Basic encoding (RFC 6749, section 2.3.1):
/// all but RFC 3986's unreserved characters.
#[only(client_credentials)]
const FORM_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// How a security scheme of the API authenticates requests. `crate::security::SCHEMES` lists the
/// API's schemes; credentials and requirements refer to them by their place there.
#[only(auth)]
pub(crate) enum Scheme {
    /// HTTP Basic: a user name and password in every request.
    #[only(basic)]
    Basic,
    /// HTTP Digest (RFC 7616; MD5, `qop=auth`): a user name and password answering the API's challenge.
    #[only(digest)]
    Digest,
    /// A token the caller has, sent as `Authorization: <prefix> <token>`.
    #[only(token)]
    Token { prefix: &'static str },
    /// A key sent in a header, a query parameter or a cookie called `name`.
    #[only(api_key)]
    ApiKey { location: KeyLocation, name: &'static str },
    /// OAuth 2.0 client credentials, exchanged at `token_url` for access tokens.
    #[only(client_credentials)]
    ClientCredentials { token_url: &'static str },
}

/// Where an API key is sent.
#[only(api_key)]
#[derive(Debug)]
pub(crate) enum KeyLocation {
    #[only(api_key_header)]
    Header,
    #[only(api_key_query)]
    Query,
    #[only(api_key_cookie)]
    Cookie,
}

/// The credentials a [`Client`](crate::Client) authenticates with, for one of the API's security
/// schemes. Build them with the constructor of the scheme, and give the client one for each scheme
/// you have credentials for with [`ClientBuilder::credentials`](crate::ClientBuilder::credentials).
///
/// `Debug` shows a user name or client ID, never a password, secret, key or token.
#[derive(Clone)]
pub struct Credentials {
    /// The scheme's place in `crate::security::SCHEMES`.
    scheme: usize,
    /// The user name or client ID, for the schemes that have one.
    user: Option<String>,
    /// The password, client secret, token or key.
    secret: Secret,
}

#[only(auth)]
impl Credentials {
    /// Credentials for the scheme at `scheme`.
    pub(crate) fn new(scheme: usize, user: Option<String>, secret: String) -> Self {
        Credentials { scheme, user, secret: Secret(secret) }
    }
}

impl Credentials {
    /// The scheme these credentials are for.
    pub(crate) fn scheme(&self) -> usize {
        self.scheme
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = crate::security::SCHEME_NAMES.get(self.scheme).copied().unwrap_or("Credentials");
        f.debug_struct(name).field("user", &self.user).field("secret", &self.secret).finish()
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

/// A client's credentials, by kind of scheme, each with its scheme's place in
/// `crate::security::SCHEMES` and what it keeps between requests.
#[derive(Debug, Default)]
pub(crate) struct Authenticator {
    /// The schemes the client has credentials for.
    configured: Vec<usize>,
    /// `Authorization` values sent as they are (HTTP Basic, tokens).
    #[only(basic, token)]
    authorizations: Vec<(usize, Secret)>,
    #[only(api_key)]
    keys: Vec<(usize, &'static KeyLocation, &'static str, Secret)>,
    #[only(digest)]
    digests: Vec<(usize, Digest)>,
    #[only(client_credentials)]
    accounts: Vec<(usize, ServiceAccount)>,
}

/// What [`Authenticator::authorize`] sent, for [`Authenticator::renew`].
pub(crate) struct Sent {
    /// The schemes sent together.
    #[only(client_credentials)]
    schemes: &'static [usize],
    /// The access token sent, if a service account's.
    #[only(client_credentials)]
    token: Option<Secret>,
    /// For each digest scheme sent (by its place in `crate::security::SCHEMES`), which of its
    /// challenges was answered, and its probe if the request went out to learn the first one.
    #[only(digest)]
    digests: Vec<(usize, u64, Option<Probe>)>,
}

impl Authenticator {
    /// The authenticator for `credentials` (the last given for a scheme wins). A service account
    /// fetches its tokens from its scheme's token URL, moved to `base_url` when the URL is on the
    /// spec's default server, or from `token_url` when set.
    pub(crate) fn new(credentials: Vec<Credentials>, base_url: &str, token_url: Option<&str>) -> Result<Self, Error> {
        #[unless(auth)]
        let _ = credentials;
        #[unless(auth)]
        let auth = Authenticator::default();
        #[only(auth)]
        let mut auth = Authenticator::default();
        #[only(auth)]
        for Credentials { scheme: index, user, secret } in credentials {
            let Some(scheme) = crate::security::SCHEMES.get(index) else { continue };
            #[unless(basic, digest, client_credentials)]
            let _ = user;
            auth.configured.push(index);
            match scheme {
                #[only(basic)]
                Scheme::Basic => {
                    use base64::Engine as _;
                    let pair = format!("{}:{}", user.unwrap_or_default(), secret.0);
                    let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                    auth.authorizations.push((index, Secret(format!("Basic {encoded}"))));
                }
                #[only(token)]
                Scheme::Token { prefix } => auth.authorizations.push((index, Secret(format!("{prefix} {}", secret.0)))),
                #[only(api_key)]
                Scheme::ApiKey { location, name } => auth.keys.push((index, location, name, secret)),
                #[only(digest)]
                Scheme::Digest => {
                    let digest = Digest {
                        username: user.unwrap_or_default(),
                        password: secret,
                        challenge: Arc::default(),
                        probe: Arc::default(),
                    };
                    auth.digests.push((index, digest));
                }
                #[only(client_credentials)]
                Scheme::ClientCredentials { token_url: spec_url } => {
                    let token_url = match token_url {
                        Some(url) => url.to_owned(),
                        None => crate::client::rebase(spec_url, base_url),
                    };
                    crate::client::check_url("token URL", &token_url)?;
                    let account = ServiceAccount {
                        client_id: user.unwrap_or_default(),
                        client_secret: secret,
                        token_url,
                        token: tokio::sync::Mutex::new(None),
                    };
                    auth.accounts.push((index, account));
                }
            }
        }
        #[unless(client_credentials)]
        let _ = (base_url, token_url);
        Ok(auth)
    }

    /// The first alternative of `security` whose every scheme has credentials; none (send no
    /// credentials) if there is no such alternative, or only the empty one.
    fn choose(&self, security: &'static [&'static [usize]]) -> &'static [usize] {
        security
            .iter()
            .copied()
            .find(|schemes| !schemes.is_empty() && schemes.iter().all(|scheme| self.configured.contains(scheme)))
            .unwrap_or_default()
    }

    /// Adds the credentials of the first alternative of `security` the client has credentials for
    /// to `request` (none if it has none). Returns what it sent, for [`Authenticator::renew`].
    pub(crate) async fn authorize(
        &self,
        security: &'static [&'static [usize]],
        http: &reqwest::Client,
        user_agent: &HeaderValue,
        request: &mut reqwest::Request,
    ) -> Result<Sent, Error> {
        let schemes = self.choose(security);
        #[only(client_credentials)]
        let mut token = None;
        #[only(digest)]
        let mut digests = Vec::new();
        #[only(basic, token)]
        for (_, value) in self.authorizations.iter().filter(|(index, _)| schemes.contains(index)) {
            set_authorization(request, &value.0)?;
        }
        #[only(api_key)]
        for (_, location, name, key) in self.keys.iter().filter(|(index, ..)| schemes.contains(index)) {
            send_key(request, location, name, &key.0)?;
        }
        #[only(client_credentials)]
        for (_, account) in self.accounts.iter().filter(|(index, _)| schemes.contains(index)) {
            let access_token = account.access_token(http, user_agent).await?;
            set_authorization(request, &format!("Bearer {}", access_token.0))?;
            token = Some(access_token);
        }
        // A digest answer covers the final URL, API keys in the query included: it comes last.
        #[only(digest)]
        for (index, digest) in self.digests.iter().filter(|(index, _)| schemes.contains(index)) {
            let answer = digest.answer(request).await?;
            if let Some(value) = answer.authorization {
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            digests.push((*index, answer.generation, answer.probe));
        }
        // Only a service account fetches tokens.
        #[unless(client_credentials)]
        let _ = (http, user_agent);
        #[unless(auth)]
        let _ = request;
        #[unless(digest, client_credentials)]
        let _ = schemes;
        Ok(Sent {
            #[only(client_credentials)]
            schemes,
            #[only(client_credentials)]
            token,
            #[only(digest)]
            digests,
        })
    }

    /// Called when the API answered `401 Unauthorized` with `headers` to a request that carried
    /// `sent`, after `renewals` earlier renewals for the same call. Prepares fresh credentials and
    /// returns whether the request is worth sending again.
    pub(crate) async fn renew(&self, sent: &Sent, headers: &HeaderMap, renewals: u32) -> bool {
        #[unless(digest)]
        let _ = headers;
        #[unless(digest, client_credentials)]
        let _ = (sent, renewals);
        // Every scheme renews, whatever the others did.
        let renewed = [
            #[only(digest)]
            self.renew_digests(sent, headers, renewals),
            #[only(client_credentials)]
            self.renew_tokens(sent, renewals).await,
        ];
        renewed.contains(&true)
    }

    /// Keeps a new digest challenge for the digest schemes `sent` used; whether one was taken.
    #[only(digest)]
    fn renew_digests(&self, sent: &Sent, headers: &HeaderMap, renewals: u32) -> bool {
        let mut renewed = false;
        for (index, answered, _) in &sent.digests {
            if let Some((_, digest)) = self.digests.iter().find(|(scheme, _)| scheme == index) {
                renewed |= digest.accept_challenge(headers, renewals, *answered);
            }
        }
        renewed
    }

    /// Forgets the rejected access token of the service accounts `sent` used, on a call's first
    /// renewal; whether there was one.
    #[only(client_credentials)]
    async fn renew_tokens(&self, sent: &Sent, renewals: u32) -> bool {
        let mut renewed = false;
        for (_, account) in self.accounts.iter().filter(|(index, _)| sent.schemes.contains(index)) {
            if renewals == 0 {
                if let Some(token) = &sent.token {
                    tracing::debug!("the API rejected the access token: fetching a new one");
                    account.forget(token).await;
                }
                renewed = true;
            }
        }
        renewed
    }
}

/// Sets the `Authorization` header of `request` to `value`, marked sensitive.
#[only(basic, token, client_credentials)]
fn set_authorization(request: &mut reqwest::Request, value: &str) -> Result<(), Error> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest("the credentials are not a valid header value".to_owned()))?;
    value.set_sensitive(true);
    request.headers_mut().insert(AUTHORIZATION, value);
    Ok(())
}

/// Sends an API key where its scheme says.
#[only(api_key)]
fn send_key(request: &mut reqwest::Request, location: &KeyLocation, name: &'static str, key: &str) -> Result<(), Error> {
    #[only(api_key_header, api_key_cookie)]
    let invalid = || Error::InvalidRequest(format!("the API key for `{name}` is not a valid header value"));
    match location {
        #[only(api_key_header)]
        KeyLocation::Header => {
            let mut value = HeaderValue::from_str(key).map_err(|_| invalid())?;
            value.set_sensitive(true);
            request.headers_mut().insert(name, value);
        }
        #[only(api_key_query)]
        KeyLocation::Query => {
            request.url_mut().query_pairs_mut().append_pair(name, key);
        }
        #[only(api_key_cookie)]
        KeyLocation::Cookie => {
            let cookie = match request.headers().get(COOKIE).and_then(|value| value.to_str().ok()) {
                Some(existing) => format!("{existing}; {name}={key}"),
                None => format!("{name}={key}"),
            };
            let mut value = HeaderValue::from_str(&cookie).map_err(|_| invalid())?;
            value.set_sensitive(true);
            request.headers_mut().insert(COOKIE, value);
        }
    }
    Ok(())
}

/// HTTP Digest authentication.
///
/// Every request answers the API's last challenge in advance, counting up its nonce count. Until
/// the API has sent one, a single request goes out without an answer to get it (the probe) while
/// the others wait for it, so that a burst of first calls costs the API key one challenge, not
/// one each.
#[only(digest)]
pub(crate) struct Digest {
    username: String,
    password: Secret,
    challenge: Arc<Mutex<Challenge>>,
    /// Held by the probe until its response has been handled.
    probe: Arc<tokio::sync::Mutex<()>>,
}

/// What a [`Digest`] knows of the API's challenges.
#[only(digest)]
#[derive(Default)]
struct Challenge {
    /// The API's last challenge, answered again by every request until a `401` brings a new one.
    /// Its nonce count goes up with each answer.
    last: Option<WwwAuthenticateHeader>,
    /// How many challenges were taken: a `401` to an answer of an older challenge than the last
    /// one is answered again with the last one, without replacing it.
    generation: u64,
    /// Whether a probe ended without bringing a challenge (the API did not ask for one, or the
    /// request failed): later requests no longer wait for one.
    unchallenged: bool,
}

/// What [`Digest::answer`] gives for one request.
#[only(digest)]
struct Answer {
    /// The `Authorization` value; `None` for a request sent to learn the challenge.
    authorization: Option<HeaderValue>,
    /// The generation of the challenge answered (0: none).
    generation: u64,
    probe: Option<Probe>,
}

/// The turn of the one request sent without an answer to learn the API's first challenge. Other
/// requests wait until it is dropped, after its `401` (if any) was handled.
#[only(digest)]
struct Probe {
    challenge: Arc<Mutex<Challenge>>,
    _turn: OwnedMutexGuard<()>,
}

#[only(digest)]
impl Drop for Probe {
    fn drop(&mut self) {
        let mut challenge = self.challenge.lock().unwrap_or_else(PoisonError::into_inner);
        if challenge.last.is_none() {
            challenge.unchallenged = true;
        }
    }
}

#[only(digest)]
impl Digest {
    /// How many times one call may answer a new challenge: once for the first challenge (or a new
    /// nonce after an answer in advance), and once more if that nonce turns out to be stale.
    const MAX_RENEWALS: u32 = 2;

    /// The answer for `request`. Before the API sent a challenge, the first request to ask is
    /// sent without one, as the probe, and the others wait for its challenge.
    async fn answer(&self, request: &reqwest::Request) -> Result<Answer, Error> {
        if let Some(answer) = self.respond(request)? {
            return Ok(answer);
        }
        let turn = Arc::clone(&self.probe).lock_owned().await;
        // The probe that held the turn may have brought the challenge.
        if let Some(answer) = self.respond(request)? {
            return Ok(answer);
        }
        tracing::debug!("sending the request without a digest answer, to get the API's challenge");
        let probe = Probe { challenge: Arc::clone(&self.challenge), _turn: turn };
        Ok(Answer { authorization: None, generation: 0, probe: Some(probe) })
    }

    /// The answer to the last challenge for `request`; `None` before the API sent one, unless a
    /// probe came back without one.
    fn respond(&self, request: &reqwest::Request) -> Result<Option<Answer>, Error> {
        let mut challenge = self.challenge.lock().unwrap_or_else(PoisonError::into_inner);
        let generation = challenge.generation;
        let Some(last) = challenge.last.as_mut() else {
            return Ok(challenge.unchallenged.then_some(Answer { authorization: None, generation, probe: None }));
        };
        let url = request.url();
        let uri = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        let context = AuthContext::new_with_method(
            self.username.as_str(),
            self.password.0.as_str(),
            uri,
            request.body().and_then(reqwest::Body::as_bytes),
            HttpMethod(Cow::Borrowed(request.method().as_str())),
        );
        let answer = last
            .respond(&context)
            .map_err(|error| Error::InvalidRequest(format!("cannot answer the API's digest challenge: {error}")))?;
        let mut value = HeaderValue::from_str(&answer.to_header_string())
            .map_err(|_| Error::InvalidRequest("the digest answer is not a valid header value".to_owned()))?;
        value.set_sensitive(true);
        Ok(Some(Answer { authorization: Some(value), generation, probe: None }))
    }

    /// Keeps the digest challenge among `headers` of a `401` to an answer of challenge number
    /// `answered` for this and later requests, and returns whether to answer it. Past the first
    /// renewal of a call, only a challenge that says the nonce was `stale` is answered: any other
    /// means the API rejected the key itself. When another request has already taken a newer
    /// challenge, that one is answered and kept.
    fn accept_challenge(&self, headers: &HeaderMap, renewals: u32, answered: u64) -> bool {
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
                let mut kept = self.challenge.lock().unwrap_or_else(PoisonError::into_inner);
                if kept.generation == answered {
                    tracing::debug!(stale = challenge.stale, "the API sent a new digest challenge");
                    kept.last = Some(challenge);
                    kept.generation += 1;
                }
                true
            }
            _ => false,
        }
    }
}

#[only(digest)]
impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Digest")
            .field("username", &self.username)
            .field("password", &self.password)
            .finish_non_exhaustive()
    }
}

/// OAuth 2.0 client credentials with a service account, and the access token they last gave.
#[only(client_credentials)]
#[derive(Debug)]
pub(crate) struct ServiceAccount {
    client_id: String,
    client_secret: Secret,
    token_url: String,
    /// Held while a token is fetched, so that concurrent calls wait for that one fetch.
    token: tokio::sync::Mutex<Option<AccessToken>>,
}

#[only(client_credentials)]
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
        tracing::debug!("fetching an access token for the service account");
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
#[only(client_credentials)]
#[derive(Deserialize)]
struct TokenGrant {
    access_token: String,
    /// Seconds the token stays valid for.
    expires_in: Option<u64>,
}

/// An access token and when to replace it.
#[only(client_credentials)]
#[derive(Debug)]
struct AccessToken {
    value: Secret,
    /// `None` when the token endpoint gave no lifetime: the token is used until it is rejected.
    refresh_at: Option<Instant>,
}

#[only(client_credentials)]
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
