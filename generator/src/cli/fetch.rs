//! Downloading the newest upstream spec for `refresh`.

use std::time::Duration;

/// The largest spec `refresh` downloads (the whole Atlas Admin API is about 6 MB).
const LIMIT: u64 = 256 * 1024 * 1024;

/// The text at `url` (`http`, `https`, or `file://` for a local path).
pub(super) fn fetch(url: &str) -> Result<String, String> {
    if let Some(path) = url.strip_prefix("file://") {
        return std::fs::read_to_string(path).map_err(|e| format!("cannot read {url}: {e}"));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(300)))
        .user_agent(concat!("atlas-codegen/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| format!("cannot download {url}: {e}"))?;
    response
        .body_mut()
        .with_config()
        .limit(LIMIT)
        .read_to_string()
        .map_err(|e| format!("cannot read the spec downloaded from {url}: {e}"))
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;

    use super::*;

    #[test]
    fn downloads_over_http() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().expect("accept");
            let mut request = [0u8; 4096];
            let read = stream.read(&mut request).expect("read");
            let request = String::from_utf8_lossy(&request[..read]).into_owned();
            let body = "openapi: 3.0.1\n";
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .expect("write");
            request
        });
        let text = fetch(&format!("http://{address}/openapi.yaml")).expect("downloads");
        assert_eq!(text, "openapi: 3.0.1\n");
        let request = server.join().expect("server");
        assert!(
            request.starts_with("GET /openapi.yaml HTTP/1.1"),
            "{request}"
        );
        assert!(request.contains("atlas-codegen/"), "{request}");
    }

    #[test]
    fn a_failed_download_names_the_url() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        drop(listener);
        let url = format!("http://{address}/gone.yaml");
        let error = fetch(&url).expect_err("nothing listens");
        assert!(
            error.starts_with(&format!("cannot download {url}")),
            "{error}"
        );
    }
}
