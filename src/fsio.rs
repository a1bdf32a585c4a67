//! The one layer that reads and writes files. Inputs are regular files inside the
//! materials folder, opened without blocking and read through a size limit; outputs are
//! written to an exclusive temporary file with an unpredictable name beside their place
//! and renamed; a print run's folder is swapped in whole.

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// It does not exist, or cannot be opened (the system's words).
    Io(String),
    /// A symbolic link whose target is outside the folder (or missing).
    Outside,
    /// A folder, pipe, device or socket rather than a regular file.
    NotAFile(&'static str),
    /// Larger than the limit, in bytes.
    TooLarge(u64),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::Outside => write!(f, "is a link to a file outside the materials folder, or to nothing; put the file itself here"),
            ReadError::NotAFile(what) => write!(f, "is {what}, not a regular file"),
            ReadError::TooLarge(limit) => write!(f, "is larger than {limit} bytes"),
        }
    }
}

/// What kind of thing `meta` describes, in words, when it is not a regular file.
fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a folder")
    } else if t.is_fifo() {
        Some("a pipe")
    } else if t.is_char_device() || t.is_block_device() {
        Some("a device")
    } else if t.is_socket() {
        Some("a socket")
    } else {
        Some("not a regular file")
    }
}

/// Check that `path` is a regular file inside `root`: a symbolic link is followed only
/// when its target lies inside `root`.
pub fn check_inside(root: &Path, path: &Path) -> Result<(), ReadError> {
    let link = std::fs::symlink_metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if link.file_type().is_symlink() {
        let target = std::fs::canonicalize(path).map_err(|_| ReadError::Outside)?;
        let root = std::fs::canonicalize(root).map_err(|e| ReadError::Io(e.to_string()))?;
        if !target.starts_with(&root) {
            return Err(ReadError::Outside);
        }
    }
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    match not_a_file(&meta) {
        Some(what) => Err(ReadError::NotAFile(what)),
        None => Ok(()),
    }
}

/// The largest limit any input is read with ([`read_in`]): a county logo's
/// (`logo::MAX_BYTES`); YAML files have a smaller one (`model`). Only what a reader
/// can tell of a larger file is that it is over its limit.
pub const MAX_INPUT_BYTES: u64 = crate::logo::MAX_BYTES as u64;
const _: () = assert!(crate::logo::MAX_BYTES as u64 <= MAX_INPUT_BYTES && crate::model::MAX_FILE_BYTES <= MAX_INPUT_BYTES);

/// Read the regular file `path` inside `root`, at most `limit` bytes. A pipe never
/// blocks (it is refused before it is opened, and opened without blocking), an endless
/// or huge file is never read whole, and the opened handle is checked again.
pub fn read_in(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    check_inside(root, path)?;
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    let meta = file.metadata().map_err(|e| ReadError::Io(e.to_string()))?;
    if let Some(what) = not_a_file(&meta) {
        return Err(ReadError::NotAFile(what));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// 64 bits no other process can guess: from the standard library's randomly seeded
/// hasher (seeded by the operating system), mixed with the time and process id.
pub fn random_suffix() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    format!("{:016x}", h.finish())
}

/// Create `path` exclusively (never an existing file, never through a link) and write
/// `bytes` to it. Not flushed to disk one by one: [`flush_to_disk`] flushes a whole
/// build at once (one flush costs about what one file's flush does, and 25,000 of
/// them would cost most of a build).
fn create_exclusive(path: &Path, bytes: &[u8]) -> std::io::Result<std::fs::File> {
    create_new(path, bytes)
}

/// Create `path` exclusively (never an existing file, never through a link), write
/// `bytes` to it and return it, open for writing.
pub fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<std::fs::File> {
    let mut f =
        OpenOptions::new().write(true).create_new(true).custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32).mode(0o644).open(path)?;
    f.write_all(bytes)?;
    Ok(f)
}

/// Flush a folder's entries to disk (fsync of the folder): a file renamed into it
/// stays there after a power cut.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Flush everything written to the file system that holds `dir` to disk (syncfs):
/// once a build or a run reports success, its files survive a power cut.
pub fn flush_to_disk(dir: &Path) -> std::io::Result<()> {
    let d = std::fs::File::open(dir)?;
    rustix::fs::syncfs(&d)?;
    Ok(())
}

