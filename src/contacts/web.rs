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
        Ok(WebUrl { href: s.to_string() })
    }

    /// The address as printed: no scheme, no trailing slash (`report.cybertip.org`).
    pub fn display(&self) -> &str {
        let rest = &self.href["https://".len()..];
        rest.strip_suffix('/').unwrap_or(rest)
    }
}
