//! Files the tool reads and writes: only regular files inside the materials folder,
//! never read whole when huge, nothing left out silently; print runs swapped in whole,
//! even when killed part-way or run twice at once. The real binary, exact messages.

use crate::common::{Awareprint, Scratch, materials_dir, run};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn nothing_in_the_counties_folder_is_left_out_silently() {
    let dir = Scratch::with_materials("files-strict");
    let counties = dir.join("materials/counties");
    std::fs::rename(counties.join("adams.yaml"), counties.join("adams.yml")).unwrap();
    symlink("gone.yaml", counties.join("dangling.yaml")).unwrap();
    std::fs::create_dir(counties.join("old.yaml")).unwrap();
    let (code, err) = run(&dir, &["check"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "error: materials/counties/adams.yml: county files end in .yaml (and logos in .png); this one would be left out\n\
         hint: rename it to end in .yaml, or move it out of the counties folder\n\
         error: materials/counties/dangling.yaml: this file is a link to a file outside the materials folder, or to nothing; put the file itself here\n\
         error: materials/counties/old.yaml: this file is a folder, not a regular file\n\
         3 errors\n"
            .replace("\n         ", "\n")
            .lines()
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
        "{err}"
    );
    // The same problems stop a print run: a run never silently skips a county.
    let (code, _) = run(&dir, &["run", "statewide-2027"]);
    assert_eq!(code, Some(1));
    assert!(!dir.join("output/runs/statewide-2027").exists());
}

#[test]
fn a_link_out_of_the_materials_folder_is_never_read_or_shown() {
    let dir = Scratch::with_materials("files-outside");
    let counties = dir.join("materials/counties");
    std::fs::remove_file(counties.join("adams.yaml")).unwrap();
    symlink("/etc/passwd", counties.join("adams.yaml")).unwrap();
    let (code, err) = run(&dir, &["build", "--county", "adams"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("error: materials/counties/adams.yaml: this file is a link to a file outside the materials folder"), "{err}");
    assert!(!err.contains("root:"), "the target's content is never shown: {err}");
    // A material that is a link outside, too.
    std::fs::remove_file(counties.join("adams.yaml")).unwrap();
    std::fs::copy(materials_dir().join("counties/adams.yaml"), counties.join("adams.yaml")).unwrap();
    std::fs::remove_file(dir.join("materials/poster.en.yaml")).unwrap();
    symlink("/etc/passwd", dir.join("materials/poster.en.yaml")).unwrap();
    let (code, err) = run(&dir, &["build", "poster"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("materials/poster.en.yaml: this file is a link to a file outside the materials folder"), "{err}");
    assert!(!err.contains("root:"), "{err}");
}

#[test]
fn pipes_devices_and_huge_files_are_refused_without_reading_them() {
    let dir = Scratch::with_materials("files-special");
    let counties = dir.join("materials/counties");
    let county = |logo: &str| format!("name: Adams County\nlogo: {logo}\n");
    // A logo that is a pipe: refused, and nothing blocks waiting for a writer.
    mkfifo(&counties.join("pipe.png"));
    std::fs::write(counties.join("adams.yaml"), county("pipe.png")).unwrap();
    let (code, err) = run(&dir, &["build", "--county", "adams", "poster"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("error: materials/counties/pipe.png: this logo is a pipe, not a regular file"), "{err}");
    std::fs::remove_file(counties.join("pipe.png")).unwrap();
    // A logo that is an endless device, through a link.
    symlink("/dev/zero", counties.join("zero.png")).unwrap();
    std::fs::write(counties.join("adams.yaml"), county("zero.png")).unwrap();
    let (code, err) = run(&dir, &["build", "--county", "adams", "poster"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("materials/counties/zero.png: this logo is a link to a file outside the materials folder"), "{err}");
    std::fs::remove_file(counties.join("zero.png")).unwrap();
    // A huge logo (sparse: 4 GiB that take no disk) is refused at the limit.
    let f = std::fs::File::create(counties.join("huge.png")).unwrap();
    f.set_len(4 << 30).unwrap();
    std::fs::write(counties.join("adams.yaml"), county("huge.png")).unwrap();
    let start = Instant::now();
    let (code, err) = run(&dir, &["build", "--county", "adams", "poster"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("error: materials/counties/adams.yaml:2:7: the logo is larger than 8388608 bytes"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(20), "the file was not read whole");
    std::fs::remove_file(counties.join("huge.png")).unwrap();
    std::fs::copy(materials_dir().join("counties/adams.yaml"), counties.join("adams.yaml")).unwrap();
    // A material's language file that is a pipe.
    std::fs::remove_file(dir.join("materials/poster.es.yaml")).unwrap();
    mkfifo(&dir.join("materials/poster.es.yaml"));
    let (code, err) = run(&dir, &["build", "poster"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("materials/poster.es.yaml: this file is a pipe, not a regular file"), "{err}");
}

#[test]
fn jobs_are_bounded() {
    let dir = Scratch::with_materials("files-jobs");
    for bad in ["0", "257", "100000", "18446744073709551616"] {
        let (code, err) = run(&dir, &["build", "-q", "--jobs", bad, "wallet-card"]);
        assert_eq!(code, Some(2), "--jobs {bad}: {err}");
        assert!(err.contains("is not in 1..=256") || err.contains("invalid value"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let (code, err) = run(&dir, &["build", "-q", "--jobs", "256", "wallet-card"]);
    assert_eq!(code, Some(0), "{err}");
}

/// The files under `dir`, relative, sorted (hidden files included).
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, at: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(at).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_string_lossy().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A run folder holds exactly its manifest's files, manifest.json and order.csv, each
/// with the hash the manifest gives.
fn consistent(run: &Path) -> Result<usize, String> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.join("manifest.json")).map_err(|e| format!("no manifest: {e}"))?)
            .map_err(|e| format!("manifest is not JSON: {e}"))?;
    let files = manifest["files"].as_array().ok_or("no files")?;
    let mut listed: Vec<String> = files.iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    for f in files {
        let bytes = std::fs::read(run.join(f["path"].as_str().unwrap())).map_err(|e| format!("{}: {e}", f["path"]))?;
        if awareprint::printrun::sha256_hex(&bytes) != f["sha256"].as_str().unwrap() {
            return Err(format!("{} does not match its hash", f["path"]));
        }
    }
    listed.push("manifest.json".into());
    listed.push("order.csv".into());
    listed.sort();
    let present = files_under(run);
    if present != listed {
        let extra: Vec<&String> = present.iter().filter(|p| !listed.contains(p)).collect();
        let missing: Vec<&String> = listed.iter().filter(|p| !present.contains(p)).collect();
        return Err(format!("the folder holds {extra:?} beyond its manifest and lacks {missing:?}"));
    }
    Ok(files.len())
}

fn big_run(dir: &Path) {
    std::fs::write(
        dir.join("materials/runs/big.yaml"),
        "items:\n  - material: wallet-card\n    editions: [colorado, all-counties]\n    quantity: 100\n  - material: poster\n    editions: [all-counties]\n    quantity: 2\n",
    )
    .unwrap();
}

#[test]
fn a_run_killed_at_any_moment_leaves_a_whole_run_folder() {
    let dir = Scratch::with_materials("files-kill");
    big_run(&dir);
    let folder = dir.join("output/runs/big");
    // How long a whole run takes here.
    let start = Instant::now();
    let (code, err) = run(&dir, &["run", "big", "-q", "--jobs", "1"]);
    assert_eq!(code, Some(0), "{err}");
    let whole = start.elapsed();
    let files = consistent(&folder).unwrap();
    assert!(files > 100, "{files}");
    // Kill runs at moments spread over a run's length (a fixed spread, so the test is
    // repeatable), the later ones in the writing at its end.
    for k in 1..=8u32 {
        let at = whole.mul_f64(f64::from(k) / 8.5);
        let mut child = Awareprint::new(&dir).args(["run", "big", "-q", "--jobs", "1"]).stderr(Stdio::null()).spawn();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        // The previous run, whole (a kill never leaves no run once one was made).
        consistent(&folder).unwrap_or_else(|e| panic!("killed after {at:?}: {}", e.chars().take(300).collect::<String>()));
    }
    // The next run completes, cleans up what the killed ones left, and the run folder
    // holds exactly its manifest: a file planted there is gone.
    std::fs::write(folder.join("stray.pdf"), "left over").unwrap();
    let (code, err) = run(&dir, &["run", "big", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    consistent(&folder).unwrap();
    assert!(!folder.join("stray.pdf").exists());
    let runs: Vec<String> =
        std::fs::read_dir(dir.join("output/runs")).unwrap().flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
    assert!(runs.iter().all(|n| n == "big" || n == ".big.lock"), "{runs:?}");
}

#[test]
fn two_runs_at_once_leave_one_whole_run() {
    let dir = Scratch::with_materials("files-twice");
    big_run(&dir);
    let spawn = || Awareprint::new(&dir).args(["run", "big", "-q"]).stderr(Stdio::piped()).spawn();
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    consistent(&dir.join("output/runs/big")).unwrap();
}
