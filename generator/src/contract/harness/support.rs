//! The contract harness's runtime, the same for every spec: runs the generated cases one by one
//! through a recording proxy in front of the mock server, and prints one JSON line per case.
//!
//! Every request goes through the proxy on its own connection, so that the proxy sees exactly
//! what the client sent (method, target, `Accept`, `Content-Type`, body) and what the mock server
//! answered (status, headers, body), whatever the client then makes of it.

// Not every crate has optional responses or binary arguments: the helpers for them go unused.
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A case's call: its outcome, or why the harness could not make the call.
pub(crate) type Call<'a> = Pin<Box<dyn Future<Output = Result<Outcome, String>> + 'a>>;

/// A case: builds the call from the client and the case's argument values.
pub(crate) type Case = for<'a> fn(&'a api::Client, &'a Args) -> Call<'a>;

/// One case's argument values, in the order the generated case reads them.
pub(crate) struct Args(Vec<Value>);

impl Args {
    fn value(&self, index: usize) -> Result<&Value, String> {
        self.0
            .get(index)
            .ok_or_else(|| format!("the case has no argument {index}"))
    }

    /// Argument `index` as the Rust type the method or setter takes.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(&self, index: usize) -> Result<T, String> {
        let value = self.value(index)?;
        serde_json::from_value(value.clone()).map_err(|error| {
            format!(
                "the client's type `{}` cannot hold the spec-valid value {value}: {error}",
                std::any::type_name::<T>()
            )
        })
    }

    /// Argument `index` as a string (a JSON string as it is, any other value as JSON text).
    pub(crate) fn text(&self, index: usize) -> Result<String, String> {
        Ok(match self.value(index)? {
            Value::String(text) => text.clone(),
            value => value.to_string(),
        })
    }

    /// Argument `index` as bytes (the string's UTF-8).
    pub(crate) fn bytes(&self, index: usize) -> Result<Vec<u8>, String> {
        self.text(index).map(String::into_bytes)
    }
}

/// What the client made of one call.
pub(crate) struct Outcome {
    /// `ok`, `none` (an `Option` response that was `None`), or the error's kind.
    kind: &'static str,
    /// The error's message, with its sources.
    message: Option<String>,
}

impl Outcome {
    pub(crate) fn ok(kind: &'static str) -> Self {
        Outcome {
            kind,
            message: None,
        }
    }

    pub(crate) fn error(error: &api::Error) -> Self {
        let kind = match error {
            api::Error::Decode { .. } => "decode",
            api::Error::UnexpectedResponse { .. } => "unexpected-response",
            api::Error::Timeout(_) => "timeout",
            api::Error::Deadline(_) => "deadline",
            api::Error::Connect(_) => "connect",
            api::Error::Transport(_) => "transport",
            api::Error::InvalidRequest(_) => "invalid-request",
            _ if error.status().is_some() => "api",
            _ => "other",
        };
        let mut message = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Outcome {
            kind,
            message: Some(message),
        }
    }
}

/// The outcome of a call whose future gives a decoded value (or nothing).
pub(crate) fn finish<T>(result: Result<T, api::Error>) -> Outcome {
    match result {
        Ok(_) => Outcome::ok("ok"),
        Err(error) => Outcome::error(&error),
    }
}

/// The outcome of a call whose future gives `Option<T>`: `None` for a status without a body.
pub(crate) fn finish_optional<T>(result: Result<Option<T>, api::Error>) -> Outcome {
    match result {
        Ok(Some(_)) => Outcome::ok("ok"),
        Ok(None) => Outcome::ok("none"),
        Err(error) => Outcome::error(&error),
    }
}

/// One request and its answer, as the proxy saw them.
#[derive(Default)]
struct Exchange {
    method: String,
    target: String,
    accept: Option<String>,
    content_type: Option<String>,
    /// The first word of `Authorization` (`Bearer`, `Basic`, `Digest`), never the credentials.
    authorization: Option<String>,
    request_body: Vec<u8>,
    status: Option<u16>,
    response_content_type: Option<String>,
    violations: Option<String>,
    response_body: Vec<u8>,
}

