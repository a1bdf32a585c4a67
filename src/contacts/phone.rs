//! Phone and text numbers: the keypad, the North American Numbering Plan's rules,
//! and the checked types a number must become before it can be printed.

/// A voice number: as printed (maybe with letters) and as dialled. Its fields are
/// private: the only way to make one is [`check_phone`] (keypad spelling, NANP
/// rules), so a number that was not checked cannot reach a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// As printed in large type: `1-844-CO-4-KIDS`, `911`.
    written: String,
    /// The digits as printed beside a vanity number: `1-844-264-5437`.
    digits_written: String,
    /// Only the digits, with the leading 1 of a North American number: `18442645437`.
    digits: String,
}

impl Phone {
    /// As printed in large type: `1-844-CO-4-KIDS`, `911`.
    pub fn written(&self) -> &str {
        &self.written
    }

    /// The digits as printed beside a vanity number: `1-844-264-5437`.
    pub fn digits_written(&self) -> &str {
        &self.digits_written
    }

    /// Only the digits, with the leading 1 of a North American number: `18442645437`.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// True when the printed form has letters, so the digits are printed beside it.
    pub fn is_vanity(&self) -> bool {
        self.written.chars().any(|c| c.is_ascii_alphabetic())
    }

    /// The `tel:` link, derived from the digits: `tel:+18442645437`, `tel:911`.
    pub fn tel_uri(&self) -> String {
        if self.digits.len() == 11 { format!("tel:+{}", self.digits) } else { format!("tel:{}", self.digits) }
    }
}

/// A number that takes text messages, checked; made only by the registry's checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sms {
    written: String,
    digits: String,
    /// The word a short code spells (`BEFREE`), if any.
    word: Option<String>,
}

impl Sms {
    /// As printed: `720-999-9724`, `233733`.
    pub fn written(&self) -> &str {
        &self.written
    }

    /// The word a short code spells (`BEFREE`), if any.
    pub fn word(&self) -> Option<&str> {
        self.word.as_deref()
    }

    pub fn sms_uri(&self) -> String {
        if self.digits.len() == 11 { format!("sms:+{}", self.digits) } else { format!("sms:{}", self.digits) }
    }
}

/// The telephone keypad: ABC=2 DEF=3 GHI=4 JKL=5 MNO=6 PQRS=7 TUV=8 WXYZ=9.
pub fn keypad_digit(c: char) -> Option<char> {
    let d = match c.to_ascii_uppercase() {
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        'W'..='Z' => '9',
        _ => return None,
    };
    Some(d)
}

/// The digits a printed number dials: letters through the keypad, separators dropped.
pub fn dialled_digits(written: &str) -> Result<String, String> {
    let mut out = String::new();
    for c in written.chars() {
        match c {
            '0'..='9' => out.push(c),
            '-' | ' ' | '.' | '(' | ')' => {}
            '+' if out.is_empty() => {}
            c if c.is_ascii_alphabetic() => out.push(keypad_digit(c).expect("ascii letter")),
            c => return Err(format!("`{written}` contains `{c}`, which is not a digit, letter or separator")),
        }
    }
    Ok(out)
}

/// Normalise a North American number (10 digits, optional leading 1) to 11 digits,
/// or accept 911. The number must be one the North American Numbering Plan can
/// assign: see [`nanp_problem`].
fn normalise_voice(digits: &str, written: &str) -> Result<String, String> {
    let ten = match digits.len() {
        3 if digits == "911" => return Ok(digits.to_string()),
        10 => digits,
        11 if digits.starts_with('1') => &digits[1..],
        _ => return Err(format!("`{written}` is not a North American number (10 digits, optional leading 1) or 911")),
    };
    match nanp_problem(ten) {
        Some(why) => Err(format!("`{written}` cannot be a real North American number: {why}")),
        None => Ok(format!("1{ten}")),
    }
}

