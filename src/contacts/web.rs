//! Web addresses: only `https://host[/path]`, checked before they are printed or
//! encoded in a QR code.

/// Why an address was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebProblem {
    NotHttps,
    /// A character outside printable ASCII.
    NotAscii(char),
    /// Spaces or characters an address may not hold.
    Forbidden,
    /// A user name or password before the host.
    UserInfo,
    Port,
    /// No valid host name.
    Host,
    /// An internationalised (`xn--`) host name.
    Punycode,
    /// The printed part after the host (its path, query or fragment) prints a number,
    /// a keypad spelling or another address.
    Printed(crate::policy::Refusal),
}

/// An address refused by [`WebUrl::parse`], and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebError {
    pub address: String,
    pub problem: WebProblem,
}

impl std::fmt::Display for WebError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let s = &self.address;
        match &self.problem {
            WebProblem::NotHttps => write!(f, "`{s}` is not an https:// address"),
            WebProblem::NotAscii(c) => write!(
                f,
                "`{}` contains U+{:04X}; an address is plain ASCII (no accented or lookalike letters, no invisible characters)",
                s.escape_debug(),
                *c as u32
            ),
            WebProblem::Forbidden => write!(f, "`{s}` contains spaces or characters not allowed in an address"),
            WebProblem::UserInfo => write!(f, "`{s}` has a user name or password before the host; give the plain address"),
            WebProblem::Port => write!(f, "`{s}` names a port; give the plain https address"),
            WebProblem::Host => write!(f, "`{s}` has no valid host name"),
            WebProblem::Punycode => {
                write!(f, "`{s}` has an internationalised (xn--) host name, which can hide lookalike letters; use a plain ASCII address")
            }
            WebProblem::Printed(r) => {
                let what = match r {
                    crate::policy::Refusal::Number(n) => format!("the number `{n}`"),
                    crate::policy::Refusal::Keypad(w) => format!("`{w}`, a phone number spelled on a keypad"),
                    crate::policy::Refusal::Address(w) => format!("another address, `{w}`"),
                    other => other.message(),
                };
                write!(
                    f,
                    "`{s}` is printed as text under its code, and it prints {what}; numbers are printed only from checked contacts: use an address without it"
                )
            }
        }
    }
}

/// A checked web address (`https://` only); made only by [`WebUrl::parse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebUrl {
    href: String,
}

impl WebUrl {
    /// The address a link or QR code opens.
    pub fn href(&self) -> &str {
        &self.href
    }

