//! Scratch folders: space for work that must not outlive the command (the builds of
//! two git revisions that `diff` compares). Each is created exclusively under the
//! temporary directory with an unpredictable name and mode 0700 (`tempfile`: a
//! `mkdir` that fails when the name exists, so never a folder or link another user
//! planted), and removed when it is dropped (on success, on an error, on a panic's
//! unwinding) and when the process is interrupted (SIGINT, SIGTERM, SIGHUP; see
//! [`remove_on_interrupt`]).
//!
//! Whoever writes into a scratch folder does it inside [`Scratch::write`]; an
//! interrupt waits for the writes under way, lets no new one start, removes every
//! scratch folder and ends the process, so no file lands in a folder already
//! removed (which would bring the folder back).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Once, RwLock};

/// The scratch folders that exist. Locked for reading while a file is written into
/// one, for writing to add or remove one and by the interrupt.
static LIVE: RwLock<Vec<PathBuf>> = RwLock::new(Vec::new());

/// A scratch folder, removed with all it holds when dropped.
pub struct Scratch {
    dir: Option<tempfile::TempDir>,
}

impl Scratch {
    /// A new, empty folder `PREFIX-RANDOM` in the temporary directory, readable only
    /// by this user.
    pub fn new(prefix: &str) -> io::Result<Scratch> {
        let mut live = LIVE.write().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::Builder::new().prefix(prefix).tempdir()?;
        // tempfile creates it 0700 already; say so here, where it matters.
        std::fs::set_permissions(dir.path(), std::os::unix::fs::PermissionsExt::from_mode(0o700))?;
        live.push(dir.path().to_path_buf());
        Ok(Scratch { dir: Some(dir) })
    }

    pub fn path(&self) -> &Path {
        self.dir.as_ref().map_or(Path::new(""), |d| d.path())
    }

    /// Run `write`, which writes under this folder, so that an interrupt waits for it
    /// to finish (or, once an interrupt has begun, never runs it).
    pub fn write<T>(&self, write: impl FnOnce() -> T) -> T {
        let _writing = LIVE.read().unwrap_or_else(|e| e.into_inner());
        write()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let mut live = LIVE.write().unwrap_or_else(|e| e.into_inner());
        if let Some(dir) = self.dir.take() {
            live.retain(|d| d != dir.path());
            let _ = dir.close();
        }
    }
}

/// Remove every scratch folder and end the process with `status`. Waits for the
/// writes under way and lets no other start.
pub fn remove_all_and_exit(status: i32) -> ! {
    let live = LIVE.write().unwrap_or_else(|e| e.into_inner());
    for dir in live.iter() {
        let _ = std::fs::remove_dir_all(dir);
    }
    std::process::exit(status)
}

/// From now on, SIGINT (Ctrl+C), SIGTERM and SIGHUP remove the scratch folders and
/// end the process with 128 + the signal's number, as a shell reports it (130 for
/// Ctrl+C). A thread waits for the signals (signal-hook's self-pipe: nothing runs
/// inside the signal handler but a write). Set up once; if it cannot be, the
/// signals keep their usual effect.
pub fn remove_on_interrupt() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static ONCE: Once = Once::new();
    let mut result = Ok(());
    ONCE.call_once(|| match signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        Ok(mut signals) => {
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    remove_all_and_exit(128 + signal);
                }
            });
        }
        Err(e) => result = Err(e),
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_scratch_folder_is_new_private_and_removed_when_dropped() {
        let a = Scratch::new("awareprint-scratch-test-").unwrap();
        let b = Scratch::new("awareprint-scratch-test-").unwrap();
        assert_ne!(a.path(), b.path());
        let meta = std::fs::symlink_metadata(a.path()).unwrap();
        assert!(meta.is_dir() && !meta.file_type().is_symlink());
        assert_eq!(meta.permissions().mode() & 0o777, 0o700);
        let path = a.path().to_path_buf();
        a.write(|| std::fs::write(path.join("x"), b"x")).unwrap();
        assert!(LIVE.read().unwrap().contains(&path));
        drop(a);
        assert!(!path.exists());
        assert!(!LIVE.read().unwrap().contains(&path));
        drop(b);
    }
}