impl Exchange {
    fn to_json(&self) -> Value {
        json!({
            "method": self.method,
            "target": self.target,
            "accept": self.accept,
            "content_type": self.content_type,
            "authorization": self.authorization,
            "request_body": text_of(&self.request_body),
            "status": self.status,
            "response_content_type": self.response_content_type,
            "violations": self.violations,
            "response_body": text_of(&self.response_body),
        })
    }
}

/// A body as text for the report, cut at 16 MiB: the classifier validates the whole body against
/// its schema, and Prism's dynamic mode writes bodies of hundreds of KiB for recursive schemas
/// (Scalar Galaxy's planets, whose satellites have planets); a body cut at 64 KiB was "not JSON",
/// and its decode failure a client fault.
fn text_of(body: &[u8]) -> String {
    let cut = body.get(..16 * 1024 * 1024).unwrap_or(body);
    String::from_utf8_lossy(cut).into_owned()
}

type Exchanges = Arc<Mutex<Vec<Exchange>>>;

/// A head of an HTTP/1.1 message: its start line and headers, and how long its body is.
struct Head {
    raw: Vec<u8>,
    start: String,
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.clone())
    }

    fn chunked(&self) -> bool {
        self.header("transfer-encoding")
            .is_some_and(|value| value.to_ascii_lowercase().contains("chunked"))
    }

    fn content_length(&self) -> Option<usize> {
        self.header("content-length")?.trim().parse().ok()
    }
}

/// Reads a message head; `buffer` keeps what was read past it.
async fn read_head<R: AsyncRead + Unpin>(
    stream: &mut R,
    buffer: &mut Vec<u8>,
) -> std::io::Result<Option<Head>> {
    loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            let raw: Vec<u8> = buffer.drain(..end + 4).collect();
            let text = String::from_utf8_lossy(&raw).into_owned();
            let mut lines = text.split("\r\n");
            let start = lines.next().unwrap_or_default().to_owned();
            let headers = lines
                .filter_map(|line| line.split_once(':'))
                .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
                .collect();
            return Ok(Some(Head {
                raw,
                start,
                headers,
            }));
        }
        let mut chunk = [0u8; 16 * 1024];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

/// Reads a message body after `head`: the raw bytes (as sent) and the decoded body.
async fn read_body<R: AsyncRead + Unpin>(
    stream: &mut R,
    buffer: &mut Vec<u8>,
    head: &Head,
    until_close: bool,
) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    async fn fill<R: AsyncRead + Unpin>(
        stream: &mut R,
        buffer: &mut Vec<u8>,
        wanted: usize,
    ) -> std::io::Result<bool> {
        while buffer.len() < wanted {
            let mut chunk = [0u8; 16 * 1024];
            let read = stream.read(&mut chunk).await?;
            if read == 0 {
                return Ok(false);
            }
            buffer.extend_from_slice(&chunk[..read]);
        }
        Ok(true)
    }
    if head.chunked() {
        let mut raw = Vec::new();
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(end) = buffer.windows(2).position(|window| window == b"\r\n") {
                    break end;
                }
                if !fill(stream, buffer, buffer.len() + 1).await? {
                    return Ok((raw, body));
                }
            };
            let line: Vec<u8> = buffer.drain(..line_end + 2).collect();
            raw.extend_from_slice(&line);
            let size_text = String::from_utf8_lossy(&line);
            let size_text = size_text.trim().split(';').next().unwrap_or_default();
            let size = usize::from_str_radix(size_text, 16).unwrap_or(0);
            fill(stream, buffer, size + 2).await?;
            let chunk: Vec<u8> = buffer.drain(..(size + 2).min(buffer.len())).collect();
            raw.extend_from_slice(&chunk);
            body.extend_from_slice(chunk.get(..size).unwrap_or(&chunk));
            if size == 0 {
                return Ok((raw, body));
            }
        }
    }
    let length = match head.content_length() {
        Some(length) => length,
        None if until_close => {
            stream.read_to_end(buffer).await?;
            buffer.len()
        }
        None => 0,
    };
    fill(stream, buffer, length).await?;
    let body: Vec<u8> = buffer.drain(..length.min(buffer.len())).collect();
    Ok((body.clone(), body))
}

