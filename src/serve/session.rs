//! The session: the editor opens in the one browser that opened the address the
//! command printed. That address carries a secret key (`/?key=...`); the first request
//! with it is answered with the session cookie (HttpOnly, SameSite=Strict) and sent on
//! to the same address without the key, so that the key leaves the address bar. The key
//! works once: another browser, another account on this computer, or anyone who reads
//! the address later gets a short explanation and nothing else.

use super::http::{Guard, Request, Response};
use std::sync::atomic::{AtomicBool, Ordering};

/// Told to a browser that opens the editor without the session.
pub const NOT_OPENED: &str = "This is the awareprint county editor, and this browser has not opened it.\n\
Open the address awareprint printed when it started (it ends in ?key=...), in the browser you will use.\n";

/// Told to a browser that opens the printed address after another browser did.
pub const KEY_USED: &str = "This address has already opened the editor in a browser, and it works only once.\n\
Go back to that browser, or stop awareprint (Ctrl+C) and start it again for a new address.\n";

/// Told to a browser whose key is not the one printed.
pub const WRONG_KEY: &str = "This key is not the one awareprint printed.\n\
Open the address it printed when it started, or stop awareprint (Ctrl+C) and start it again for a new one.\n";

/// Whether the printed key was exchanged for the cookie.
#[derive(Debug, Default)]
pub struct Session {
    used: AtomicBool,
}

/// What a page is answered: the page itself, a way on to it, or a refusal in words.
pub enum Opened {
    /// The browser holds the session: serve what it asked for.
    Yes,
    /// Refused, or sent on: this response, and nothing of the editor.
    No(Response),
}

impl Session {
    /// The first request for a page (`GET /`), with or without the key. Every other
    /// request needs the cookie (`Guard::has_session`, `Guard::api`).
    pub fn open(&self, guard: &Guard, req: &Request) -> Opened {
        let has = guard.has_session(req);
        let Some(key) = req.param("key") else {
            return if has { Opened::Yes } else { Opened::No(plain(403, NOT_OPENED)) };
        };
        if !guard.is_key(key) {
            return Opened::No(plain(403, WRONG_KEY));
        }
        if has {
            // The same browser again (the address opened twice): on to the page.
            return Opened::No(on_to(&clean(req)));
        }
        // Only one request ever exchanges the key, however many race for it.
        match self.used.compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst) {
            Ok(_) => Opened::No(on_to(&clean(req)).with_header("Set-Cookie", guard.set_cookie())),
            Err(_) => Opened::No(plain(403, KEY_USED)),
        }
    }
}

/// A plain-text answer (no page, no script, no data).
pub fn plain(status: u16, text: &str) -> Response {
    Response::new(status, "text/plain; charset=utf-8", text)
}

/// A page that sends the browser on to `target` (a path on this server). A refresh
/// rather than a redirect: the browser then asks for `target` itself, from this
/// server's page, so it sends the SameSite=Strict cookie even when the printed address
/// was opened from a link on another site.
fn on_to(target: &str) -> Response {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"><link rel=\"icon\" href=\"data:,\">\
         <title>awareprint</title></head><body><p>Opening the county editor… <a href=\"{target}\">Continue</a></p></body></html>\n"
    );
    Response::new(200, "text/html; charset=utf-8", page)
}

/// The address asked for, without its key: `/?county=boulder`.
pub fn clean(req: &Request) -> String {
    let kept: Vec<String> =
        req.query.iter().filter(|(k, _)| k != "key").map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect();
    if kept.is_empty() { "/".to_string() } else { format!("/?{}", kept.join("&")) }
}

/// Everything but letters, digits and `-._~` as `%XX` (so nothing of it is HTML).
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clean_address_keeps_the_rest_of_the_query() {
        let r = Request::new("GET", "/?county=el%20paso&key=abc&x=%3Cb%3E");
        assert_eq!(clean(&r), "/?county=el%20paso&x=%3Cb%3E");
        assert_eq!(clean(&Request::new("GET", "/?key=abc")), "/");
        assert_eq!(clean(&Request::new("GET", "/?county=%22%3E%3Cscript%3E")), "/?county=%22%3E%3Cscript%3E");
    }
}
