//! `awareprint serve`: a web page, served on this machine only, where a partner edits
//! a county file with the checks of `check` beside each field and a preview of the
//! materials beside the form.
//!
//! The socket is tiny_http's; everything else is [`app::App::handle`], a function
//! from a [`http::Request`] to a [`http::Response`] that tests call directly.

pub mod app;
pub mod edit;
pub mod form;
pub mod http;

use crate::diag::{Diagnostic, Problems};
use http::{Guard, MAX_BODY, Request, Response};
use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

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
    server: Arc<tiny_http::Server>,
    app: Arc<app::App>,
    pub addr: SocketAddr,
}

impl Server {
    /// Check the materials folder, bind the address and make the session's token.
    pub fn bind(opts: &Options) -> Result<Server, Problems> {
        let project = crate::project::Project::open(&opts.materials)?;
        if let Some(c) = &opts.county {
            project.select_counties(std::slice::from_ref(c))?;
        }
        let ip = opts.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        let server = tiny_http::Server::http(SocketAddr::new(ip, opts.port))
            .map_err(|e| vec![Diagnostic::error(format!("cannot listen on {ip} port {}: {e}", opts.port)).hint("try another --port")])?;
        let addr = server.server_addr().to_ip().ok_or_else(|| vec![Diagnostic::error("the server has no IP address")])?;
        let port = addr.port();
        let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
        if ip.is_loopback() && ip.is_ipv6() {
            hosts.push(format!("[::1]:{port}"));
        }
        let any_ip_on = (!ip.is_loopback()).then_some(port);
        let token = http::new_token().map_err(|e| vec![Diagnostic::error(e)])?;
        let app = app::App::new(&opts.materials, Guard { hosts, token, any_ip_on }, opts.epoch, opts.county.clone());
        Ok(Server { server: Arc::new(server), app: Arc::new(app), addr })
    }

    /// The address to open: on this machine, with the county chosen.
    pub fn url(&self) -> String {
        let ip = self.addr.ip();
        let host = match ip {
            // Listening on every address: this machine reaches it at 127.0.0.1.
            IpAddr::V4(v4) if v4.is_loopback() || v4.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(v6) if v6.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
            IpAddr::V4(v4) => v4.to_string(),
        };
        format!("http://{host}:{}/", self.addr.port())
    }

    /// Answer requests on `threads` threads until the process ends.
    pub fn run(&self, threads: usize) {
        std::thread::scope(|s| {
            for _ in 0..threads.max(1) {
                s.spawn(|| {
                    while let Ok(req) = self.server.recv() {
                        answer(&self.app, req);
                    }
                });
            }
        });
    }

    /// Stop answering (for tests): `run` returns.
    pub fn stop(&self) {
        self.server.unblock();
    }
}

/// Read one request (its body bounded), answer it and send the answer.
fn answer(app: &app::App, mut req: tiny_http::Request) {
    let response = match read(&mut req, &app.guard) {
        Ok(r) => app.handle(&r),
        Err(r) => app_headers(r),
    };
    let mut out = tiny_http::Response::from_data(response.body).with_status_code(response.status);
    let mut headers = vec![("Content-Type", response.content_type.to_string())];
    headers.extend(response.headers);
    for (k, v) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            out.add_header(h);
        }
    }
    // The browser may have gone; nothing to tell it then.
    let _ = req.respond(out);
}

fn app_headers(mut r: Response) -> Response {
    for (name, value) in http::SECURITY_HEADERS {
        r = r.with_header(name, *value);
    }
    r
}

/// The request as the handlers see it; a body over [`MAX_BODY`], or any body sent to
/// a host name that is not this server's, is refused unread.
fn read(req: &mut tiny_http::Request, guard: &Guard) -> Result<Request, Response> {
    let too_large = || Response::error(413, format!("the request is larger than {} MB", MAX_BODY / (1024 * 1024)));
    if req.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(too_large());
    }
    let mut r = Request::new(req.method().as_str(), req.url());
    r.headers = req.headers().iter().map(|h| (h.field.as_str().as_str().to_ascii_lowercase(), h.value.as_str().to_string())).collect();
    guard.host(&r)?;
    let mut body = Vec::new();
    req.as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| Response::error(400, format!("the request could not be read: {e}")))?;
    if body.len() > MAX_BODY {
        return Err(too_large());
    }
    r.body = body;
    Ok(r)
}
