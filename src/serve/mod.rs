//! `awareprint serve`: a web page, served on this machine only, where a partner edits
//! a county file with the checks of `check` beside each field and a preview of the
//! materials beside the form.
//!
//! The socket is hyper's (HTTP/1 on a small tokio runtime, each connection a task,
//! each request's work on the blocking pool); everything else is
//! [`app::App::handle`], a function from a [`http::Request`] to a [`http::Response`]
//! that tests call directly.

pub mod app;
pub mod draw;
pub mod edit;
pub mod form;
pub mod gate;
pub mod http;
pub mod session;
pub mod shared;

use crate::diag::{Diagnostic, Problems};
use http::{Guard, MAX_BODY, Request, Response};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a browser may take to send a request's head, and then its body.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// How `serve` runs.
pub struct Options {
    pub materials: PathBuf,
    /// The port, or 0 for one the system picks.
    pub port: u16,
    /// An address other than 127.0.0.1, given explicitly.
    pub listen: Option<IpAddr>,
    /// The county the page opens with.
    pub county: Option<String>,
    pub epoch: i64,
}

/// A server listening, ready to answer.
pub struct Server {
    listener: Mutex<Option<std::net::TcpListener>>,
    app: Arc<app::App>,
    pub addr: SocketAddr,
}

impl Server {
    /// Check the materials folder, bind the address and make the session's secrets.
    pub fn bind(opts: &Options) -> Result<Server, Problems> {
        let project = crate::project::Project::open(&opts.materials)?;
        if let Some(c) = &opts.county {
            project.select_counties(std::slice::from_ref(c))?;
        }
        let ip = opts.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        let cannot = |e: std::io::Error| {
            vec![Diagnostic::error(format!("cannot listen on {ip} port {}: {e}", opts.port)).hint("try another --port")]
        };
        // Port 0: the system picks a free one.
        let listener = std::net::TcpListener::bind(SocketAddr::new(ip, opts.port)).map_err(cannot)?;
        let addr = listener.local_addr().map_err(cannot)?;
        listener.set_nonblocking(true).map_err(cannot)?;
        let port = addr.port();
        let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
        // The address it listens on, as the printed address names it (127.0.0.2, [::1]).
        if !ip.is_unspecified() {
            hosts.push(addr.to_string());
        }
        let any_ip_on = (!ip.to_canonical().is_loopback()).then_some(port);
        let guard = Guard::new(hosts, any_ip_on, port).map_err(|e| vec![Diagnostic::error(e)])?;
        let app = app::App::new(&opts.materials, guard, opts.epoch, opts.county.clone());
        Ok(Server { listener: Mutex::new(Some(listener)), app: Arc::new(app), addr })
    }

    /// The address to open: on this machine, with the county chosen and the key that
    /// opens the editor in one browser.
    pub fn url(&self) -> String {
        let ip = self.addr.ip();
        let host = match ip {
            // Listening on every address: this machine reaches it at 127.0.0.1.
            IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(v6) if v6.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
            IpAddr::V4(v4) => v4.to_string(),
        };
        let county = self.app.county.as_ref().map(|c| format!("county={c}&")).unwrap_or_default();
        format!("http://{host}:{}/?{county}key={}", self.addr.port(), self.app.guard.key)
    }

    /// Answer requests until the process ends.
    pub fn run(&self) -> Result<(), Problems> {
        let Some(listener) = self.listener.lock().unwrap_or_else(|e| e.into_inner()).take() else { return Ok(()) };
        let failed = |e: std::io::Error| vec![Diagnostic::error(format!("the server could not start: {e}"))];
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_io().enable_time().build().map_err(failed)?;
        let app = self.app.clone();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).map_err(failed)?;
            loop {
                let stream = match listener.accept().await {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors, say: wait a moment and go on serving.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let app = app.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let app = app.clone();
                        async move { Ok::<_, std::convert::Infallible>(answer(app, req).await) }
                    });
                    // One request a connection; a client that sends nothing is let go.
                    let connection = hyper::server::conn::http1::Builder::new()
                        .timer(hyper_util::rt::TokioTimer::new())
                        .header_read_timeout(HEAD_TIMEOUT)
                        .keep_alive(false)
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
                    // A browser that went away: nothing to tell it.
                    let _ = connection.await;
                });
            }
        })
    }
}

/// Read one request (its body bounded), answer it on the blocking pool.
async fn answer(app: Arc<app::App>, req: hyper::Request<Incoming>) -> hyper::Response<Full<Bytes>> {
    let response = match read(req, &app.guard).await {
        Ok(r) => tokio::task::spawn_blocking(move || app.handle(&r))
            .await
            .unwrap_or_else(|_| Response::error(500, "awareprint failed answering this request; see the terminal")),
        Err(r) => app_headers(r),
    };
    let mut out = hyper::Response::builder().status(response.status).header("Content-Type", response.content_type);
    for (k, v) in &response.headers {
        out = out.header(*k, v.as_str());
    }
    out.body(Full::new(Bytes::from(response.body))).unwrap_or_else(|_| {
        let mut plain = hyper::Response::new(Full::new(Bytes::from_static(b"the answer could not be sent")));
        *plain.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        plain
    })
}

fn app_headers(mut r: Response) -> Response {
    for (name, value) in http::SECURITY_HEADERS {
        r = r.with_header(name, *value);
    }
    r
}

/// The request as the handlers see it. Nothing of a body is read when the Host is not
/// this server's, when a POST does not come from the page in the browser that holds the
/// session, or when the body says it is larger than [`MAX_BODY`]; a body that does not
/// say is read only up to that limit, and only for [`BODY_TIMEOUT`].
async fn read(req: hyper::Request<Incoming>, guard: &Guard) -> Result<Request, Response> {
    let too_large = || Response::error(413, format!("the request is larger than {} MB", MAX_BODY / (1024 * 1024)));
    let (parts, body) = req.into_parts();
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut r = Request::new(parts.method.as_str(), target);
    // An absolute-form target names its host in the URI.
    if let Some(authority) = parts.uri.authority() {
        r.headers.push(("host".into(), authority.as_str().to_string()));
    }
    for (name, value) in &parts.headers {
        if let Ok(v) = value.to_str() {
            r.headers.push((name.as_str().to_ascii_lowercase(), v.to_string()));
        }
    }
    guard.host(&r)?;
    if r.method == "POST" {
        guard.api(&r)?;
    }
    if r.header("content-length").and_then(|n| n.trim().parse::<u64>().ok()).is_some_and(|n| n > MAX_BODY as u64) {
        return Err(too_large());
    }
    let collected = tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, MAX_BODY).collect())
        .await
        .map_err(|_| Response::error(408, "the request's body took too long"))?;
    r.body = match collected {
        Ok(c) => c.to_bytes().to_vec(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => return Err(too_large()),
        Err(e) => return Err(Response::error(400, format!("the request could not be read: {e}"))),
    };
    Ok(r)
}
