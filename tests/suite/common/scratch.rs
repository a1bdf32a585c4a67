//! Scratch folders: each a new folder under the temporary directory with an
//! unpredictable name (`tempfile`), removed with all it holds when the test ends,
//! whether it passes or fails (a failing test unwinds through the drop).

use super::{copy_dir, materials_dir};
use std::path::{Path, PathBuf};

/// A scratch folder. It derefs to the folder a test works in: the new folder itself,
/// or the copy of the materials inside it ([`Scratch::materials_copy`]).
pub struct Scratch {
    root: tempfile::TempDir,
    path: PathBuf,
}

impl Scratch {
    /// A new empty folder, `awareprint-NAME-` and a random suffix.
    pub fn empty(name: &str) -> Scratch {
        let root = tempfile::Builder::new().prefix(&format!("awareprint-{name}-")).tempdir().expect("a scratch folder");
        let path = root.path().to_path_buf();
        Scratch { root, path }
    }

    /// A folder as a user's holds the materials: a copy of the shipped ones in
    /// `materials/`, where the binary looks by default.
    pub fn with_materials(name: &str) -> Scratch {
        let s = Scratch::empty(name);
        copy_dir(&materials_dir(), &s.join("materials"));
        s
    }

    /// A copy of the shipped materials folder, to open or edit as the materials folder
    /// itself. It lies in a new folder of its own, so its parent is scratch too.
    pub fn materials_copy(name: &str) -> Scratch {
        let mut s = Scratch::with_materials(name);
        s.path = s.root.path().join("materials");
        s
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}
