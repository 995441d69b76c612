//! When a failed request is sent again, and how long the client waits before it does.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::Error;

/// When the client sends a failed request again, and how long it waits first.
///
/// For every operation, whatever its method:
///
/// - `429 Too Many Requests` and `503 Service Unavailable` with a `Retry-After` header are sent
///   again after the delay the header gives (seconds, or an HTTP date; a date in the past means
///   at once). A `429` without a usable `Retry-After` is retried after one second, then two,
///   then four, and so on.
///
/// For idempotent operations only (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`), transient
/// failures too:
///
/// - a connection that could not be made ([`Error::Connect`]: refused, unreachable), or that
///   broke before the whole response was read (reset, closed early);
/// - a timeout, of the connection or of the whole request ([`Error::Timeout`]);
/// - `502 Bad Gateway`, `503 Service Unavailable` and `504 Gateway Timeout`.
///
/// These wait the response's `Retry-After`, if it gives one, else an exponential backoff with
/// full jitter: a random delay between zero and 500 milliseconds before the first retry, between
/// zero and one second before the second, and so on, doubling up to at most 30 seconds.
///
/// For every operation too, whatever its method: a request that never left the client, because
/// no connection could be made ([`Error::Connect`]: refused, unreachable, a name that does not
/// resolve, a connection not accepted within the connect timeout). The API cannot have acted on it.
///
/// `POST` and `PATCH` operations are never sent again after any other transport failure, a
/// timeout or a `5xx` status other than a `503` with `Retry-After`: they are not idempotent, and
/// such a failure may come after the API acted on the request. Nothing else is retried either (another
/// error status, a body that does not decode), and neither is a request whose body is streamed
/// from a reader rather than held in memory, which cannot be sent twice.
///
/// Retries are bounded twice: by their number and by the total time one call spends waiting
/// between attempts (the time the attempts themselves take, each bounded by the request timeout,
/// is not counted). A response whose `Retry-After` would exceed what is left of that time is not
/// waited for: it is returned at once as an [`Error`], whose [`retry_after`](Error::retry_after)
/// keeps the delay for the caller. A backoff is shortened to what is left of that time.
///
/// The default allows 3 retries and 60 seconds of waiting per call; [`RetryPolicy::disabled`]
/// never retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    max_total_wait: Duration,
}

impl RetryPolicy {
    /// The delay before the first retry of a `429` that gives no usable `Retry-After`; it
    /// doubles with each further retry.
    const FALLBACK_DELAY: Duration = Duration::from_secs(1);

    /// The most a backoff waits before the first retry of a transient failure; it doubles with
    /// each further retry, up to [`RetryPolicy::BACKOFF_CAP`].
    const BACKOFF_BASE: Duration = Duration::from_millis(500);

    /// The most a backoff ever waits.
    const BACKOFF_CAP: Duration = Duration::from_secs(30);

    /// A policy that never retries: every failure is returned as an error.
    pub const fn disabled() -> Self {
        RetryPolicy { max_retries: 0, max_total_wait: Duration::ZERO }
    }

    /// Sets how many times one call may be sent again (default 3).
    #[must_use]
    pub const fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets how long one call may spend waiting between retries, all retries together (default
    /// 60 seconds).
    #[must_use]
    pub const fn with_max_total_wait(mut self, max_total_wait: Duration) -> Self {
        self.max_total_wait = max_total_wait;
        self
    }

    /// How many times one call may be sent again.
    pub const fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// How long one call may spend waiting between retries, all retries together.
    pub const fn max_total_wait(&self) -> Duration {
        self.max_total_wait
    }

    /// The wait before sending a call again after it failed with `error`, given what the call has
    /// already used of the policy and whether its method is `idempotent`; `None` when it must not
    /// be retried.
    pub(crate) fn delay(&self, used: &Retries, error: &Error, idempotent: bool) -> Option<Duration> {
        if used.count >= self.max_retries {
            return None;
        }
        let left = self.max_total_wait.saturating_sub(used.waited);
        let delay = match (error.status(), error.retry_after()) {
            (Some(StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE), Some(delay)) => delay,
            (Some(StatusCode::TOO_MANY_REQUESTS), None) => Self::FALLBACK_DELAY.saturating_mul(2u32.saturating_pow(used.count)),
            _ if !is_transient(error) => return None,
            _ if !idempotent && !never_sent(error) => return None,
            (_, Some(delay)) => delay,
            // A backoff is cut to the time left, unless none is.
            (_, None) => return (!left.is_zero()).then(|| backoff(used.count).min(left)),
        };
        (delay <= left).then_some(delay)
    }
}

impl Default for RetryPolicy {
    /// Up to 3 retries and 60 seconds of waiting per call.
    fn default() -> Self {
        RetryPolicy { max_retries: 3, max_total_wait: Duration::from_secs(60) }
    }
}

/// What one call has used of its [`RetryPolicy`] so far.
#[derive(Debug, Default)]
pub(crate) struct Retries {
    count: u32,
    waited: Duration,
}

impl Retries {
    /// Records a retry after waiting `delay`.
    pub(crate) fn record(&mut self, delay: Duration) {
        self.count += 1;
        self.waited = self.waited.saturating_add(delay);
    }
}

/// Whether the request that failed with `error` never left the client: no connection was made,
/// so none of its bytes can have reached the API.
fn never_sent(error: &Error) -> bool {
    matches!(error, Error::Connect(_))
}

/// Whether `error` may pass if the request is sent again: a connection that failed or broke, a
/// timeout, or a `502`, `503` or `504`.
fn is_transient(error: &Error) -> bool {
    match error {
        Error::Timeout(_) | Error::Connect(_) => true,
        // Not an invalid request or a redirect loop: a connection closed or reset before the
        // whole response came.
        Error::Transport(error) => error.is_request() || error.is_body() || error.is_decode(),
        _ => matches!(
            error.status(),
            Some(StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT)
        ),
    }
}

/// The most the backoff before retry number `retry + 1` waits: [`RetryPolicy::BACKOFF_BASE`]
/// doubled `retry` times, at most [`RetryPolicy::BACKOFF_CAP`].
fn backoff_ceiling(retry: u32) -> Duration {
    RetryPolicy::BACKOFF_BASE.saturating_mul(2u32.saturating_pow(retry)).min(RetryPolicy::BACKOFF_CAP)
}

/// The backoff before retry number `retry + 1`: a random delay between zero and
/// [`backoff_ceiling`] ("full jitter", so that clients failing together do not retry together).
fn backoff(retry: u32) -> Duration {
    let ceiling = u64::try_from(backoff_ceiling(retry).as_millis()).unwrap_or(u64::MAX);
    Duration::from_millis(fastrand::u64(0..=ceiling))
}

/// The delay a response's `Retry-After` header asks for; `None` when it has none, or one that is
/// neither a number of seconds nor an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    parse_retry_after(headers.get(RETRY_AFTER)?.to_str().ok()?, SystemTime::now())
}

