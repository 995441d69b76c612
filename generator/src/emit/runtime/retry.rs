//! When a rate-limited request is sent again, and how long the client waits before it does.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::Error;

/// How the client answers `429 Too Many Requests`, and `503 Service Unavailable` with a
/// `Retry-After` header: by waiting the number of seconds the header gives, then sending the same
/// request again.
///
/// Retries are bounded twice: by their number and by the total time one call spends waiting. A
/// response whose `Retry-After` would exceed what is left of that time is not waited for: it is
/// returned at once as an [`Error`], whose [`retry_after`](Error::retry_after) keeps the delay for
/// the caller. A `429` without a usable `Retry-After` is retried after one second, then two, then
/// four, and so on; a `503` without one is not retried.
///
/// Only those responses are retried. A call that fails in any other way (another error status, a
/// timeout, a lost connection) is never sent again: the API's `POST` and `PATCH` operations are
/// not idempotent, and such a failure may come after the API acted on the request.
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

    /// A policy that never retries: every rate-limited response is returned as an error.
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
    /// already used of the policy; `None` when it must not be retried.
    pub(crate) fn delay(&self, used: &Retries, error: &Error) -> Option<Duration> {
        if used.count >= self.max_retries {
            return None;
        }
        let delay = match (error.status()?, error.retry_after()) {
            (StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE, Some(delay)) => delay,
            (StatusCode::TOO_MANY_REQUESTS, None) => Self::FALLBACK_DELAY.saturating_mul(2u32.saturating_pow(used.count)),
            _ => return None,
        };
        (used.waited.saturating_add(delay) <= self.max_total_wait).then_some(delay)
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

/// The delay a response's `Retry-After` header asks for.
///
/// Only the delay-seconds form is understood (the API sends no other); a header in the HTTP-date
/// form, or otherwise malformed, counts as absent.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds = headers.get(RETRY_AFTER)?.to_str().ok()?.trim().parse::<u64>().ok()?;
    Some(Duration::from_secs(seconds))
}