/// Write `bytes` to `path` atomically: an exclusive temporary file with an
/// unpredictable name beside it, then a rename, so a reader never sees a partial file,
/// an interrupted write leaves the old one, and two writers never share a temporary.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    Pending::write(path, bytes)?.replace()
}

/// A file written beside the one it will replace, not yet in its place: several can
/// be written, checked for, and then put in place together in a moment (a rename
/// each). Dropped without [`Pending::replace`], it is removed.
pub struct Pending {
    tmp: PathBuf,
    path: PathBuf,
}

impl Pending {
    /// Write `bytes` to an exclusive temporary file with an unpredictable name beside
    /// `path`.
    pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<Pending> {
        Pending::create(path, bytes, false)
    }

    /// As [`Pending::write`], with the bytes flushed to disk (fsync) before it returns:
    /// for a file saved on its own (the editor's), which no flush of a whole build
    /// follows. After [`Pending::replace`], [`sync_dir`] the folder to keep the rename.
    pub fn write_durable(path: &Path, bytes: &[u8]) -> std::io::Result<Pending> {
        Pending::create(path, bytes, true)
    }

    fn create(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<Pending> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let tmp = dir.join(format!(".{name}.{}.tmp", random_suffix()));
        let pending = Pending { tmp, path: path.to_path_buf() };
        let file = create_exclusive(&pending.tmp, bytes)?;
        if durable {
            file.sync_all()?;
        }
        Ok(pending)
    }

    /// Put the file in its place (a rename: a reader sees the old file or the new).
    pub fn replace(self) -> std::io::Result<()> {
        std::fs::rename(&self.tmp, &self.path)?;
        std::mem::forget(self);
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// A folder being filled before it replaces `target` whole (see [`Staging::commit`]).
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    /// An exclusive lock on `.NAME.lock` beside the target, held until the staging is
    /// committed or dropped: runs into one folder take turns, and what an interrupted
    /// run left behind is cleaned only by the run that holds the lock.
    _lock: std::fs::File,
}

impl Staging {
    /// A fresh, empty folder beside `target` (`.NAME.staging-RANDOM`), after removing
    /// what interrupted runs left there.
    pub fn new(target: &Path) -> std::io::Result<Staging> {
        let parent = target.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("run");
        let lock = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
            .mode(0o644)
            .open(parent.join(format!(".{name}.lock")))?;
        rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive)?;
        clean_leftovers(parent, name);
        let dir = parent.join(format!(".{name}.staging-{}", random_suffix()));
        std::fs::create_dir(&dir)?;
        Ok(Staging { dir, target: target.to_path_buf(), _lock: lock })
    }

    /// Write one file of the folder (relative path), exclusively.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let path = self.dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        create_exclusive(&path, bytes)?;
        Ok(path)
    }

    /// Put the staged folder in the target's place in one step: the target is either
    /// the previous folder, whole, or this one, whole. On Linux the two are exchanged
    /// atomically (renameat2 RENAME_EXCHANGE) and the previous one removed; where that
    /// is not available, the previous folder is moved aside first.
    pub fn commit(self) -> std::io::Result<()> {
        // The staged files reach the disk before the swap that makes them the run.
        flush_to_disk(&self.dir)?;
        if !self.target.exists() {
            std::fs::rename(&self.dir, &self.target)?;
            return Ok(());
        }
        let cwd = rustix::fs::CWD;
        match rustix::fs::renameat_with(cwd, &self.dir, cwd, &self.target, rustix::fs::RenameFlags::EXCHANGE) {
            Ok(()) => {
                // `self.dir` now holds the previous run.
                let _ = std::fs::remove_dir_all(&self.dir);
                Ok(())
            }
            Err(_) => {
                let parent = self.target.parent().unwrap_or(Path::new("."));
                let name = self.target.file_name().and_then(|n| n.to_str()).unwrap_or("run");
                let old = parent.join(format!(".{name}.old-{}", random_suffix()));
                std::fs::rename(&self.target, &old)?;
                std::fs::rename(&self.dir, &self.target)?;
                let _ = std::fs::remove_dir_all(&old);
                Ok(())
            }
        }
    }
}

