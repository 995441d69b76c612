// The second half of the generated crate's `src/auth.rs` (the generator joins the two files
// before parsing them, so the imports at the top of `auth.rs` serve this half too): the schemes
// that exchange messages with a server before a request can be authenticated, HTTP Digest (its
// challenges and answers) and OAuth 2.0 client credentials (access tokens).

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
        let body = crate::client::bounded_body(response).await?;
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
