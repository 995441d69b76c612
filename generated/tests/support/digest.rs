//! A server that authenticates like the Atlas API: a `401` challenge with `qop="auth"` and MD5,
//! answers checked against RFC 7616's hash, computed here independently of the client, and a
//! record of every request it saw.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use md5::{Digest as _, Md5};
use serde_json::json;
use wiremock::{Request, Respond, ResponseTemplate};

/// One request as the digest server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The parameters of its `Authorization: Digest` header, if it had one.
    pub authorization: Option<BTreeMap<String, String>>,
    /// The status it got: `401` for a challenge, the [`DigestServer::answering`] status for an
    /// accepted answer.
    pub status: u16,
}

/// The digest server, to mount with `Mock::given(..).respond_with(server.clone())`. A request
/// without an answer, with a wrong one or with a nonce other than the current one gets a `401`
/// challenge (with `stale=true` for a nonce retired by [`DigestServer::expire_nonce`]); a right
/// answer gets the response of [`DigestServer::answering`].
#[derive(Clone)]
pub struct DigestServer {
    username: String,
    password: String,
    realm: String,
    /// The status and response of an accepted answer.
    accepted: (u16, ResponseTemplate),
    state: Arc<Mutex<State>>,
}

struct State {
    nonce: String,
    /// Nonces that were valid once: an answer to one gets a challenge with `stale=true`.
    expired: Vec<String>,
    seen: Vec<Seen>,
}

impl DigestServer {
    /// A server for `username` and `password` in `realm`, challenging with `nonce`; an accepted
    /// answer gets an empty `200` unless [`DigestServer::answering`] says otherwise.
    pub fn new(username: &str, password: &str, realm: &str, nonce: &str) -> Self {
        let state = State {
            nonce: nonce.to_owned(),
            expired: Vec::new(),
            seen: Vec::new(),
        };
        DigestServer {
            username: username.to_owned(),
            password: password.to_owned(),
            realm: realm.to_owned(),
            accepted: (200, ResponseTemplate::new(200)),
            state: Arc::new(Mutex::new(state)),
        }
    }

    /// Answers an accepted answer with `response`, recorded as `status` (the status `response`
    /// was made with).
    pub fn answering(mut self, status: u16, response: ResponseTemplate) -> Self {
        self.accepted = (status, response);
        self
    }

    /// Retires the current nonce for `next`.
    pub fn expire_nonce(&self, next: &str) {
        let mut state = self.state.lock().unwrap();
        let old = std::mem::replace(&mut state.nonce, next.to_owned());
        state.expired.push(old);
    }

    /// Every request so far, in the order the server answered them.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    /// A `401` with a challenge, and its status. A stale nonce's comes after a while, so that
    /// concurrent calls answering that nonce all reach the server before one learns the new one.
    fn challenge(&self, nonce: &str, stale: bool) -> (u16, ResponseTemplate) {
        let challenge = format!(
            r#"Digest realm="{}", domain="", nonce="{nonce}", algorithm=MD5, qop="auth", stale={stale}"#,
            self.realm
        );
        let response = ResponseTemplate::new(401)
            .insert_header("WWW-Authenticate", challenge.as_str())
            .set_body_json(json!({
                "error": 401,
                "errorCode": "UNAUTHORIZED",
                "reason": "Unauthorized",
                "detail": "You are not authorized for this resource."
            }));
        let delay = if stale { 300 } else { 0 };
        (401, response.set_delay(Duration::from_millis(delay)))
    }

    /// The response to `request`, which sent `params` in its `Authorization` header, and its
    /// status.
    fn decide(
        &self,
        state: &State,
        request: &Request,
        params: Option<&BTreeMap<String, String>>,
    ) -> (u16, ResponseTemplate) {
        let Some(params) = params else {
            return self.challenge(&state.nonce, false);
        };
        let nonce = params.get("nonce").map(String::as_str).unwrap_or_default();
        if state.expired.iter().any(|expired| expired == nonce) {
            return self.challenge(&state.nonce, true);
        }
        let target = match request.url.query() {
            Some(query) => format!("{}?{query}", request.url.path()),
            None => request.url.path().to_owned(),
        };
        let valid = nonce == state.nonce
            && params.get("username") == Some(&self.username)
            && params.get("realm") == Some(&self.realm)
            && params.get("uri") == Some(&target)
            && params.get("qop").map(String::as_str) == Some("auth")
            && params.get("response")
                == Some(&expected_response(
                    params,
                    request.method.as_str(),
                    &self.password,
                ));
        if valid {
            self.accepted.clone()
        } else {
            self.challenge(&state.nonce, false)
        }
    }
}

impl Respond for DigestServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        // Held while deciding, so that `seen` is in the order of the decisions.
        let mut state = self.state.lock().unwrap();
        let authorization = request
            .headers
            .get("authorization")
            .map(|value| digest_params(value.to_str().expect("an ASCII Authorization header")));
        let (status, response) = self.decide(&state, request, authorization.as_ref());
        state.seen.push(Seen {
            authorization,
            status,
        });
        response
    }
}

/// The parameters of a `Digest` `Authorization` header, quotes removed.
pub fn digest_params(header: &str) -> BTreeMap<String, String> {
    let rest = header
        .strip_prefix("Digest ")
        .expect("a Digest authorization");
    let mut params = BTreeMap::new();
    let (mut key, mut value, mut in_value, mut quoted) =
        (String::new(), String::new(), false, false);
    for c in rest.chars().chain([',']) {
        match c {
            '"' => quoted = !quoted,
            '=' if !in_value => in_value = true,
            ',' if !quoted => {
                params.insert(
                    std::mem::take(&mut key).trim().to_owned(),
                    std::mem::take(&mut value),
                );
                in_value = false;
            }
            c if in_value => value.push(c),
            c => key.push(c),
        }
    }
    params
}

/// RFC 7616's `response` for `qop=auth` and MD5, from the parameters the client sent.
pub fn expected_response(
    params: &BTreeMap<String, String>,
    method: &str,
    password: &str,
) -> String {
    let md5 = |text: String| format!("{:x}", Md5::digest(text.as_bytes()));
    let param = |name: &str| params.get(name).cloned().unwrap_or_default();
    let ha1 = md5(format!(
        "{}:{}:{password}",
        param("username"),
        param("realm")
    ));
    let ha2 = md5(format!("{method}:{}", param("uri")));
    md5(format!(
        "{ha1}:{}:{}:{}:{}:{ha2}",
        param("nonce"),
        param("nc"),
        param("cnonce"),
        param("qop")
    ))
}

/// The nonce counts of the answers to `nonce` among `seen`, sorted.
pub fn nonce_counts(seen: &[Seen], nonce: &str) -> Vec<u32> {
    let mut counts: Vec<u32> = seen
        .iter()
        .filter_map(|seen| seen.authorization.as_ref())
        .filter(|params| params["nonce"] == nonce)
        .map(|params| u32::from_str_radix(&params["nc"], 16).expect("a hexadecimal nonce count"))
        .collect();
    counts.sort_unstable();
    counts
}
