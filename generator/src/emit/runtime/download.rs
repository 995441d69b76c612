//! Response bodies that are not JSON (log archives, CSV reports, any other media type), handed
//! over as they arrive instead of being read into memory first.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use crate::Error;

/// The body of a success response that is not JSON (a gzip log archive, a CSV report), not yet
/// read: what an operation that downloads such a body returns.
///
/// The call returns once the response's status and headers have arrived (an error status has
/// already become an [`Error`], after the client's retries and credential renewals); the body
/// is then read as the caller consumes it, so memory stays bounded however large it is:
///
/// - [`Download::write_to`] copies it into any [`tokio::io::AsyncWrite`] (a file, a socket);
/// - `Download` is a [`futures_core::Stream`] of [`Bytes`] chunks, and [`Download::chunk`]
///   reads the next chunk without a stream library;
/// - [`Download::collect`] and [`Download::text`] read it whole, for bodies known to be small.
///
/// The call's timeout (the client's [timeout](crate::ClientBuilder::timeout), 60 seconds by
/// default) covers reading the whole body: give a large download more time with the
/// operation's `timeout` method.
///
/// The body is handed over as the API sends it, even when the call asked for an `envelope`.
pub struct Download {
    /// The response's status, for the call's trace.
    pub(crate) status: reqwest::StatusCode,
    /// The response's headers, for [`crate::ResponseValue`].
    pub(crate) headers: reqwest::header::HeaderMap,
    content_type: Option<String>,
    content_length: Option<u64>,
    chunks: Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<Bytes>> + Send>>,
}

impl Download {
    /// The body of `response`, unread.
    pub(crate) fn new(response: reqwest::Response) -> Self {
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let content_length = response.content_length();
        let headers = response.headers().clone();
        Download { status: response.status(), headers, content_type, content_length, chunks: Box::pin(response.bytes_stream()) }
    }

    /// The response's headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The media type of the body, as the `Content-Type` header gives it.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The size of the body in bytes, when the response says it in advance.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The next chunk of the body, or `None` once it has all been read.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next_chunk(cx)).await.transpose()
    }

    /// Copies the rest of the body into `out` chunk by chunk, flushes it, and gives the number
    /// of bytes written.
    ///
    /// Fails with the error `out` gave, or with a [`std::io::Error`] of kind `Other` whose
    /// [inner error](std::io::Error::into_inner) is the crate's [`Error`] when reading the body
    /// failed.
    pub async fn write_to<W>(mut self, out: &mut W) -> std::io::Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        use tokio::io::AsyncWriteExt;

        let mut written = 0;
        while let Some(chunk) = self.chunk().await.map_err(std::io::Error::other)? {
            out.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        out.flush().await?;
        Ok(written)
    }

    /// Reads the rest of the body into memory.
    pub async fn collect(mut self) -> Result<Bytes, Error> {
        let first = match self.chunk().await? {
            Some(first) => first,
            None => return Ok(Bytes::new()),
        };
        let Some(second) = self.chunk().await? else { return Ok(first) };
        // Never sized by the server's `Content-Length`: a hostile or broken server could announce
        // any length. The buffer grows with what actually comes.
        let mut body = Vec::with_capacity(first.len() + second.len());
        body.extend_from_slice(&first);
        body.extend_from_slice(&second);
        while let Some(chunk) = self.chunk().await? {
            body.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(body))
    }

    /// Reads the rest of the body into memory as text (invalid UTF-8 replaced by `U+FFFD`).
    pub async fn text(self) -> Result<String, Error> {
        let body = self.collect().await?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    fn poll_next_chunk(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Error>>> {
        self.get_mut().chunks.as_mut().poll_next(cx).map(|chunk| chunk.map(|chunk| chunk.map_err(Error::from_transport)))
    }
}

/// The body's chunks as they arrive.
impl Stream for Download {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.poll_next_chunk(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.chunks.size_hint()
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}
