//! The county editor's latency. Run: `cargo run --release --example serve_bench`.
//!
//! Boulder's form, with a new number each time, sent to the editor's handlers
//! in-process (as the page sends it, minus the socket): the check and preview of each
//! material (7 rounds, median and slowest), a save (every material in every language
//! built first) and the download's zip. The target: the preview updates within
//! a second of a change.

use awareprint::build::DEFAULT_EPOCH;
use awareprint::serve::app::App;
use awareprint::serve::http::{Guard, Request};
use serde_json::{Value, json};
use std::time::Instant;

const HOST: &str = "127.0.0.1:1";

fn copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() { copy(&p, &to.join(e.file_name())) } else { std::fs::copy(&p, to.join(e.file_name())).map(|_| ()).unwrap() }
    }
}

fn main() {
    let dir = std::env::temp_dir().join(format!("awareprint-serve-bench-{}", std::process::id()));
    copy(std::path::Path::new("materials"), &dir);
    let guard = Guard {
        hosts: vec![HOST.into()],
        any_ip_on: None,
        key: "0".repeat(32),
        cookie_name: "awareprint-1".into(),
        cookie: "1".repeat(32),
    };
    let session = format!("{}={}", guard.cookie_name, guard.cookie);
    let app = App::new(&dir, guard, DEFAULT_EPOCH, None);
    // As the page sends every request: a POST from its origin, with the session cookie.
    let post = |t: &str, body: &Value| {
        app.handle(
            &Request::new("POST", t)
                .with_header("Host", HOST)
                .with_header("Origin", &format!("http://{HOST}"))
                .with_header("Cookie", &session)
                .with_header("Content-Type", "application/json")
                .with_body(body.to_string()),
        )
    };
    let loaded = post("/api/county?id=boulder", &json!({})).json_body();
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    println!("| request | pages | median | slowest |\n|---|---|---|---|");
    for (material, lang) in
        [("poster", "en"), ("bilingual-poster", "en"), ("wallet-card", "es"), ("parent-handout", "es"), ("professional-handout", "en")]
    {
        let mut times = Vec::new();
        let mut pages = 0;
        for i in 0..7 {
            let mut form = loaded["form"].clone();
            form["contacts"][0]["phone"] = json!(format!("303-441-37{:02}", i + 1));
            let t = Instant::now();
            let r = post(
                "/api/check",
                &json!({ "county": "boulder", "form": form, "material": material, "lang": lang, "base": loaded["base"] }),
            );
            times.push(ms(t));
            let v = r.json_body();
            assert_eq!(v["errors"], 0, "{material}");
            pages = v["pages"].as_array().map_or(0, Vec::len);
        }
        times.sort_by(f64::total_cmp);
        println!("| check and preview: {material} ({lang}) | {pages} | {:.0} ms | {:.0} ms |", times[3], times[6]);
    }
    let mut form = loaded["form"].clone();
    form["contacts"][0]["phone"] = json!("303-441-3799");
    let t = Instant::now();
    let r = post("/api/save", &json!({ "county": "boulder", "form": form, "base": loaded["base"] }));
    assert_eq!(r.status, 200);
    println!("| save (every material, every language, built first) | - | {:.0} ms | - |", ms(t));
    let t = Instant::now();
    let r = post("/api/download?county=boulder", &json!({}));
    assert_eq!(r.status, 200);
    println!("| download: the edition's zip ({} bytes) | - | {:.0} ms | - |", r.body.len(), ms(t));
    let _ = std::fs::remove_dir_all(&dir);
}
