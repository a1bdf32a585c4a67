//! Web addresses: only `https://host[/path]`, checked before they are printed or
//! encoded in a QR code.

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
    pub fn parse(s: &str) -> Result<WebUrl, String> {
        let rest = s.strip_prefix("https://").ok_or_else(|| format!("`{s}` is not an https:// address"))?;
        if let Some(c) = s.chars().find(|c| !c.is_ascii() || c.is_ascii_control()) {
            return Err(format!(
                "`{}` contains U+{:04X}; an address is plain ASCII (no accented or lookalike letters, no invisible characters)",
                s.escape_debug(),
                c as u32
            ));
        }
        if s.chars()
            .any(|c| c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`' || c == '{' || c == '}' || c == '|' || c == '^')
        {
            return Err(format!("`{s}` contains spaces or characters not allowed in an address"));
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if authority.contains('@') {
            return Err(format!("`{s}` has a user name or password before the host; give the plain address"));
        }
        if authority.contains(':') {
            return Err(format!("`{s}` names a port; give the plain https address"));
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
            return Err(format!("`{s}` has no valid host name"));
        }
        if labels.iter().any(|l| l.to_ascii_lowercase().starts_with("xn--")) {
            return Err(format!(
                "`{s}` has an internationalised (xn--) host name, which can hide lookalike letters; use a plain ASCII address"
            ));
        }
        Ok(WebUrl { href: s.to_string() })
    }

    /// The address as printed: no scheme, no trailing slash (`report.cybertip.org`).
    pub fn display(&self) -> &str {
        let rest = &self.href["https://".len()..];
        rest.strip_suffix('/').unwrap_or(rest)
    }
}