impl Drop for Staging {
    /// A staging folder that was not committed is removed.
    fn drop(&mut self) {
        if self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Remove `.NAME.staging-*` folders of interrupted runs; put back a `.NAME.old-*`
/// folder when the run folder itself is missing (an interrupted fallback swap).
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let target = parent.join(name);
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().to_string();
        if file.starts_with(&format!(".{name}.staging-")) {
            let _ = std::fs::remove_dir_all(e.path());
        } else if file.starts_with(&format!(".{name}.old-")) {
            if target.exists() {
                let _ = std::fs::remove_dir_all(e.path());
            } else {
                let _ = std::fs::rename(e.path(), &target);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("awareprint-fsio-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn reads_only_regular_files_inside_the_folder_and_within_the_limit() {
        let d = scratch("read");
        std::fs::write(d.join("a.yaml"), "x: 1\n").unwrap();
        assert_eq!(read_in(&d, &d.join("a.yaml"), 100).unwrap(), b"x: 1\n");
        assert_eq!(read_in(&d, &d.join("a.yaml"), 3), Err(ReadError::TooLarge(3)));
        std::os::unix::fs::symlink("/etc/passwd", d.join("out.yaml")).unwrap();
        assert_eq!(read_in(&d, &d.join("out.yaml"), 100), Err(ReadError::Outside));
        std::os::unix::fs::symlink("a.yaml", d.join("in.yaml")).unwrap();
        assert!(read_in(&d, &d.join("in.yaml"), 100).is_ok(), "a link inside the folder is followed");
        std::os::unix::fs::symlink("nowhere.yaml", d.join("dangling.yaml")).unwrap();
        assert_eq!(read_in(&d, &d.join("dangling.yaml"), 100), Err(ReadError::Outside));
        std::os::unix::fs::symlink("/dev/zero", d.join("zero.png")).unwrap();
        assert_eq!(read_in(&d, &d.join("zero.png"), 100), Err(ReadError::Outside));
        std::fs::create_dir(d.join("dir.yaml")).unwrap();
        assert_eq!(read_in(&d, &d.join("dir.yaml"), 100), Err(ReadError::NotAFile("a folder")));
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn temporary_files_never_clobber_or_follow() {
        let d = scratch("write");
        // A link planted where a temporary file might go is never followed.
        let victim = d.join("victim");
        std::fs::write(&victim, "keep").unwrap();
        std::os::unix::fs::symlink(&victim, d.join("planted")).unwrap();
        assert!(create_exclusive(&d.join("planted"), b"x").is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        // Nor an existing file.
        assert!(create_exclusive(&victim, b"x").is_err());
        write_atomic(&d.join("out.pdf"), b"%PDF").unwrap();
        assert_eq!(std::fs::read(d.join("out.pdf")).unwrap(), b"%PDF");
        let left: Vec<_> = std::fs::read_dir(&d).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
        assert!(left.is_empty());
        assert_ne!(random_suffix(), random_suffix());
        // A file saved on its own: flushed, put in place, its folder flushed.
        let saved = Pending::write_durable(&d.join("county.yaml"), b"name: x\n").unwrap();
        saved.replace().unwrap();
        sync_dir(&d).unwrap();
        assert_eq!(std::fs::read(d.join("county.yaml")).unwrap(), b"name: x\n");
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn a_staged_folder_replaces_the_old_one_whole() {
        let d = scratch("stage");
        let target = d.join("run");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("stale.pdf"), "old").unwrap();
        let s = Staging::new(&target).unwrap();
        s.write(Path::new("a/b.pdf"), b"new").unwrap();
        s.commit().unwrap();
        assert!(!target.join("stale.pdf").exists());
        assert_eq!(std::fs::read(target.join("a/b.pdf")).unwrap(), b"new");
        let names: Vec<String> = std::fs::read_dir(&d).unwrap().flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
        assert_eq!(names.iter().filter(|n| !n.ends_with(".lock")).collect::<Vec<_>>(), ["run"], "no staging or old folder is left");
        // A staging folder dropped without commit is removed.
        let s = Staging::new(&target).unwrap();
        let dir = s.dir.clone();
        drop(s);
        assert!(!dir.exists());
        let _ = std::fs::remove_dir_all(d);
    }
}
