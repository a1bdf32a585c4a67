//! The real binary, run as a user runs it: in a folder, without colour, and with a
//! temporary directory of its own (`TMPDIR`), removed with what the run left in it
//! when the run ends, so that no test leaves anything in the machine's.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// Run `awareprint ARGS` in `dir` and wait for it.
pub fn awareprint(dir: &Path, args: &[&str]) -> Output {
    Awareprint::new(dir).args(args).output()
}

/// Run `awareprint ARGS` in `dir`, its stdout discarded: its exit code and stderr.
/// Nothing may hang (a pipe read as a file would): a run still going after a minute
/// is killed, and the test fails.
pub fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Awareprint::new(dir).args(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output();
            return (status.code(), String::from_utf8_lossy(&out.stderr).to_string());
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("awareprint {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A run of the binary being set up, as a [`Command`] is.
pub struct Awareprint {
    command: Command,
    tmp: tempfile::TempDir,
}

impl Awareprint {
    /// `awareprint` in `dir`.
    pub fn new(dir: impl AsRef<Path>) -> Awareprint {
        let tmp = tempfile::Builder::new().prefix("awareprint-run-tmp-").tempdir().expect("a temporary directory for the run");
        let mut command = Command::new(env!("CARGO_BIN_EXE_awareprint"));
        command.current_dir(dir).env("NO_COLOR", "1").env("TMPDIR", tmp.path());
        Awareprint { command, tmp }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Awareprint {
        self.command.arg(arg);
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Awareprint {
        self.command.args(args);
        self
    }

    /// Set an environment variable for the run (`TMPDIR` too: then the run's own
    /// temporary directory goes unused).
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Awareprint {
        self.command.env(key, value);
        self
    }

    pub fn stdout(mut self, cfg: Stdio) -> Awareprint {
        self.command.stdout(cfg);
        self
    }

    pub fn stderr(mut self, cfg: Stdio) -> Awareprint {
        self.command.stderr(cfg);
        self
    }

    /// Run it to the end, its output captured.
    pub fn output(mut self) -> Output {
        self.command.output().expect("the awareprint binary runs")
    }

    /// Run it to the end, its output where the test's goes.
    pub fn status(mut self) -> ExitStatus {
        self.command.status().expect("the awareprint binary runs")
    }

    /// Start it.
    pub fn spawn(mut self) -> Running {
        let child = self.command.spawn().expect("the awareprint binary starts");
        Running { child: Some(child), _tmp: self.tmp }
    }
}

/// A run under way. It derefs to its [`Child`]; dropped, it kills the process if it is
/// still running and waits for it, so no run outlives its test, however the test ends.
pub struct Running {
    child: Option<Child>,
    _tmp: tempfile::TempDir,
}

impl Running {
    /// Wait for the end, collecting what it wrote to piped stdout and stderr.
    pub fn wait_with_output(mut self) -> Output {
        self.child.take().expect("the run").wait_with_output().expect("the run ends")
    }
}

impl std::ops::Deref for Running {
    type Target = Child;
    fn deref(&self) -> &Child {
        self.child.as_ref().expect("the run")
    }
}

impl std::ops::DerefMut for Running {
    fn deref_mut(&mut self) -> &mut Child {
        self.child.as_mut().expect("the run")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