    /// Parse an address; only `https://host[/path]` is accepted. The host is plain
    /// ASCII (no internationalised names, so no lookalike letters), has at least two
    /// labels of letters, digits and inner hyphens and an alphabetic top-level label;
    /// there is no user name, password or port; the rest is printable ASCII.
    pub fn parse(s: &str) -> Result<WebUrl, WebError> {
        let err = |problem| WebError { address: s.to_string(), problem };
        let rest = s.strip_prefix("https://").ok_or_else(|| err(WebProblem::NotHttps))?;
        if let Some(c) = s.chars().find(|c| !c.is_ascii() || c.is_ascii_control()) {
            return Err(err(WebProblem::NotAscii(c)));
        }
        if s.chars()
            .any(|c| c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`' || c == '{' || c == '}' || c == '|' || c == '^')
        {
            return Err(err(WebProblem::Forbidden));
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if authority.contains('@') {
            return Err(err(WebProblem::UserInfo));
        }
        if authority.contains(':') {
            return Err(err(WebProblem::Port));
        }
        let host = authority;
        let labels: Vec<&str> = host.split('.').collect();
        let label_ok = |l: &&str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        let tld = labels.last().copied().unwrap_or("");
        let valid_host = labels.len() >= 2
            && host.len() <= 253
            && labels.iter().all(label_ok)
            && tld.len() >= 2
            && tld.chars().all(|c| c.is_ascii_alphabetic());
        if !valid_host {
            return Err(err(WebProblem::Host));
        }
        if labels.iter().any(|l| l.to_ascii_lowercase().starts_with("xn--")) {
            return Err(err(WebProblem::Punycode));
        }
        // The host is printed too: digits joined across labels by hyphens and dots
        // (`303-441-3700.example.org`) print a phone number.
        let mut run = 0;
        for c in host.chars() {
            match c {
                '0'..='9' => run += 1,
                '-' | '.' => {}
                _ => run = 0,
            }
            if run >= 7 {
                return Err(err(WebProblem::Printed(crate::policy::Refusal::Number(host.to_string()))));
            }
        }
        let url = WebUrl { href: s.to_string() };
        printed_path(&url.display()[host.len()..]).map_err(|r| err(WebProblem::Printed(r)))?;
        Ok(url)
    }

    /// The address as printed: no scheme, no trailing slash (`report.cybertip.org`).
    /// Its host is checked by [`WebUrl::parse`]; the rest passes the printed-text
    /// policy (see [`printed_path`]).
    pub fn display(&self) -> &str {
        let rest = &self.href["https://".len()..];
        rest.strip_suffix('/').unwrap_or(rest)
    }
}

/// File-name endings a page's last path segment may have: they are not public
/// suffixes, so `report.pdf` is a file and never a second address.
const FILE_ENDINGS: &[&str] = &["html", "htm", "php", "aspx", "asp", "jsp", "cfm", "pdf"];

/// The printed part of an address after its host (`/human-services/report`, its query
/// and fragment): it passes the same printed-text policy as every other printed text,
/// its separators (`/ ? # & = + _ . ~ %`) read as spaces, so a path never prints a
/// number (`/720-555-0100`, `?id=3035550100`, digits spelled `%33%30%33`), a keypad
/// spelling (`/1-800-HELP-4-US`) or another address (`/evil.example.com`). A file
/// ending from [`FILE_ENDINGS`] at the end of the path is allowed.
pub fn printed_path(rest: &str) -> Result<(), crate::policy::Refusal> {
    let (path, tail) = rest.split_at(rest.find(['?', '#']).unwrap_or(rest.len()));
    let last = path.rsplit('/').next().unwrap_or("");
    let path = match last.rsplit_once('.') {
        Some((stem, ending)) if !stem.is_empty() && !stem.contains('.') && FILE_ENDINGS.contains(&ending.to_ascii_lowercase().as_str()) => {
            &path[..path.len() - ending.len() - 1]
        }
        _ => path,
    };
    // Each segment on its own, then the whole with its separators as spaces: a number
    // split across segments (`/720/555/0100`) is still one run of digits.
    for part in path.split('/').chain(tail.split(['?', '#', '&', '='])) {
        crate::policy::printed(part, false)?;
    }
    let spaced: String = format!("{path}{tail}").chars().map(|c| if "/?#&=+_~%".contains(c) { ' ' } else { c }).collect();
    crate::policy::printed(&spaced, false).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(s: &str) -> bool {
        matches!(WebUrl::parse(s), Err(WebError { problem: WebProblem::Printed(_), .. }))
    }

    #[test]
    fn a_path_prints_no_number_keypad_word_or_address() {
        for bad in [
            "https://example.org/1-800-HELP-4-US/720-555-0100",
            "https://example.org/help/720-555-0100",
            "https://example.org/help?call=7205550100",
            "https://example.org/720/555/0100",
            "https://example.org/help#303-441-3700",
            "https://example.org/%33%30%33%34%34%31%33%37%30%30",
            "https://example.org/CO-4-KIDS",
            "https://example.org/go/evil.example.com",
            "https://example.org/go/evil.com/",
            "https://example.org/r?to=www.evil.org",
            "https://example.org/call-3O3-44l-37OO",
            "https://example.org/help.html.com",
            "https://303-441-3700.example.org/",
            "https://3034413700.example.org",
            "https://303.441.3700.example.org",
        ] {
            assert!(refused(bad), "{bad}");
        }
        let e = WebUrl::parse("https://example.org/1-800-HELP-4-US/720-555-0100").unwrap_err().to_string();
        assert!(e.contains("and it prints `1-800-HELP-4-US`, a phone number spelled on a keypad"), "{e}");
    }

    #[test]
    fn ordinary_paths_are_allowed() {
        for good in [
            "https://co4kids.org",
            "https://report.cybertip.org/",
            "https://www.bouldercounty.gov/",
            "https://www.example.org/clear-creek/help",
            "https://www.example.org/adams",
            "https://example.org/human-services/child-welfare/report.html",
            "https://example.org/files/trafficking-flyer.pdf",
            "https://example.org/help?lang=es",
            "https://example.org/help#contact",
            "https://211colorado.org/",
            "https://www.9news.com/",
        ] {
            assert!(WebUrl::parse(good).is_ok(), "{good}: {:?}", WebUrl::parse(good));
        }
    }
}
