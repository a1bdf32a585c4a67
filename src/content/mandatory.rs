//! What every material must carry whatever its edition: 911 and a statewide channel.

use super::{Block, Content};
use crate::diag::Problems;
use crate::kinds::KindSpec;
use crate::model::{BlockSpec, Loaded, MaterialFile, Spanned};

/// The id of the emergency channel in the registry.
pub const EMERGENCY: &str = "emergency";

/// Every material shows 911 for a child in immediate danger and at least one
/// statewide reporting channel as a callout or QR code. An edition cannot remove them.
/// (911 is often written in the copy, so its absence names the language file; the
/// channels are blocks, so theirs names the structure file.)
pub(super) fn required_content(
    file: &Loaded<MaterialFile>,
    copy: &Loaded<crate::model::CopyFile>,
    front: &[Block],
    back: &[Block],
) -> Problems {
    let all = || front.iter().chain(back);
    let mut problems = Vec::new();
    let shows_911 = all().any(|b| match &b.content {
        Content::Call(c) => c.phone.as_ref().is_some_and(|p| p.digits() == "911"),
        Content::Paragraph(t) | Content::Heading(t) | Content::Kicker(t) => has_word(t, "911"),
        Content::Bullets(items) => items.iter().any(|t| has_word(t, "911")),
        Content::Qr(_) => false,
    });
    if !shows_911 {
        problems.push(
            copy.error_in("blocks", "the material does not show 911 for a child in immediate danger")
                .hint(format!("add a `call` block for `{EMERGENCY}`, or write {{{EMERGENCY}}} in a paragraph")),
        );
    }
    let statewide = all().any(|b| match &b.content {
        Content::Call(c) => c.contact != EMERGENCY && b.origin.is_none(),
        Content::Qr(q) => q.contact != "web" && b.origin.is_none(),
        _ => false,
    });
    if !statewide {
        problems.push(
            file.error_in("blocks", "the material shows no statewide reporting channel")
                .hint("add a `call` or `qr` block for a statewide channel such as `co-hotline`"),
        );
    }
    problems
}

fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == word)
}

pub(super) type Blocks = Spanned<Vec<Spanned<BlockSpec>>>;

pub(super) fn required<'a>(
    file: &Loaded<MaterialFile>,
    kind: &KindSpec,
    v: &'a Option<Blocks>,
    field: &str,
    problems: &mut Problems,
) -> Option<&'a Blocks> {
    match v {
        Some(b) if b.value.is_empty() => {
            problems.push(file.error_at(b, format!("`{field}` is empty")));
            None
        }
        Some(b) => Some(b),
        None => {
            problems.push(file.error_in(field, format!("{} needs `{field}`", kind.noun)));
            None
        }
    }
}