/// Why ten digits (area code, exchange, line) cannot be a callable North American
/// number, or `None` when they can: area code and exchange start with 2-9, neither is
/// an N11 service code (211 ... 911), the exchange is not 555 with a line 0100-0199
/// (reserved for fiction), and the number is not premium-rate (area code 900,
/// exchange 976).
pub fn nanp_problem(ten: &str) -> Option<String> {
    let b = ten.as_bytes();
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) {
        return Some("it is not 10 digits".into());
    }
    let (area, exchange, line) = (&ten[0..3], &ten[3..6], &ten[6..10]);
    let n11 = |s: &str| s.as_bytes()[1..] == *b"11";
    if matches!(b[0], b'0' | b'1') {
        Some(format!("the area code {area} starts with {}", b[0] as char))
    } else if n11(area) {
        Some(format!("{area} is a service code (like 411 or 911), not an area code"))
    } else if area == "900" {
        Some("900 numbers are premium-rate lines that charge the caller".into())
    } else if matches!(b[3], b'0' | b'1') {
        Some(format!("the exchange {exchange} (after the area code) starts with {}", b[3] as char))
    } else if n11(exchange) {
        Some(format!("the exchange {exchange} is a service code (like 411 or 911)"))
    } else if exchange == "976" {
        Some("976 numbers are premium-rate lines that charge the caller".into())
    } else if exchange == "555" && line.starts_with("01") {
        Some(format!("555-{line} is in the range 555-0100 to 555-0199 kept for films and examples"))
    } else {
        None
    }
}

/// Which field of a contact a problem with its number is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneField {
    /// `phone`, the number as printed.
    Written,
    /// `digits`, the digits printed beside a vanity number.
    Digits,
    /// `sms`, a text-message number.
    Sms,
}

/// What is wrong with a number, and in which field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneError {
    pub field: PhoneField,
    pub message: String,
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Check a printed number and, for a vanity number, the digits printed beside it.
pub fn check_phone(written: &str, digits: Option<&str>) -> Result<Phone, PhoneError> {
    let in_written = |message: String| PhoneError { field: PhoneField::Written, message };
    let in_digits = |message: String| PhoneError { field: PhoneField::Digits, message };
    let dialled = dialled_digits(written).and_then(|d| normalise_voice(&d, written)).map_err(in_written)?;
    let has_letters = written.chars().any(|c| c.is_ascii_alphabetic());
    let digits_written = match digits {
        Some(d) => {
            if d.chars().any(|c| c.is_ascii_alphabetic()) {
                return Err(in_digits(format!("digits `{d}` contain letters")));
            }
            let given = dialled_digits(d).and_then(|g| normalise_voice(&g, d)).map_err(in_digits)?;
            if given != dialled {
                return Err(in_digits(format!("`{written}` spells {dialled} on a keypad, but digits say {given}")));
            }
            d.to_string()
        }
        None if has_letters => return Err(in_written(format!("vanity number `{written}` needs its `digits` beside it"))),
        None => written.to_string(),
    };
    Ok(Phone { written: written.to_string(), digits_written, digits: dialled })
}

/// Check a text-message number (and the word a short code spells, if given).
pub fn check_sms(written: &str, word: Option<&str>) -> Result<Sms, PhoneError> {
    let digits = parse_sms(written).map_err(|message| PhoneError { field: PhoneField::Sms, message })?;
    Ok(Sms { written: written.to_string(), digits, word: word.map(str::to_string) })
}

/// A text-message number: North American, or a 5- or 6-digit short code.
pub(super) fn parse_sms(written: &str) -> Result<String, String> {
    let d = dialled_digits(written)?;
    if written.chars().any(|c| c.is_ascii_alphabetic()) {
        return Err(format!("sms number `{written}` must be digits; put the word in `sms-word`"));
    }
    match d.len() {
        5 | 6 if d.starts_with(['0', '1']) => Err(format!("short code `{written}` starts with {}; US short codes start with 2-9", &d[..1])),
        5 | 6 => Ok(d),
        _ => normalise_voice(&d, written).map_err(|e| {
            if d.len() == 10 || d.len() == 11 {
                e
            } else {
                format!("`{written}` is neither a short code (5-6 digits) nor a North American number")
            }
        }),
    }
}