fn record(exchanges: &Exchanges, exchange: Exchange) {
    exchanges
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(exchange);
}

/// Forwards one exchange of `client` to `upstream`, recording it.
async fn relay(mut client: TcpStream, upstream: String, exchanges: Exchanges) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let Some(request) = read_head(&mut client, &mut buffer).await? else {
        return Ok(());
    };
    let (raw_body, body) = read_body(&mut client, &mut buffer, &request, false).await?;
    let mut parts = request.start.split(' ');
    let mut exchange = Exchange {
        method: parts.next().unwrap_or_default().to_owned(),
        target: parts.next().unwrap_or_default().to_owned(),
        accept: request.header("accept"),
        content_type: request.header("content-type"),
        authorization: request
            .header("authorization")
            .and_then(|value| value.split(' ').next().map(str::to_owned)),
        request_body: body,
        ..Exchange::default()
    };
    let mut server = TcpStream::connect(&upstream).await?;
    server.write_all(&request.raw).await?;
    server.write_all(&raw_body).await?;
    let mut answer = Vec::new();
    if let Some(response) = read_head(&mut server, &mut answer).await? {
        let status: Option<u16> = response
            .start
            .split(' ')
            .nth(1)
            .and_then(|status| status.parse().ok());
        // No body follows a HEAD's answer, a 1xx, a 204 or a 304, whatever the headers say.
        let no_body = exchange.method == "HEAD"
            || status.is_some_and(|status| status < 200 || status == 204 || status == 304);
        let (raw, body) = if no_body {
            (Vec::new(), Vec::new())
        } else {
            read_body(&mut server, &mut answer, &response, true).await?
        };
        exchange.status = status;
        exchange.response_content_type = response.header("content-type");
        exchange.violations = response.header("sl-violations");
        exchange.response_body = body;
        // Recorded before the client has the answer, so that the case finds it when the call ends.
        record(&exchanges, exchange);
        client.write_all(&response.raw).await?;
        client.write_all(&raw).await?;
    } else {
        record(&exchanges, exchange);
    }
    client.shutdown().await.ok();
    Ok(())
}

/// Starts the recording proxy in front of `upstream` (`host:port`); gives its URL.
async fn proxy(upstream: String, exchanges: Exchanges) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(relay(client, upstream.clone(), exchanges.clone()));
        }
    });
    Ok(url)
}

/// Starts a server that answers every request with a hostile or broken response, the `n`th
/// connection's drawn from the seed `n`: random bytes, random JSON, JSON cut short, deep nesting,
/// invalid UTF-8, huge numbers, the wrong media type, an empty body, under success and error
/// statuses. Gives its URL.
async fn hostile() -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        while let Ok((mut stream, _)) = listener.accept().await {
            seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let answer = hostile_answer(seed);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                if let Ok(Some(head)) = read_head(&mut stream, &mut buffer).await {
                    read_body(&mut stream, &mut buffer, &head, false).await.ok();
                }
                stream.write_all(&answer).await.ok();
                stream.shutdown().await.ok();
            });
        }
    });
    Ok(url)
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn random_json(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth > 4 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(rng.next() as i64),
        3 => json!((rng.next() % 10_000) as f64 / 7.0),
        4 => Value::String(["", "ACTIVE", "2024-05-30", "x\u{0}y", "\u{1F600}"][rng.below(5) as usize].to_owned()),
        5 => Value::Array((0..rng.below(4)).map(|_| random_json(rng, depth + 1)).collect()),
        _ => Value::Object(
            (0..rng.below(5))
                .map(|i| {
                    let key = ["id", "name", "results", "totalCount", "links", "status", "type"][(i as usize + rng.below(7) as usize) % 7];
                    (key.to_owned(), random_json(rng, depth + 1))
                })
                .collect(),
        ),
    }
}

