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
