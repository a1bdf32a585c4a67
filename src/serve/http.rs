//! Requests and responses as the handlers see them (no server crate's types), and the
//! checks every request passes before a handler runs: the Host a browser sent, and
//! for anything that reads, computes or changes something, the origin and the session
//! cookie.

/// A request, read whole: its body is at most [`MAX_BODY`] bytes.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub method: String,
    /// The path without the query: `/api/check`.
    pub path: String,
    /// The query's pairs, percent-decoded.
    pub query: Vec<(String, String)>,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// A request for `target` (`/api/county?id=boulder`).
    pub fn new(method: &str, target: &str) -> Request {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let query = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        Request { method: method.to_string(), path: path.to_string(), query, headers: Vec::new(), body: Vec::new() }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_ascii_lowercase(), value.to_string()));
        self
    }

    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Request {
        self.body = body.into();
        self
    }
}

/// `%41` -> `A`, `+` -> space; a malformed escape is kept as written.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16) {
                Ok(v) => {
                    out.push(v);
                    i += 2;
                }
                Err(_) => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A response: status, content type, extra headers and body.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response { status, content_type, headers: Vec::new(), body: body.into() }
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response::new(status, "application/json; charset=utf-8", value.to_string())
    }

    /// A refusal with a sentence for the page to show.
    pub fn error(status: u16, message: impl Into<String>) -> Response {
        Response::json(status, &serde_json::json!({ "error": message.into() }))
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// The body as JSON (for tests and the page's own checks).
    pub fn json_body(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// The largest request body: a logo (the logo size limit) plus room for its headers;
/// JSON bodies are far smaller and have their own limit.
pub const MAX_BODY: usize = crate::logo::MAX_BYTES;
/// The largest JSON body: a county form is a few kilobytes; a county file may be up to
/// 1 MB, and its form, with every empty field spelled out, up to a few times that.
pub const MAX_JSON: usize = 4 * 1024 * 1024;

/// Headers sent with every response: nothing is cached, sniffed, framed or fetched
/// from elsewhere, and no address leaks in a Referer.
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
];

/// Who may talk to the server: the host names (with port) a browser on this machine
/// uses for it, and the session's two secrets.
#[derive(Clone, Debug, Default)]
pub struct Guard {
    /// `127.0.0.1:8181`, `localhost:8181` (and `[::1]:8181` when listening there).
    pub hosts: Vec<String>,
    /// Listening beyond this machine (`--listen`) on this port: a Host that is any IP
    /// address (never a name, which a rebinding page would use) with this port.
    pub any_ip_on: Option<u16>,
    /// The secret in the address the command prints (`?key=`), exchanged once for the
    /// session cookie (see `session.rs`).
    pub key: String,
    /// The session cookie's name: `awareprint-PORT`, since a browser keeps one set of
    /// cookies for 127.0.0.1 whatever the port.
    pub cookie_name: String,
    /// The session cookie's value, which only the browser that opened the printed
    /// address holds (HttpOnly: not even the page's script reads it).
    pub cookie: String,
}

impl Guard {
    /// The guard of a server on `port`, with fresh secrets from the operating system.
    pub fn new(hosts: Vec<String>, any_ip_on: Option<u16>, port: u16) -> Result<Guard, String> {
        Ok(Guard { hosts, any_ip_on, key: new_secret()?, cookie_name: format!("awareprint-{port}"), cookie: new_secret()? })
    }

    /// A request's Host must be this server's own name: a page whose name resolves to
    /// this machine (DNS rebinding) still names its own host and is refused.
    pub fn host(&self, req: &Request) -> Result<(), Response> {
        match req.header("host") {
            Some(h) if self.allows(h) => Ok(()),
            _ => Err(Response::error(421, "this server answers only to its own address")),
        }
    }

    fn allows(&self, host: &str) -> bool {
        if self.hosts.iter().any(|a| a.eq_ignore_ascii_case(host)) {
            return true;
        }
        let Some(port) = self.any_ip_on else { return false };
        host.parse::<std::net::SocketAddr>().is_ok_and(|a| a.port() == port)
    }

    /// Whether the request carries the session cookie (of any cookies it sends by that
    /// name, one is this session's: another server on 127.0.0.1 may set one too).
    pub fn has_session(&self, req: &Request) -> bool {
        req.headers
            .iter()
            .filter(|(k, _)| k == "cookie")
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(name, value)| name == self.cookie_name && same_secret(value, &self.cookie))
    }

    /// Whether `given` is the key of the printed address.
    pub fn is_key(&self, given: &str) -> bool {
        same_secret(given, &self.key)
    }

    /// The `Set-Cookie` value that gives a browser the session: sent back only to this
    /// host (no Domain), on no request another site starts (SameSite=Strict), and
    /// never to the page's script (HttpOnly); gone when the browser closes.
    pub fn set_cookie(&self) -> String {
        format!("{}={}; Path=/; HttpOnly; SameSite=Strict", self.cookie_name, self.cookie)
    }

    /// A request that reads, computes or changes something must come from the page
    /// itself, in the browser that holds the session: its Origin is this server, the
    /// browser says the fetch is same-origin when it says anything, and it carries the
    /// session cookie.
    pub fn api(&self, req: &Request) -> Result<(), Response> {
        // The page's own origin: the address the browser asked this server by.
        let origin_ok = match (req.header("origin"), req.header("host")) {
            (Some(o), Some(h)) => self.allows(h) && o.eq_ignore_ascii_case(&format!("http://{h}")),
            _ => false,
        };
        if !origin_ok {
            return Err(Response::error(403, "refused: this request did not come from the awareprint page"));
        }
        if let Some(site) = req.header("sec-fetch-site")
            && site != "same-origin"
        {
            return Err(Response::error(403, "refused: this request came from another site"));
        }
        if !self.has_session(req) {
            return Err(Response::error(403, NO_SESSION));
        }
        Ok(())
    }
}