fn hostile_answer(seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed | 1);
    let status = [200, 200, 200, 201, 202, 204, 400, 404, 409, 500][rng.below(10) as usize];
    let mut content_type = "application/json";
    let body: Vec<u8> = match rng.below(9) {
        0 => (0..rng.below(2048)).map(|_| rng.next() as u8).collect(),
        1 | 2 => random_json(&mut rng, 0).to_string().into_bytes(),
        3 => {
            let text = random_json(&mut rng, 0).to_string();
            let cut = rng.below(text.len() as u64) as usize;
            text.as_bytes().get(..cut).unwrap_or_default().to_vec()
        }
        4 => {
            let depth = 1 + rng.below(100_000) as usize;
            let mut text = "[".repeat(depth);
            text.push_str(&"]".repeat(depth));
            text.into_bytes()
        }
        5 => b"{\"name\": \"\xff\xfe\", \"id\": \"\xc3\"}".to_vec(),
        6 => b"{\"totalCount\": 1e999999, \"id\": 123456789012345678901234567890}".to_vec(),
        7 => {
            content_type = "text/html";
            b"<html><body>Service Unavailable</body></html>".to_vec()
        }
        _ => Vec::new(),
    };
    let mut answer = format!(
        "HTTP/1.1 {status} Hostile\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(&body);
    answer
}

/// Starts a token endpoint that grants every client-credentials request; gives its URL.
async fn token_endpoint() -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/oauth/token", listener.local_addr()?);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                if let Ok(Some(head)) = read_head(&mut stream, &mut buffer).await {
                    read_body(&mut stream, &mut buffer, &head, false).await.ok();
                }
                let body = r#"{"access_token":"contract-token","expires_in":3600,"token_type":"Bearer"}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                stream.write_all(response.as_bytes()).await.ok();
                stream.shutdown().await.ok();
            });
        }
    });
    Ok(url)
}

/// One case as `cases.json` gives it: its argument values and the status to ask the mock for.
#[derive(serde::Deserialize)]
struct CaseData {
    args: Vec<Value>,
    prefer: Option<u16>,
}