/// The delay the `Retry-After` value `value` asks for at `now`: a number of seconds, or the time
/// until an HTTP date (none if the date has passed).
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").expect("a date");
        let parse = |value| parse_retry_after(value, now);
        assert_eq!(parse("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse(" 0 "), Some(Duration::ZERO));
        assert_eq!(parse("Wed, 21 Oct 2015 07:30:30 GMT"), Some(Duration::from_secs(150)));
        // The obsolete forms HTTP still accepts.
        assert_eq!(parse("Wednesday, 21-Oct-15 07:28:10 GMT"), Some(Duration::from_secs(10)));
        assert_eq!(parse("Wed Oct 21 07:28:20 2015"), Some(Duration::from_secs(20)));
        assert_eq!(parse("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse("Tue, 20 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO), "a past date: at once");
        for malformed in ["", "-1", "1.5", "soon", "Wed, 21 Oct 2015 25:00:00 GMT", "Wed, 21 Oct 2015"] {
            assert_eq!(parse(malformed), None, "{malformed:?}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_its_cap_with_full_jitter() {
        let ceilings: Vec<u64> = (0..8).map(|retry| backoff_ceiling(retry).as_millis() as u64).collect();
        assert_eq!(ceilings, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
        assert_eq!(backoff_ceiling(u32::MAX), RetryPolicy::BACKOFF_CAP);
        for retry in [0, 1, 5, 40] {
            let delays: Vec<Duration> = (0..200).map(|_| backoff(retry)).collect();
            assert!(delays.iter().all(|delay| *delay <= backoff_ceiling(retry)), "{delays:?}");
            assert!(delays.iter().any(|delay| *delay < backoff_ceiling(retry) / 2), "jittered down to zero: {delays:?}");
            assert!(delays.iter().any(|delay| *delay > backoff_ceiling(retry) / 2), "up to the ceiling: {delays:?}");
        }
    }

    #[test]
    fn a_backoff_is_bounded_by_the_policy() {
        let invalid = || Error::InvalidRequest(String::new());
        let status = |code: u16| Error::from_response(StatusCode::from_u16(code).expect("a status"), None, b"");
        let policy = RetryPolicy::default();
        let mut used = Retries::default();
        assert_eq!(policy.delay(&used, &invalid(), true), None, "not transient: never retried");
        for retry in 0..3 {
            for code in [502, 503, 504] {
                let delay = policy.delay(&used, &status(code), true).expect("a 5xx of an idempotent call is retried");
                assert!(delay <= backoff_ceiling(retry), "{code}: {delay:?}");
                assert_eq!(policy.delay(&used, &status(code), false), None, "never for POST or PATCH");
            }
            assert_eq!(policy.delay(&used, &status(500), true), None, "a 500 is not transient");
            used.record(Duration::from_millis(1));
        }
        assert_eq!(policy.delay(&used, &status(502), true), None, "3 retries at most");

        // The backoff is cut to the time left of the total wait, and none is waited when none is left.
        let policy = RetryPolicy::default().with_max_total_wait(Duration::from_millis(10)).with_max_retries(100);
        let mut used = Retries::default();
        for _ in 0..20 {
            assert!(policy.delay(&used, &status(502), true).is_some_and(|delay| delay <= Duration::from_millis(10)));
        }
        used.record(Duration::from_millis(10));
        assert_eq!(policy.delay(&used, &status(504), true), None, "no wait left");
    }
}
