//! No test leaves anything behind in the temporary directory, whether it passes or
//! fails: scratch folders and the binary's own temporary directories are removed when
//! the test ends. Checked by running tests of this binary again, in a process of its
//! own whose temporary directory (`TMPDIR`) is a new empty folder, and looking at that
//! folder afterwards.

use crate::common::{Awareprint, Scratch};
use std::path::Path;
use std::process::{Command, Stdio};

/// Run the tests named (exactly) in a new process of this binary whose temporary
/// directory is an empty folder, with `more` arguments to the test harness; they pass,
/// all of them run, and the folder is still empty after.
fn leave_nothing(tests: &[&str], more: &[&str]) {
    let outer = tempfile::Builder::new().prefix("awareprint-leftovers-").tempdir().unwrap();
    let tmp = outer.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let o = Command::new(std::env::current_exe().unwrap()).arg("--exact").args(more).args(tests).env("TMPDIR", &tmp).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{stdout}{}", String::from_utf8_lossy(&o.stderr));
    // A test renamed, and so not found, would make this pass having run nothing.
    for test in tests {
        assert!(stdout.contains(&format!("test {test} ... ok\n")), "{test} did not run: {stdout}");
    }
    assert!(stdout.contains(&format!("test result: ok. {} passed", tests.len())), "{stdout}");
    assert_eq!(left_in(&tmp), Vec::<String>::new(), "left in the temporary directory by {tests:?}");
}

/// Everything under `dir`, relative to it, sorted.
fn left_in(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            out.push(p.strip_prefix(dir).unwrap().display().to_string());
            if p.is_dir() && !p.is_symlink() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn tests_that_build_serve_diff_and_run_the_binary_leave_nothing_behind() {
    leave_nothing(
        &[
            // The editor's handlers on a scratch copy; the real server refusing to start.
            "serve::a_form_becomes_the_county_file_in_the_starters_shape",
            "serve::the_server_listens_on_this_machine_only_and_bounds_bodies",
            "cli::serve_refuses_an_unknown_county_and_a_port_in_use",
            // A test that fails with a scratch folder and the real server running.
            "leftovers::a_failing_test_leaves_nothing_behind",
            // The binary's build and diff of two folders.
            "diff::a_page_s_fonts_and_text_are_bounded",
            // Edited copies of the materials, built in process and by the binary.
            "identity::a_long_edition_id_prints_in_the_whole_version_code_off_the_card",
            "editions_runs::a_county_logo_and_web_page_appear_where_the_county_file_says",
            "files::jobs_are_bounded",
            "render::preview_writes_a_png_per_page_and_a_sheet_view_for_the_press",
        ],
        &[],
    );
}

#[test]
#[ignore = "needs poppler: run by .ci/run"]
fn tests_that_need_system_tools_leave_nothing_behind() {
    leave_nothing(&["system_tools::poppler_reads_the_bilingual_county_poster_in_the_order_a_person_does"], &["--include-ignored"]);
}

/// When the process `pid` started (field 22 of /proc/PID/stat), if it is there: a pid
/// taken again by a new process has another start.
fn started(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.split_whitespace().nth(19).map(str::to_string)
}

#[test]
fn a_failing_test_leaves_nothing_behind() {
    let mut seen = None;
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let scratch = Scratch::with_materials("failing");
        let server = Awareprint::new(&scratch).args(["serve", "--port", "0", "--materials", "materials"]).stdout(Stdio::null()).spawn();
        // The run's environment (empty in /proc until its program is loaded).
        let since = std::time::Instant::now();
        let tmp = loop {
            let environ = std::fs::read(format!("/proc/{}/environ", server.id())).unwrap();
            if let Some(v) = environ.split(|b| *b == 0).find_map(|v| v.strip_prefix(b"TMPDIR=")) {
                break String::from_utf8_lossy(v).to_string();
            }
            assert!(since.elapsed().as_secs() < 30, "the run has a TMPDIR of its own");
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert!(Path::new(&tmp).is_dir(), "{tmp}");
        seen = Some((scratch.to_path_buf(), tmp, server.id(), started(server.id())));
        panic!("a test that fails with a scratch folder and a server running");
    }));
    assert!(failed.is_err());
    let (folder, tmp, pid, start) = seen.unwrap();
    assert!(start.is_some());
    assert!(!folder.exists(), "{} is left", folder.display());
    assert!(!Path::new(&tmp).exists(), "the run's temporary directory {tmp} is left");
    assert_ne!(started(pid), start, "the server outlived its test");
}