/// Runs every case against the mock server at `CONTRACT_MOCK` (`host:port`) and prints one JSON
/// line per case: its index, what the client made of it, and the exchanges the proxy saw.
///
/// With `CONTRACT_FROM=N`, the cases before the `N`th are skipped (to go on after the mock
/// stopped). With `CONTRACT_HOSTILE=N` instead, each case is called N times against a server answering
/// hostile or broken responses (see [`hostile`]); the line says how many calls ended in an error
/// of the client's `Error` type, and a call that panics or hangs stops the line from being printed.
pub(crate) fn main(client: fn(&str, &str, reqwest::Client) -> api::Client, cases: &[Case]) {
    let hostile_calls: Option<u32> = std::env::var("CONTRACT_HOSTILE").ok().and_then(|n| n.parse().ok());
    let upstream = std::env::var("CONTRACT_MOCK").ok();
    let from: usize = std::env::var("CONTRACT_FROM")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    if hostile_calls.is_none() && upstream.is_none() {
        eprintln!("error: set CONTRACT_MOCK (host:port of the mock server) or CONTRACT_HOSTILE (calls per case)");
        std::process::exit(2);
    }
    let data: Vec<CaseData> = match serde_json::from_str(include_str!("../cases.json")) {
        Ok(data) => data,
        Err(error) => {
            eprintln!("error: cases.json: {error}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            std::process::exit(2);
        }
    };
    runtime.block_on(async {
        let exchanges = Exchanges::default();
        let base_url = match (&upstream, hostile_calls) {
            (_, Some(_)) => hostile().await,
            (Some(upstream), None) => proxy(upstream.clone(), exchanges.clone()).await,
            (None, None) => return,
        };
        let (base_url, token_url) = match (base_url, token_endpoint().await) {
            (Ok(base_url), Ok(token_url)) => (base_url, token_url),
            (Err(error), _) | (_, Err(error)) => {
                eprintln!("error: cannot listen on 127.0.0.1: {error}");
                std::process::exit(2);
            }
        };
        for (index, (case, data)) in cases.iter().zip(&data).enumerate().skip(from) {
            let line = match hostile_calls {
                Some(calls) => hostile_case(index, *case, data, calls, client, &base_url, &token_url).await,
                None => mock_case(index, *case, data, client, &base_url, &token_url, &exchanges).await,
            };
            println!("{line}");
        }
    });
}

fn http_client(prefer: Option<u16>) -> Result<reqwest::Client, reqwest::Error> {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(code) = prefer
        && let Ok(value) = reqwest::header::HeaderValue::from_str(&format!("code={code}"))
    {
        headers.insert("prefer", value);
    }
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .default_headers(headers)
        .build()
}

/// One case against the mock, through the recording proxy.
async fn mock_case(
    index: usize,
    case: Case,
    data: &CaseData,
    client: fn(&str, &str, reqwest::Client) -> api::Client,
    base_url: &str,
    token_url: &str,
    exchanges: &Exchanges,
) -> Value {
    let http = match http_client(data.prefer) {
        Ok(http) => http,
        Err(error) => return json!({"case": index, "outcome": "harness", "message": error.to_string(), "exchanges": []}),
    };
    let client = client(base_url, token_url, http);
    let args = Args(data.args.clone());
    let outcome = tokio::time::timeout(std::time::Duration::from_secs(60), case(&client, &args)).await;
    let seen: Vec<Value> = std::mem::take(&mut *exchanges.lock().unwrap_or_else(PoisonError::into_inner))
        .iter()
        .map(Exchange::to_json)
        .collect();
    match outcome {
        Ok(Ok(outcome)) => json!({"case": index, "outcome": outcome.kind, "message": outcome.message, "exchanges": seen}),
        Ok(Err(harness)) => json!({"case": index, "outcome": "arguments", "message": harness, "exchanges": seen}),
        Err(_) => json!({"case": index, "outcome": "hang", "message": "no outcome within 60 s", "exchanges": seen}),
    }
}

/// One case called `calls` times against the hostile server.
async fn hostile_case(
    index: usize,
    case: Case,
    data: &CaseData,
    calls: u32,
    client: fn(&str, &str, reqwest::Client) -> api::Client,
    base_url: &str,
    token_url: &str,
) -> Value {
    let http = match http_client(None) {
        Ok(http) => http,
        Err(error) => return json!({"case": index, "outcome": "harness", "message": error.to_string()}),
    };
    let client = client(base_url, token_url, http);
    let args = Args(data.args.clone());
    let mut errors = 0u32;
    let mut ok = 0u32;
    for _ in 0..calls {
        match tokio::time::timeout(std::time::Duration::from_secs(30), case(&client, &args)).await {
            Ok(Ok(outcome)) if outcome.message.is_none() => ok += 1,
            Ok(Ok(_)) => errors += 1,
            Ok(Err(harness)) => return json!({"case": index, "outcome": "arguments", "message": harness}),
            Err(_) => return json!({"case": index, "outcome": "hang", "message": "a call to the hostile server did not end within 30 s"}),
        }
    }
    json!({"case": index, "outcome": "hostile", "calls": calls, "ok": ok, "errors": errors})
}