/// What a request without the session is told.
pub const NO_SESSION: &str =
    "refused: this browser has not opened the editor; open the address awareprint printed when it started (it ends in ?key=...)";

/// Two secrets compared in time that does not depend on where they differ.
fn same_secret(given: &str, want: &str) -> bool {
    let (given, want) = (given.as_bytes(), want.as_bytes());
    given.len() == want.len() && given.iter().zip(want).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// 128 bits from the operating system (getrandom), as hex: a key, a cookie, an upload id.
pub fn new_secret() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("no random numbers from the system: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(any_ip_on: Option<u16>) -> Guard {
        Guard {
            hosts: vec!["127.0.0.1:8".into(), "localhost:8".into()],
            any_ip_on,
            key: "k".repeat(32),
            cookie_name: "awareprint-8".into(),
            cookie: "c".repeat(32),
        }
    }

    #[test]
    fn queries_decode() {
        let r = Request::new("GET", "/api/county?id=el%20paso&x=a+b&bad=%zz&end=%4");
        assert_eq!(r.path, "/api/county");
        assert_eq!(r.param("id"), Some("el paso"));
        assert_eq!(r.param("x"), Some("a b"));
        assert_eq!(r.param("bad"), Some("%zz"));
        assert_eq!(r.param("end"), Some("%4"));
    }

    #[test]
    fn listening_beyond_this_machine_allows_addresses_never_names() {
        let g = guard(Some(8));
        let ask = |h: &str| g.host(&Request::new("GET", "/").with_header("Host", h)).is_ok();
        assert!(ask("192.0.2.2:8") && ask("[2001:db8::1]:8") && ask("localhost:8"));
        assert!(!ask("evil.example:8") && !ask("192.0.2.2:9") && !ask("192.0.2.2") && !ask("localhost.:8"));
        let closed = guard(None);
        assert!(closed.host(&Request::new("GET", "/").with_header("Host", "192.0.2.2:8")).is_err());
        // The origin is the address the page was opened by.
        let post = |host: &str, origin: &str| {
            let r = Request::new("POST", "/")
                .with_header("Host", host)
                .with_header("Origin", origin)
                .with_header("Cookie", &format!("awareprint-8={}", "c".repeat(32)));
            g.api(&r).is_ok()
        };
        assert!(post("192.0.2.2:8", "http://192.0.2.2:8"));
        assert!(!post("192.0.2.2:8", "http://127.0.0.1:8"));
        assert!(!post("evil.example:8", "http://evil.example:8"));
    }

    #[test]
    fn secrets_differ_and_compare() {
        let g = Guard::new(vec!["127.0.0.1:1".into()], None, 1).unwrap();
        assert_eq!((g.key.len(), g.cookie.len()), (32, 32));
        assert_ne!(g.key, g.cookie);
        assert_ne!(g.key, new_secret().unwrap());
        assert_eq!(g.cookie_name, "awareprint-1");
        assert!(g.is_key(&g.key.clone()));
        assert!(!g.is_key("") && !g.is_key(&g.key[..31]) && !g.is_key(&g.cookie.clone()));
    }

    #[test]
    fn the_session_is_the_cookie_of_this_port() {
        let g = guard(None);
        let with = |cookie: &str| g.has_session(&Request::new("GET", "/").with_header("Cookie", cookie));
        let good = "c".repeat(32);
        assert!(with(&format!("awareprint-8={good}")));
        assert!(with(&format!("theme=dark; awareprint-8={good}")));
        // Another server on 127.0.0.1 set one by this name too: this session's is found.
        assert!(with(&format!("awareprint-8=planted; awareprint-8={good}")));
        assert!(!with(&format!("awareprint-9={good}")), "another port's cookie");
        assert!(!with(&format!("awareprint-8={}", &good[..31])));
        assert!(!with(&format!("awareprint-8={good}x")));
        assert!(!with(&format!("xawareprint-8={good}")));
        assert!(!with("awareprint-8="));
        assert!(!g.has_session(&Request::new("GET", "/")));
        assert!(g.set_cookie().ends_with("; Path=/; HttpOnly; SameSite=Strict"));
    }
}
