//! `awareprint serve`, its handlers called in-process: a form becomes the county file,
//! problems sit beside the fields that caused them, requests from elsewhere are
//! refused, nothing outside the materials folder is read or written, uploads and
//! bodies are bounded, and two saves never both win.

use crate::common;

use awareprint::build::DEFAULT_EPOCH;
use awareprint::serve::app::App;
use awareprint::serve::http::{Guard, Request, Response};
use common::{Awareprint, Pdf, Scratch, materials_dir};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const HOST: &str = "127.0.0.1:4242";
/// The key in the printed address, and the session cookie it is exchanged for.
const KEY: &str = "00112233445566778899aabbccddeeff";
const COOKIE: &str = "0123456789abcdef0123456789abcdef";
const SESSION: &str = "awareprint-4242=0123456789abcdef0123456789abcdef";

fn guard() -> Guard {
    Guard {
        hosts: vec![HOST.into(), "localhost:4242".into()],
        any_ip_on: None,
        key: KEY.into(),
        cookie_name: "awareprint-4242".into(),
        cookie: COOKIE.into(),
    }
}

/// The editor's handlers on a copy of the shipped materials folder, removed when the
/// test ends however it ends.
fn app(name: &str) -> (App, Scratch) {
    let dir = Scratch::materials_copy(&format!("serve-{name}"));
    (App::new(&dir, guard(), DEFAULT_EPOCH, None), dir)
}

/// A page or file, asked for by the browser that holds the session.
fn get(app: &App, target: &str) -> Response {
    app.handle(&Request::new("GET", target).with_header("Host", HOST).with_header("Cookie", SESSION))
}

/// A request as the page sends it: its own origin, the session cookie, JSON.
fn from_page(target: &str, body: &Value) -> Request {
    page_sends(target, body.to_string().into_bytes(), "application/json")
}

fn page_sends(target: &str, body: Vec<u8>, kind: &str) -> Request {
    Request::new("POST", target)
        .with_header("Host", HOST)
        .with_header("Origin", &format!("http://{HOST}"))
        .with_header("Sec-Fetch-Site", "same-origin")
        .with_header("Cookie", SESSION)
        .with_header("Content-Type", kind)
        .with_body(body)
}

fn post(app: &App, target: &str, body: &Value) -> Response {
    app.handle(&from_page(target, body))
}

/// A request without a body from the page (the project, a county, a download).
fn ask(app: &App, target: &str) -> Response {
    let mut r = page_sends(target, Vec::new(), "");
    r.headers.retain(|(k, _)| k != "content-type");
    app.handle(&r)
}

/// Boulder's form and the fingerprint of its file, as the page loads them.
fn boulder(app: &App) -> (Value, String) {
    let r = ask(app, "/api/county?id=boulder");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json_body();
    (v["form"].clone(), v["base"].as_str().unwrap().to_string())
}

/// Check a form against the file as it is on disk now.
fn check(app: &App, form: &Value, material: &str, lang: &str) -> Value {
    let base = awareprint::serve::app::fingerprint(&std::fs::read(app.materials.join("counties/boulder.yaml")).unwrap());
    check_since(app, form, material, lang, &base)
}

/// Check a form the page loaded when the file had fingerprint `base`.
fn check_since(app: &App, form: &Value, material: &str, lang: &str, base: &str) -> Value {
    let r = post(app, "/api/check", &json!({ "county": "boulder", "form": form, "material": material, "lang": lang, "base": base }));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json_body()
}

fn save(app: &App, form: &Value, base: &str) -> Response {
    post(app, "/api/save", &json!({ "county": "boulder", "form": form, "base": base }))
}

fn boulder_file(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("counties/boulder.yaml")).unwrap()
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

/// A check's answer without its pictures, for messages.
fn brief(v: &Value) -> Value {
    let mut v = v.clone();
    v["pages"] = json!(v["pages"].as_array().map_or(0, Vec::len));
    v
}

fn messages(v: &Value, field: &str) -> Vec<String> {
    v["fields"][field].as_array().map(|a| a.iter().map(|d| d["message"].as_str().unwrap_or("").to_string()).collect()).unwrap_or_default()
}

/// The text of every document of Boulder's saved edition, built from the folder.
fn built_text(dir: &Path, material: &str, lang: &str) -> String {
    let project = awareprint::project::Project::open(dir).expect("the saved folder opens");
    let (id, path) = project.counties.iter().find(|(id, _)| id == "boulder").unwrap();
    let edition = project.edition(id, path).expect("the saved Boulder file makes an edition");
    let plan = awareprint::build::Plan {
        editions: vec![edition],
        materials: project.select(&[material.to_string()]).unwrap(),
        copies: project.copies.clone(),
        langs: Some(vec![lang.to_string()]),
        size: None,
        profile: awareprint::model::Profile::Office,
        pairs: None,
        every_variant: false,
    };
    let out = awareprint::build::build_plan(&plan, 1, DEFAULT_EPOCH);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    Pdf::parse(&out.done[0].bytes).text()
}

#[test]
fn a_form_becomes_the_county_file_in_the_starters_shape() {
    let (app, dir) = app("save");
    let before = boulder_file(&dir);
    let (mut form, base) = boulder(&app);
    assert_eq!(form["contacts"][0]["phone"], "303-441-3700");
    form["contacts"][0]["phone"] = json!("303-441-3701");
    form["web"] = json!({ "url": "https://www.bouldercounty.gov/", "caption": "Local help", "on": ["professional-handout"], "source": "test", "verified": "2026-11-23" });
    let r = save(&app, &form, &base);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let saved = r.json_body();
    assert!(
        saved["changes"].as_array().unwrap().iter().any(|c| c.as_str().unwrap().contains("“303-441-3700” → “303-441-3701”")),
        "{saved}"
    );

    let after = boulder_file(&dir);
    // The header comment is kept as it was, then the fields in the starter's order.
    let header: Vec<&str> = before.lines().take_while(|l| l.starts_with('#')).collect();
    assert_eq!(header.len(), 3);
    assert!(after.starts_with(&(header.join("\n") + "\n")), "{after}");
    let keys: Vec<&str> = after.lines().filter(|l| !l.starts_with([' ', '#'])).map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(keys, ["name", "contacts", "show", "web"]);
    assert!(after.contains("    phone: 303-441-3701\n"), "{after}");
    assert!(!after.contains("303-441-3700"));
    assert_eq!(saved["base"].as_str().unwrap(), awareprint::serve::app::fingerprint(after.as_bytes()));

    // What is printed: the new number on the wallet card, in both languages.
    for lang in ["en", "es"] {
        let text = built_text(&dir, "wallet-card", lang);
        assert!(text.contains("303-441-3701") && !text.contains("303-441-3700"), "{lang}: {text}");
    }
    let text = built_text(&dir, "professional-handout", "en");
    assert!(text.contains("Local help"), "{text}");

    // Saved again unchanged, the file stays byte for byte the same.
    let (form, base) = boulder(&app);
    assert_eq!(save(&app, &form, &base).status, 200);
    assert_eq!(boulder_file(&dir), after);
}

#[test]
fn the_shipped_file_round_trips_unchanged_through_the_form() {
    let (app, dir) = app("roundtrip");
    for county in ["boulder", "adams", "clear-creek", "denver"] {
        let before = std::fs::read_to_string(dir.join(format!("counties/{county}.yaml"))).unwrap();
        let r = ask(&app, &format!("/api/county?id={county}"));
        let v = r.json_body();
        let r = post(&app, "/api/save", &json!({ "county": county, "form": v["form"], "base": v["base"] }));
        assert_eq!(r.status, 200, "{county}: {}", String::from_utf8_lossy(&r.body));
        let after = std::fs::read_to_string(dir.join(format!("counties/{county}.yaml"))).unwrap();
        assert_eq!(after, before, "{county}");
    }
}

#[test]
fn problems_sit_beside_the_fields_that_caused_them() {
    let (app, dir) = app("problems");
    let (good, base) = boulder(&app);
    let ok = check(&app, &good, "poster", "en");
    assert_eq!(ok["errors"], 0, "{ok}");
    let pages = ok["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].as_str().unwrap().starts_with("data:image/png;base64,iVBORw0KGgo"), "a PNG");
    let handout = check(&app, &good, "parent-handout", "es");
    assert_eq!(handout["pages"].as_array().unwrap().len(), 2);
    for (material, lang) in [("nothing", "en"), ("poster", "xx"), ("../poster", "en")] {
        let r = post(&app, "/api/check", &json!({ "county": "boulder", "form": good, "material": material, "lang": lang, "base": base }));
        assert_eq!(r.status, 400, "{material} {lang}");
    }
    // Keys that are not language codes or ids are not a county form.
    let mut odd = good.clone();
    odd["contacts"][0]["name"] = json!({ "x".repeat(1100): "Boulder DA" });
    assert_eq!(post(&app, "/api/save", &json!({ "county": "boulder", "form": odd, "base": base })).status, 400);

    let cases: &[(&str, Value, &str, &str)] = &[
        // A wrong digit: an exchange cannot start with 1.
        ("contacts.0.phone", json!("303-141-3700"), "contacts.0.phone", "exchange 141"),
        ("contacts.0.phone", json!("303-441-370"), "contacts.0.phone", "not a North American number"),
        // A number typed into a name, in either language.
        ("name.en", json!("Boulder County 303-441-3700"), "name.en", ""),
        ("name.es", json!("Condado de Boulder 303-441-3700"), "name.es", ""),
        ("contacts.0.name.en", json!("Call 303 441 3700"), "contacts.0.name.en", ""),
        ("contacts.0.verified", json!("2026-13-01"), "contacts.0.verified", ""),
        ("contacts.0.verified", json!("2099-01-01"), "contacts.0.verified", ""),
        ("contacts.0.source", json!(""), "contacts.0.source", ""),
        ("name.en", json!("The Very Long Official Name of Boulder County"), "name.en", "characters"),
        ("name.es", json!("El Muy Largo Nombre Oficial del Condado de Boulder"), "name.es", "characters"),
    ];
    for (path, value, field, words) in cases {
        let mut form = good.clone();
        let mut at = &mut form;
        for part in path.split('.') {
            at = match part.parse::<usize>() {
                Ok(i) => &mut at[i],
                Err(_) => &mut at[part],
            };
        }
        *at = value.clone();
        let v = check(&app, &form, "poster", "en");
        let found = messages(&v, field);
        assert!(
            !found.is_empty() && found.iter().any(|m| m.contains(words)),
            "{path} = {value}: expected a problem at {field} saying {words:?}, got {}",
            brief(&v)
        );
        assert!(v["errors"].as_u64().unwrap() > 0, "{path} = {value}: an error");
        assert!(v["pages"].as_array().unwrap().is_empty(), "no preview of a form with errors");
        // Saving it is refused and leaves the file as it was.
        let before = boulder_file(&dir);
        let r = save(&app, &form, &base);
        assert_eq!(r.status, 422, "{path} = {value}");
        assert_eq!(boulder_file(&dir), before);
    }

    // No Spanish name (none given, or one given once, the English): the Spanish
    // materials cannot print it, said beside the Spanish field. The English poster is
    // still drawn, and saving is refused.
    for name in [json!({ "en": "Boulder County" }), json!({ "*": "Boulder County" })] {
        let mut form = good.clone();
        form["name"] = name.clone();
        let v = check(&app, &form, "poster", "es");
        let at = &v["fields"]["name.es"][0];
        assert!(at["message"].as_str().unwrap().contains("has no Spanish (es) text"), "{name}: {}", brief(&v));
        assert!(at["hint"].as_str().unwrap().contains("the county's name in Spanish"), "{name}: {}", brief(&v));
        assert!(v["general"].as_array().unwrap().is_empty() && v["fields"]["name.en"].is_null(), "{name}: {}", brief(&v));
        assert_eq!(check(&app, &form, "poster", "en")["pages"].as_array().unwrap().len(), 1, "{name}: the English poster previews");
        assert_eq!(save(&app, &form, &base).status, 422, "{name}");
    }

    // A stale date is a warning beside the date (the form still previews).
    let mut form = good.clone();
    form["contacts"][0]["verified"] = json!("2020-01-02");
    let v = check(&app, &form, "poster", "en");
    let d = &v["fields"]["contacts.0.verified"][0];
    assert_eq!(d["severity"], "warning", "{}", brief(&v));
    assert!(d["message"].as_str().unwrap().contains("days ago"), "{}", brief(&v));
    assert_eq!(v["errors"], 0);

    // What the check sees is what was typed: a line break is not folded away by the
    // file's quoting, and is refused where it was typed.
    for field in ["contacts.0.name.en", "name.es"] {
        let mut form = good.clone();
        let at = if field == "name.es" { &mut form["name"]["es"] } else { &mut form["contacts"][0]["name"]["en"] };
        *at = json!("Boulder County\nDistrict Attorney");
        let v = check(&app, &form, "poster", "en");
        assert!(!messages(&v, field).is_empty(), "{field}: a line break is a problem at its field: {}", brief(&v));
    }

    // A form every field check accepts but one material does not fit in one language:
    // the check (which builds them all) says so while the preview of another is drawn,
    // and saving refuses it.
    let mut form = good.clone();
    form["contacts"][0]["label"] = json!({
        "en": "helps you file a report",
        "es": "le ayuda a presentar un reporte, le acompaña en cada paso del proceso y le explica cada una de sus opciones con calma"
    });
    let v = check(&app, &form, "wallet-card", "en");
    assert!(v["errors"].as_u64().unwrap() >= 1, "{}", brief(&v));
    let general = v["general"].as_array().unwrap();
    assert!(general.iter().any(|g| g["message"].as_str().unwrap().contains("does not fit")), "{}", brief(&v));
    assert_eq!(v["pages"].as_array().unwrap().len(), 2, "the wallet card is still drawn");
    let r = save(&app, &form, &base);
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    assert!(r.json_body()["general"].to_string().contains("does not fit"), "{}", r.json_body());
    assert_eq!(boulder_file(&dir), std::fs::read_to_string(materials_dir().join("counties/boulder.yaml")).unwrap());

    // A name given once is printed in Spanish too: `check`'s warning, beside the
    // Spanish name.
    let mut form = good.clone();
    form["contacts"][0]["name"] = json!({ "*": "Boulder County District Attorney" });
    let v = check(&app, &form, "poster", "en");
    assert!(messages(&v, "contacts.0.name.es").iter().any(|m| m.contains("has no es name or label")), "{}", brief(&v));
    assert_eq!(v["fields"]["contacts.0.name.es"][0]["severity"], "warning");

    // A second contact on the poster, which has room for one: beside both contacts'
    // "print it on" boxes, not only at the top of the page.
    let mut form = good.clone();
    let mut second = form["contacts"][0].clone();
    second["id"] = json!("boulder-police");
    second["name"] = json!({ "*": "Boulder Police" });
    second["phone"] = json!("303-441-3333");
    second["show"] = json!(["poster"]);
    form["contacts"].as_array_mut().unwrap().push(second);
    let v = check(&app, &form, "poster", "en");
    for field in ["contacts.0.show", "contacts.1.show"] {
        assert!(messages(&v, field).iter().any(|m| m.contains("room for one local contact")), "{field}: {}", brief(&v));
    }
    assert!(v["general"].as_array().unwrap().is_empty(), "{}", brief(&v));

    // A web page on a material with no room for it: the build's own problem, for the file.
    let mut form = good.clone();
    form["web"] = json!({ "url": "http://example.org", "caption": "Local help", "on": ["professional-handout"], "source": "test", "verified": "2026-11-23" });
    let v = check(&app, &form, "poster", "en");
    assert!(!messages(&v, "web.url").is_empty(), "an http address is refused at web.url: {}", brief(&v));
    form["web"] = json!({ "url": "https://www.bouldercounty.gov/", "caption": "Local help", "on": ["poster"], "source": "test", "verified": "2026-11-23" });
    let v = check(&app, &form, "poster", "en");
    assert!(messages(&v, "web.on").iter().any(|m| m.contains("no room")), "a poster has no room for it: {}", brief(&v));
    // The address is printed as text: its path passes the printed-text policy, and the
    // page is sourced and dated like a contact.
    form["web"] = json!({ "url": "https://www.bouldercounty.gov/1-800-HELP-4-US/720-555-0100", "caption": "Local help",
        "on": ["professional-handout"], "source": "", "verified": "2099-01-01" });
    let v = check(&app, &form, "professional-handout", "en");
    assert!(messages(&v, "web.url").iter().any(|m| m.contains("a phone number spelled on a keypad")), "{}", brief(&v));
    assert!(messages(&v, "web.source").iter().any(|m| m.contains("needs a `source`")), "{}", brief(&v));
    assert!(messages(&v, "web.verified").iter().any(|m| m.contains("in the future")), "{}", brief(&v));
}

#[test]
fn the_web_pages_source_and_date_are_edited_like_a_contacts() {
    let (app, dir) = app("web-source");
    let (mut form, base) = boulder(&app);
    assert!(form["web"].is_null());
    form["web"] = json!({
        "url": "https://www.bouldercounty.gov/", "caption": "Local help", "on": ["professional-handout"],
        "source": "bouldercounty.gov, the county's own site", "verified": "2026-11-20"
    });
    let v = check(&app, &form, "professional-handout", "en");
    assert_eq!(v["errors"], 0, "{}", brief(&v));
    let changes: Vec<&str> = v["changes"].as_array().unwrap().iter().filter_map(|c| c.as_str()).collect();
    assert!(changes.contains(&"Web page checked with: set to “bouldercounty.gov, the county's own site”"), "{changes:?}");
    assert!(changes.contains(&"Web page checked on: set to “2026-11-20”"), "{changes:?}");
    assert_eq!(save(&app, &form, &base).status, 200);
    assert!(
        boulder_file(&dir).ends_with(
            "web:\n  url: https://www.bouldercounty.gov/\n  caption: Local help\n  on: [professional-handout]\n  \
             source: \"bouldercounty.gov, the county's own site\"\n  verified: 2026-11-20\n"
        ),
        "{}",
        boulder_file(&dir)
    );
    // Read back into the form as saved; a new date is one change, said in words.
    let (mut form, _) = boulder(&app);
    assert_eq!(form["web"]["source"], "bouldercounty.gov, the county's own site");
    assert_eq!(form["web"]["verified"], "2026-11-20");
    form["web"]["verified"] = json!("2026-11-25");
    assert_eq!(check(&app, &form, "poster", "en")["changes"], json!(["Web page checked on: “2026-11-20” → “2026-11-25”"]));
    // Each problem beside its field, as `check` says it: no source, a date that is not
    // one, one in the future, one too old (a warning, as for a contact).
    let at = |source: &str, verified: &str, field: &str| {
        let mut f = form.clone();
        f["web"]["source"] = json!(source);
        f["web"]["verified"] = json!(verified);
        let v = check(&app, &f, "professional-handout", "en");
        (v["fields"][field][0]["severity"].as_str().unwrap_or("").to_string(), messages(&v, field).join(" | "))
    };
    let (severity, said) = at("", "2026-11-20", "web.source");
    assert!(severity == "error" && said.contains("needs a `source`"), "{said}");
    let (severity, said) = at("the county", "2026-13-40", "web.verified");
    assert_eq!(severity, "error", "{said}");
    let (severity, said) = at("the county", "2099-01-01", "web.verified");
    assert!(severity == "error" && said.contains("in the future"), "{said}");
    let (severity, said) = at("the county", "2020-01-02", "web.verified");
    assert!(severity == "warning" && said.contains("the web page was last verified") && said.contains("days ago"), "{said}");
}

/// A refusal's status and sentence.
#[test]
fn the_editors_check_lays_out_every_size_and_profile_as_check_does() {
    // A logo that prints sharply on the Letter poster (2 in wide) but not on the
    // Tabloid or A3 one: the editor says so beside the logo, naming the sizes.
    let (app, dir) = app("every-layout");
    std::fs::write(dir.join("counties/boulder-logo.png"), common::png(640, 320)).unwrap();
    let (mut form, _) = boulder(&app);
    form["logo"] = json!("boulder-logo.png");
    let v = check(&app, &form, "poster", "en");
    let said = messages(&v, "logo");
    assert!(
        said.iter().any(|m| m.contains("the logo prints at 288 ppi on poster") && m.ends_with("(at tabloid and a3 sizes)")),
        "{}",
        brief(&v)
    );
    assert!(!said.iter().any(|m| m.contains("ppi on poster") && !m.contains("sizes)")), "not at Letter: {}", brief(&v));
}

#[test]
fn the_icon_a_browser_asks_for_on_its_own_is_nothing_not_an_error() {
    let (app, _dir) = app("icon");
    let r = get(&app, "/favicon.ico");
    assert_eq!((r.status, r.body.len()), (204, 0), "no page, no data, no error in the browser's console");
}

fn refusal(r: &Response) -> (u16, String) {
    (r.status, r.json_body()["error"].as_str().unwrap_or("").to_string())
}

const FROM_ELSEWHERE: &str = "refused: this request did not come from the awareprint page";
const OTHER_SITE: &str = "refused: this request came from another site";

#[test]
fn requests_from_elsewhere_are_refused() {
    let (app, dir) = app("refusals");
    let before = tree(&dir);
    let (mut form, base) = boulder(&app);
    form["contacts"][0]["phone"] = json!("303-441-3701");
    let body = json!({ "county": "boulder", "form": form, "base": base });
    let page = from_page("/api/save", &body);
    let without = |name: &str| {
        let mut r = page.clone();
        r.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        r
    };
    let with = |name: &str, value: &str| without(name).with_header(name, value);
    let no_session = awareprint::serve::http::NO_SESSION;
    let refused = [
        ("no cookie", without("Cookie"), 403, no_session),
        ("a wrong cookie", with("Cookie", "awareprint-4242=0123456789abcdef0123456789abcdee"), 403, no_session),
        ("a cookie too short", with("Cookie", &SESSION[..SESSION.len() - 1]), 403, no_session),
        ("another port's cookie", with("Cookie", &format!("awareprint-4243={COOKIE}")), 403, no_session),
        ("the key as a cookie", with("Cookie", &format!("awareprint-4242={KEY}")), 403, no_session),
        ("the old token header", without("Cookie").with_header("X-Awareprint-Token", COOKIE), 403, no_session),
        ("no origin", without("Origin"), 403, FROM_ELSEWHERE),
        ("another origin", with("Origin", "http://evil.example"), 403, FROM_ELSEWHERE),
        ("an origin on another port", with("Origin", "http://127.0.0.1:4243"), 403, FROM_ELSEWHERE),
        ("a null origin", with("Origin", "null"), 403, FROM_ELSEWHERE),
        ("a cross-site fetch", with("Sec-Fetch-Site", "cross-site"), 403, OTHER_SITE),
        ("a same-site fetch", with("Sec-Fetch-Site", "same-site"), 403, OTHER_SITE),
        ("a rebinding host", with("Host", "evil.example:4242"), 421, "this server answers only to its own address"),
        ("no host", without("Host"), 421, "this server answers only to its own address"),
        ("a form post", with("Content-Type", "application/x-www-form-urlencoded"), 415, "the request is not JSON"),
        ("text", with("Content-Type", "text/plain"), 415, "the request is not JSON"),
        ("a lookalike JSON type", with("Content-Type", "application/jsonx"), 415, "the request is not JSON"),
    ];
    for (what, req, status, message) in refused {
        assert_eq!(refusal(&app.handle(&req)), (status, message.to_string()), "{what}");
    }
    // The page only to its own host.
    let r = app.handle(&Request::new("GET", "/").with_header("Host", "evil.example:4242").with_header("Cookie", SESSION));
    assert_eq!(r.status, 421);
    let r = get(&app, "/");
    assert_eq!(r.status, 200);
    assert!(r.headers.iter().any(|(k, v)| *k == "Content-Security-Policy" && v.contains("default-src 'self'")));
    // Every API request is a POST from the page; GET reads and changes nothing.
    for target in ["/api/project", "/api/county?id=boulder", "/api/save", "/api/check", "/api/logo?county=boulder"] {
        assert_eq!(refusal(&get(&app, target)), (405, "that method is not used here".into()), "{target}");
    }
    assert_eq!(app.handle(&Request::new("PUT", "/api/save").with_header("Host", HOST)).status, 405);
    assert_eq!(tree(&dir), before, "nothing written");
    // The page's own request goes through.
    assert_eq!(app.handle(&page).status, 200);
}

#[test]
fn downloads_are_checked_like_every_request_and_never_by_a_token_in_the_address() {
    let (app, _dir) = app("download-refusals");
    let zip = |r: &Response| r.content_type == "application/zip";
    // The old form: a GET with the token in its query, as a link or an <img> would ask.
    for target in [format!("/api/download?county=boulder&token={COOKIE}"), format!("/api/download?county=boulder&key={KEY}")] {
        let r = get(&app, &target);
        assert_eq!(refusal(&r), (405, "that method is not used here".into()), "{target}");
        let r = app.handle(&Request::new("GET", &target).with_header("Host", HOST));
        assert!(!zip(&r) && r.status == 405, "{target}");
    }
    let page = page_sends("/api/download?county=boulder", Vec::new(), "application/json");
    let without = |name: &str| {
        let mut r = page.clone();
        r.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        r
    };
    let with = |name: &str, value: &str| without(name).with_header(name, value);
    let no_session = awareprint::serve::http::NO_SESSION;
    for (what, req, message) in [
        (
            "no cookie, the token in the query",
            {
                let mut r = without("Cookie");
                r.query.push(("token".into(), COOKIE.into()));
                r
            },
            no_session,
        ),
        ("a wrong cookie", with("Cookie", "awareprint-4242=nope"), no_session),
        // Another site's page posting to the download (a form or a fetch): the browser
        // sends its origin and says it is cross-site (and, SameSite=Strict, no cookie).
        ("a cross-site fetch", with("Origin", "http://evil.example").with_header("Sec-Fetch-Site", "cross-site"), FROM_ELSEWHERE),
        ("a cross-site fetch naming this origin", with("Sec-Fetch-Site", "cross-site"), OTHER_SITE),
        (
            "a page on another port of this computer",
            with("Origin", "http://127.0.0.1:9999").with_header("Sec-Fetch-Site", "same-site"),
            FROM_ELSEWHERE,
        ),
        ("no origin (a navigation)", without("Origin"), FROM_ELSEWHERE),
    ] {
        let r = app.handle(&req);
        assert_eq!(refusal(&r), (403, message.to_string()), "{what}");
        assert!(!zip(&r), "{what}");
    }
    let r = app.handle(&page);
    assert_eq!(r.status, 200);
    assert!(zip(&r));
}

#[test]
fn the_editor_opens_only_in_the_browser_that_opened_the_printed_address() {
    use awareprint::serve::session::{KEY_USED, NOT_OPENED, WRONG_KEY};
    let (app, _dir) = app("session");
    let browser = |target: &str, cookie: Option<&str>| {
        let mut r = Request::new("GET", target).with_header("Host", HOST);
        if let Some(c) = cookie {
            r = r.with_header("Cookie", c);
        }
        app.handle(&r)
    };
    let plain = |r: &Response| (r.status, r.content_type, String::from_utf8_lossy(&r.body).to_string());
    let set_cookie = |r: &Response| r.headers.iter().find(|(k, _)| *k == "Set-Cookie").map(|(_, v)| v.clone());
    // Another account on this computer, or any process, that connects: a sentence, and
    // nothing of the editor (no page, no script, no secret, no county).
    for target in ["/", "/?county=boulder", "/app.js", "/app.css"] {
        let r = browser(target, None);
        assert_eq!(plain(&r), (403, "text/plain; charset=utf-8", NOT_OPENED.to_string()), "{target}");
        assert_eq!(set_cookie(&r), None);
    }
    // A cookie of its own making, before or after the key was used: the same.
    for cookie in ["awareprint-4242=0123456789abcdef0123456789abcdee", "awareprint-4242=", &format!("awareprint-4243={COOKIE}")] {
        assert_eq!(plain(&browser("/", Some(cookie))).2, NOT_OPENED, "{cookie}");
    }
    // The data the page would load: refused as well.
    let mut r = page_sends("/api/project", Vec::new(), "");
    r.headers.retain(|(k, _)| k != "cookie");
    let r = app.handle(&r);
    assert_eq!(refusal(&r), (403, awareprint::serve::http::NO_SESSION.to_string()));
    assert!(!String::from_utf8_lossy(&r.body).contains("boulder"));
    // A wrong key, or one too short: refused, and the printed key still works after.
    for key in ["00112233445566778899aabbccddeefe", "00112233445566778899aabbccddeef", "", COOKIE] {
        let r = browser(&format!("/?key={key}"), None);
        assert_eq!(plain(&r), (403, "text/plain; charset=utf-8", WRONG_KEY.to_string()), "{key}");
        assert_eq!(set_cookie(&r), None);
    }

    // The printed address: the cookie, and on to the same address without the key.
    let r = browser(&format!("/?county=boulder&key={KEY}"), None);
    assert_eq!(r.status, 200);
    assert_eq!(set_cookie(&r).as_deref(), Some(&*format!("awareprint-4242={COOKIE}; Path=/; HttpOnly; SameSite=Strict")));
    let body = String::from_utf8_lossy(&r.body).to_string();
    assert!(body.contains("<meta http-equiv=\"refresh\" content=\"0; url=/?county=boulder\">"), "{body}");
    assert!(!body.contains(KEY) && !body.contains(COOKIE), "{body}");
    // The page then, to that browser only; it holds no secret.
    let r = browser("/?county=boulder", Some(SESSION));
    assert_eq!((r.status, r.content_type), (200, "text/html; charset=utf-8"));
    let page = String::from_utf8_lossy(&r.body).to_string();
    assert!(page.contains("<title>County edition · awareprint</title>"));
    assert!(!page.contains(KEY) && !page.contains(COOKIE));
    assert_eq!(browser("/app.js", Some(SESSION)).status, 200);
    // The key given twice: from the same browser, on to the page (no new cookie); from
    // another, refused in words, however it asks.
    let r = browser(&format!("/?key={KEY}"), Some(SESSION));
    assert_eq!((r.status, set_cookie(&r)), (200, None));
    assert!(String::from_utf8_lossy(&r.body).contains("url=/\">"));
    for cookie in [None, Some("awareprint-4242=guess")] {
        let r = browser(&format!("/?county=boulder&key={KEY}"), cookie);
        assert_eq!(plain(&r), (403, "text/plain; charset=utf-8", KEY_USED.to_string()), "{cookie:?}");
        assert_eq!(set_cookie(&r), None);
    }

    // Many browsers racing with the key to a fresh server: one gets the cookie.
    let (app, _dir2) = self::app("session-race");
    let won = std::thread::scope(|s| {
        let tries: Vec<_> =
            (0..8).map(|_| s.spawn(|| app.handle(&Request::new("GET", &format!("/?key={KEY}")).with_header("Host", HOST)))).collect();
        tries.into_iter().map(|t| t.join().unwrap()).filter(|r| r.headers.iter().any(|(k, _)| *k == "Set-Cookie")).count()
    });
    assert_eq!(won, 1);
}

#[test]
fn nothing_outside_the_materials_folder_is_read_or_written() {
    let (app, dir) = app("escapes");
    let secret = dir.parent().unwrap().join("secret.yaml");
    std::fs::write(&secret, "name: SECRET-OUTSIDE\n").unwrap();
    let before = tree(&dir);
    for target in [
        "/api/county?id=../contacts",
        "/api/county?id=..%2Fcontacts",
        "/api/county?id=%2e%2e/secret",
        "/api/county?id=/etc/passwd",
        "/api/county?id=boulder/../../secret",
        "/api/county?id=",
        "/api/county",
        "/../secret.yaml",
        "/materials/contacts.yaml",
        "/counties/boulder.yaml",
        "/app.js/../../secret.yaml",
    ] {
        let r = if target.starts_with("/api/") { ask(&app, target) } else { get(&app, target) };
        assert_eq!(r.status, 404, "{target}");
        assert!(!String::from_utf8_lossy(&r.body).contains("SECRET"), "{target}");
    }
    let (mut form, base) = boulder(&app);
    for logo in ["../secret.yaml", "/etc/passwd", "../../secret.yaml", "..", "boulder.yaml"] {
        form["logo"] = json!(logo);
        let v = check(&app, &form, "poster", "en");
        assert!(!messages(&v, "logo").is_empty(), "{logo}: refused at the logo field: {}", brief(&v));
        assert!(!v.to_string().contains("SECRET"));
        assert_eq!(save(&app, &form, &base).status, 422, "{logo}");
    }
    assert_eq!(post(&app, "/api/save", &json!({ "county": "../secret", "form": form, "base": base })).status, 404);
    assert_eq!(
        post(&app, "/api/check", &json!({ "county": "x/../boulder", "form": form, "material": "poster", "lang": "en", "base": "" })).status,
        404
    );
    // A county file that is a link to a file outside is not read.
    std::os::unix::fs::symlink(&secret, dir.join("counties/evil.yaml")).unwrap();
    let r = ask(&app, "/api/county?id=evil");
    assert_ne!(r.status, 200);
    assert!(!String::from_utf8_lossy(&r.body).contains("SECRET-OUTSIDE"), "{}", String::from_utf8_lossy(&r.body));
    std::fs::remove_file(dir.join("counties/evil.yaml")).unwrap();
    assert_eq!(tree(&dir), before, "nothing written");

    // A save writes the county's file and nothing else.
    let (mut form, base) = boulder(&app);
    form["name"]["en"] = json!("Boulder County, Colorado");
    assert_eq!(save(&app, &form, &base).status, 200);
    let after = tree(&dir);
    let changed: Vec<&PathBuf> =
        after.iter().filter(|(p, b)| before.iter().find(|(q, _)| q == p).is_none_or(|(_, c)| c != b)).map(|(p, _)| p).collect();
    assert_eq!(changed, [&dir.join("counties/boulder.yaml")]);
    assert_eq!(after.len(), before.len(), "no temporary file left");
}

/// The county file's text a form is saved as (with the header of the file on disk).
fn text_of(dir: &Path, form: &Value) -> String {
    let form: awareprint::serve::form::CountyForm = serde_json::from_value(form.clone()).unwrap();
    form.to_yaml(&awareprint::serve::form::header(&boulder_file(dir))).0
}

/// The loader's own words for a file over its size limit.
const TOO_LARGE: &str = "the file is larger than 1048576 bytes; materials are a few kilobytes";

fn general(v: &Value) -> Vec<String> {
    v["general"].as_array().map(|a| a.iter().map(|d| d["message"].as_str().unwrap_or("").to_string()).collect()).unwrap_or_default()
}

#[test]
fn a_save_never_writes_a_file_that_check_and_build_refuse() {
    let (app, dir) = app("limits");
    let before = boulder_file(&dir);
    let limit = awareprint::model::MAX_FILE_BYTES as usize;
    let (good, base) = boulder(&app);
    // Where a number was checked is printed nowhere and bounded by nothing else: a
    // form can make a file larger than the loader reads.
    let sized = |extra: usize| {
        let mut form = good.clone();
        form["contacts"][0]["source"] = json!("x");
        let at = text_of(&dir, &form).len();
        form["contacts"][0]["source"] = json!("x".repeat(1 + limit - at + extra));
        assert_eq!(text_of(&dir, &form).len(), limit + extra);
        form
    };
    let over = sized(1);
    let v = check(&app, &over, "poster", "en");
    assert_eq!(general(&v), [TOO_LARGE], "{}", brief(&v));
    assert!(v["pages"].as_array().unwrap().is_empty());
    let r = save(&app, &over, &base);
    assert_eq!(r.status, 422);
    assert_eq!(r.json_body()["error"], "nothing was saved: fix the problems marked on the page first");
    assert_eq!(general(&r.json_body()), [TOO_LARGE]);
    assert_eq!(boulder_file(&dir), before, "nothing written");

    // The limit itself: saved, and read back by the loader `check` and `build` use.
    let at_limit = sized(0);
    let r = save(&app, &at_limit, &base);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(boulder_file(&dir).len(), limit);
    let project = awareprint::project::Project::open(&dir).unwrap();
    let (id, path) = project.counties.iter().find(|(id, _)| id == "boulder").unwrap();
    project.edition(id, path).expect("check opens what the editor saved");
    let (_, base) = boulder(&app);

    // Under the limit as checked, over it once the uploaded logo's line is added: the
    // text to be written is what is held to the limit.
    let upload = app.handle(&page_sends("/api/logo?county=boulder", common::png(60, 20), "image/png"));
    assert_eq!(upload.status, 200);
    let mut form = sized(0);
    form["contacts"][0]["source"] = json!(form["contacts"][0]["source"].as_str().unwrap()[..limit / 2].to_string());
    let mut with_logo = form.clone();
    with_logo["logo"] = json!("boulder-logo.png");
    with_logo["upload"] = upload.json_body()["upload"].clone();
    let logo_line = text_of(&dir, &with_logo).len() - text_of(&dir, &form).len();
    let short = text_of(&dir, &form).len();
    form["contacts"][0]["source"] = json!("x".repeat(limit / 2 + limit - short - logo_line + 1));
    with_logo["contacts"][0]["source"] = form["contacts"][0]["source"].clone();
    assert!(text_of(&dir, &form).len() <= limit && text_of(&dir, &with_logo).len() == limit + 1);
    let saved_before = boulder_file(&dir);
    let v = check(&app, &with_logo, "poster", "en");
    assert_eq!(general(&v), [TOO_LARGE], "{}", brief(&v));
    let r = save(&app, &with_logo, &base);
    assert_eq!((r.status, general(&r.json_body())), (422, vec![TOO_LARGE.to_string()]));
    assert_eq!(boulder_file(&dir), saved_before);
    assert!(!dir.join("counties/boulder-logo.png").exists());
    let temporaries: Vec<_> =
        std::fs::read_dir(dir.join("counties")).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
    assert!(temporaries.is_empty());
}

#[test]
fn an_upload_never_replaces_a_logo_another_county_prints() {
    let (app, dir) = app("shared-logo");
    let counties = dir.join("counties");
    let read = |name: &str| std::fs::read(counties.join(name)).unwrap();
    // Boulder's logo file, which Adams's file prints too.
    let old = common::png(600, 200);
    std::fs::write(counties.join("boulder-logo.png"), &old).unwrap();
    for county in ["boulder", "adams"] {
        let path = counties.join(format!("{county}.yaml"));
        let text = std::fs::read_to_string(&path).unwrap() + "logo: boulder-logo.png\n";
        std::fs::write(&path, text).unwrap();
    }
    let adams = std::fs::read_to_string(counties.join("adams.yaml")).unwrap();
    let (mut form, base) = boulder(&app);
    let before = boulder_file(&dir);
    let new = common::png(900, 300);
    let upload = app.handle(&page_sends("/api/logo?county=boulder", new.clone(), "image/png"));
    assert_eq!(upload.status, 200);
    form["upload"] = upload.json_body()["upload"].clone();
    let message = |readers: &str, what: &str| {
        format!("boulder-logo.png is also the logo of {readers}; a new picture under that name would change what {what} too")
    };
    let one = message("adams.yaml", "that file prints");
    let v = check(&app, &form, "poster", "en");
    // (Beside it, the picture's resolution on the larger posters, a warning.)
    let errors: Vec<String> = messages(&v, "logo").into_iter().filter(|m| !m.contains(" ppi on ")).collect();
    assert_eq!(errors, std::slice::from_ref(&one), "{}", brief(&v));
    assert_eq!(
        v["fields"]["logo"][0]["hint"],
        "give adams.yaml a logo file of its own first (for example a copy of boulder-logo.png under another name), then choose the picture again"
    );
    let r = save(&app, &form, &base);
    assert_eq!(refusal(&r), (422, format!("nothing was saved: {one}")));
    assert_eq!(messages(&r.json_body(), "logo"), [one]);
    assert_eq!(read("boulder-logo.png"), old, "the picture Adams prints is kept");
    assert_eq!(boulder_file(&dir), before);

    // Through a link: Adams prints adams-logo.png, a link to Boulder's file; and Denver
    // names it too, in a file that does not read.
    std::fs::write(counties.join("adams.yaml"), adams.replace("logo: boulder-logo.png", "logo: adams-logo.png")).unwrap();
    std::os::unix::fs::symlink("boulder-logo.png", counties.join("adams-logo.png")).unwrap();
    let denver = std::fs::read_to_string(counties.join("denver.yaml")).unwrap();
    std::fs::write(counties.join("denver.yaml"), format!("{denver}logo: boulder-logo.png\nnot a key\n")).unwrap();
    let r = save(&app, &form, &base);
    assert_eq!(refusal(&r), (422, format!("nothing was saved: {}", message("adams.yaml and denver.yaml", "those files print"))));
    assert_eq!(read("boulder-logo.png"), old);

    // The issuer's logo (beside identity.yaml), a link into the counties folder: the same.
    std::fs::write(counties.join("denver.yaml"), &denver).unwrap();
    std::fs::remove_file(counties.join("adams-logo.png")).unwrap();
    std::fs::write(counties.join("adams-logo.png"), &old).unwrap();
    let identity = std::fs::read_to_string(dir.join("identity.yaml")).unwrap();
    let issuer = "issuer:\n  name: Colorado Office\n  logo: issuer-logo.png\n";
    std::fs::write(dir.join("identity.yaml"), identity.replace("\npalette:", &format!("\n{issuer}palette:"))).unwrap();
    std::os::unix::fs::symlink("counties/boulder-logo.png", dir.join("issuer-logo.png")).unwrap();
    assert_eq!(refusal(&save(&app, &form, &base)), (422, format!("nothing was saved: {}", message("identity.yaml", "that file prints"))));
    assert_eq!(read("boulder-logo.png"), old);
    std::fs::write(dir.join("identity.yaml"), &identity).unwrap();
    std::fs::remove_file(dir.join("issuer-logo.png")).unwrap();

    // Once each has a file of its own, Boulder's picture is saved, and theirs stay.
    std::fs::remove_file(counties.join("adams-logo.png")).unwrap();
    std::fs::write(counties.join("adams-logo.png"), &old).unwrap();
    std::fs::write(counties.join("denver.yaml"), &denver).unwrap();
    let r = save(&app, &form, &base);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(read("boulder-logo.png"), new);
    assert_eq!(read("adams-logo.png"), old);
    let project = awareprint::project::Project::open(&dir).unwrap();
    let (id, path) = project.counties.iter().find(|(id, _)| id == "adams").unwrap();
    assert_eq!(project.edition(id, path).unwrap().logo.unwrap().width, 600, "Adams prints its picture as before");
}

#[test]
fn uploads_are_bounded_and_decoded_before_they_are_kept() {
    let (app, dir) = app("uploads");
    let upload = |bytes: Vec<u8>, kind: &str| app.handle(&page_sends("/api/logo?county=boulder", bytes, kind));
    assert_eq!(upload(vec![0; awareprint::logo::MAX_BYTES + 1], "image/png").status, 413);
    assert_eq!(upload(b"GIF89a....".to_vec(), "image/png").status, 422);
    let mut truncated = common::png(64, 32);
    truncated.truncate(truncated.len() - 20);
    assert_eq!(upload(truncated, "image/png").status, 422, "a PNG that does not decode");
    assert_eq!(upload(common::png(64, 32), "image/gif").status, 415);
    let big_json = json!({ "county": "boulder", "form": { "name": "x".repeat(5 * 1024 * 1024) }, "base": "" });
    assert_eq!(post(&app, "/api/save", &big_json).status, 413);
    assert!(!dir.join("counties/boulder-logo.png").exists(), "nothing kept on disk before a save");

    // Larger than a logo needs: refused, not kept (it would be slow to draw and hold).
    let side = awareprint::serve::app::MAX_UPLOAD_SIDE + 1;
    assert_eq!(
        refusal(&upload(common::png(side, 10), "image/png")),
        (422, "the logo is 3001 x 10 pixels; 3000 a side is the most needed (2 in at 600 ppi is 1,200): make it smaller".into())
    );
    // A 1x1 file whose header says 100,000 x 100,000 (or 6000 a side, the most a logo
    // file may be): refused from its header, before it is decoded.
    for (w, h) in [(100_000, 100_000), (6000, 6000), (u32::MAX, 1)] {
        let r = upload(claiming(common::png(1, 1), w, h), "image/png");
        assert_eq!(
            refusal(&r),
            (422, format!("the logo is {w} x {h} pixels; 3000 a side is the most needed (2 in at 600 ppi is 1,200): make it smaller"))
        );
    }
    let unreadable = |why: &str| (422, format!("the logo cannot be read as PNG: {why}"));
    let one = common::png(1, 1);
    assert_eq!(refusal(&upload(one[..20].to_vec(), "image/png")), unreadable("the file ends inside its header (IHDR)"));
    assert_eq!(refusal(&upload(one[..8].to_vec(), "image/png")), unreadable("the file ends inside its header (IHDR)"));
    let mut damaged = claiming(one.clone(), 2, 2);
    damaged[30] ^= 0xff;
    assert_eq!(refusal(&upload(damaged, "image/png")), unreadable("its header (IHDR) is damaged"));
    // The header says 1x1, the picture data is 3000 a side: the decoder reads what the
    // header says and no more (a 1 x 1 logo).
    let lying = upload(claiming(common::png(3000, 3000), 1, 1), "image/png").json_body();
    assert_eq!((&lying["width"], &lying["height"]), (&json!(1), &json!(1)));

    // A good PNG: its printed resolution is shown, and it is saved with the form that
    // names its upload.
    let png = common::png(120, 60);
    let r = upload(png.clone(), "image/png");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json_body()["name"], "boulder-logo.png");
    let upload_id = r.json_body()["upload"].as_str().unwrap().to_string();
    assert!(!dir.join("counties/boulder-logo.png").exists(), "not written before the form is saved");
    // Another page opening the county (or a page elsewhere loading it) changes nothing.
    let (mut form, base) = boulder(&app);
    // Another page's upload for Boulder is its own.
    let other = common::png(200, 100);
    let other_id = upload(other.clone(), "image/png").json_body()["upload"].as_str().unwrap().to_string();
    assert_ne!(other_id, upload_id);
    form["logo"] = json!("boulder-logo.png");
    form["upload"] = json!(upload_id);
    let v = check(&app, &form, "poster", "en");
    assert_eq!(v["errors"], 0, "{}", brief(&v));
    assert_eq!(v["logo"]["width"], 120);
    assert_eq!(v["logo"]["sharp"], false, "120 px across cannot print at 300 ppi: {}", brief(&v));
    assert!(v["logo"]["ppi"].as_f64().unwrap() < 300.0);
    // An upload id of another county, or one never given, is no logo.
    for bad in [json!("0".repeat(32)), json!(null)] {
        let mut f = form.clone();
        f["upload"] = bad;
        assert!(!messages(&check(&app, &f, "poster", "en"), "logo").is_empty(), "no such upload: the logo file is missing");
    }
    let r = save(&app, &form, &base);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(std::fs::read(dir.join("counties/boulder-logo.png")).unwrap(), png, "this page's logo, not the other page's");
    assert!(!boulder_file(&dir).contains("upload"), "the upload id is not written");
    assert!(boulder_file(&dir).contains("\nlogo: boulder-logo.png\n"));
    // And the saved edition prints it.
    let project = awareprint::project::Project::open(&dir).unwrap();
    let (id, path) = project.counties.iter().find(|(id, _)| id == "boulder").unwrap();
    assert!(project.edition(id, path).unwrap().logo.is_some());
}

#[test]
fn a_file_changed_meanwhile_is_not_overwritten_and_two_saves_never_both_win() {
    let (app, dir) = app("conflicts");
    let (mut form, base) = boulder(&app);
    // Someone edits the file in a text editor while the page is open.
    let theirs = boulder_file(&dir).replace("303-441-3700", "303-441-3702");
    std::fs::write(dir.join("counties/boulder.yaml"), &theirs).unwrap();
    form["contacts"][0]["phone"] = json!("303-441-3701");
    let v = check_since(&app, &form, "poster", "en", &base);
    assert_eq!(v["changed_on_disk"], true);
    let r = save(&app, &form, &base);
    assert_eq!(r.status, 409, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json_body()["conflict"], true);
    assert_eq!(boulder_file(&dir), theirs, "their change is kept");

    // Someone edits the file while a save is building every material: their edit stays.
    let (mut form, base) = boulder(&app);
    form["contacts"][0]["phone"] = json!("303-441-3709");
    let path = dir.join("counties/boulder.yaml");
    let theirs = boulder_file(&dir).replace("verified: 2026-11-23", "verified: 2026-11-24");
    let (status, saved_at, edited_at) = std::thread::scope(|s| {
        let saving = s.spawn(|| {
            let r = save(&app, &form, &base);
            (r.status, std::time::Instant::now())
        });
        std::thread::sleep(std::time::Duration::from_millis(30));
        std::fs::write(&path, &theirs).unwrap();
        let edited_at = std::time::Instant::now();
        let (status, saved_at) = saving.join().unwrap();
        (status, saved_at, edited_at)
    });
    if edited_at < saved_at {
        assert_eq!(status, 409, "an edit made during the save is not overwritten");
        assert_eq!(boulder_file(&dir), theirs);
    }

    // Two pages save at once from the same file: one wins, the other is told.
    let (form, base) = boulder(&app);
    let statuses: Vec<(u16, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = ["303-441-3703", "303-441-3704", "303-441-3705", "303-441-3706"]
            .into_iter()
            .map(|phone| {
                let mut f = form.clone();
                f["contacts"][0]["phone"] = json!(phone);
                let (app, base) = (&app, &base);
                s.spawn(move || (save(app, &f, base).status, phone.to_string()))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let won: Vec<&String> = statuses.iter().filter(|(s, _)| *s == 200).map(|(_, p)| p).collect();
    assert_eq!(won.len(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|(s, _)| *s == 409).count(), 3, "{statuses:?}");
    assert!(boulder_file(&dir).contains(&format!("phone: {}\n", won[0])));
}

#[test]
fn the_download_is_the_saved_edition_as_a_zip() {
    let (app, _dir) = app("download");
    let r = ask(&app, "/api/download?county=boulder");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.content_type, "application/zip");
    assert!(r.headers.iter().any(|(k, v)| *k == "Content-Disposition" && v.contains("awareprint-boulder-office.zip")));
    let files = awareprint::zip::read_stored(&r.body).expect("a zip that reads back");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for want in
        ["boulder/en/poster.pdf", "boulder/es/wallet-card.pdf", "boulder/en-es/bilingual-poster.pdf", "boulder/es/professional-handout.pdf"]
    {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    let project = awareprint::project::Project::open(&materials_dir()).unwrap();
    let langs = |m: &str| project.copies[m].len();
    let expected: usize = project.materials.iter().map(|(m, _)| if m == "bilingual-poster" { 1 } else { langs(m) }).sum();
    assert_eq!(files.len(), expected);
    // Boulder's number on every material its file shows it on, and only there.
    let shown = ["poster", "bilingual-poster", "wallet-card", "parent-handout", "professional-handout"];
    for (name, bytes) in &files {
        let material = name.rsplit('/').next().unwrap().trim_end_matches(".pdf");
        assert_eq!(Pdf::parse(bytes).text().contains("303-441-3700"), shown.contains(&material), "{name}");
    }
    let press = ask(&app, "/api/download?county=boulder&profile=press");
    let press = awareprint::zip::read_stored(&press.body).unwrap();
    let poster = &press.iter().find(|(n, _)| n == "boulder/en/poster.pdf").unwrap().1;
    assert!(Pdf::parse(poster).page_box(Pdf::parse(poster).pages()[0], "BleedBox").is_some(), "press PDFs have bleed");
    assert_eq!(ask(&app, "/api/download?county=boulder&profile=x").status, 400);
}

/// `png` with its header's width and height replaced, and the header's CRC made right.
fn claiming(mut png: Vec<u8>, w: u32, h: u32) -> Vec<u8> {
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32fast::hash(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

#[test]
fn heavy_requests_take_turns_and_the_rest_are_told_to_try_again() {
    let (mut app, _dir) = app("busy");
    app.gate = awareprint::serve::gate::Gate::new(2, std::time::Duration::from_millis(50));
    let (form, base) = boulder(&app);
    let check = json!({ "county": "boulder", "form": form, "material": "poster", "lang": "en", "base": base });
    let busy = (503, awareprint::serve::gate::BUSY.to_string());
    let held = (app.gate.enter().unwrap(), app.gate.enter().unwrap());
    let r = post(&app, "/api/check", &check);
    assert_eq!(refusal(&r), busy);
    assert!(r.headers.iter().any(|(k, v)| *k == "Retry-After" && v == "2"));
    assert_eq!(refusal(&app.handle(&page_sends("/api/logo?county=boulder", common::png(10, 10), "image/png"))), busy);
    assert_eq!(refusal(&save(&app, &form, &base)), busy);
    assert_eq!(refusal(&ask(&app, "/api/download?county=boulder")), busy);
    // Reading the form is not heavy: it is answered meanwhile.
    assert_eq!(ask(&app, "/api/county?id=boulder").status, 200);
    // A refusal for the session comes first: a stranger never takes or waits for a place.
    let mut stranger = from_page("/api/check", &check);
    stranger.headers.retain(|(k, _)| k != "cookie");
    assert_eq!(refusal(&app.handle(&stranger)), (403, awareprint::serve::http::NO_SESSION.to_string()));
    drop(held);
    assert_eq!(post(&app, "/api/check", &check).json_body()["errors"], 0);
}

/// An RGBA PNG of `w` x `h` pixels with a pattern that compresses well, written row by
/// row (no picture held whole).
fn patterned(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    let mut rows = writer.stream_writer().unwrap();
    for y in 0..h {
        let row: Vec<u8> = (0..w).flat_map(|x| [(x / 64) as u8, (y / 64) as u8, ((x + y) / 128) as u8, 255]).collect();
        std::io::Write::write_all(&mut rows, &row).unwrap();
    }
    rows.finish().unwrap();
    drop(writer);
    out
}

/// The most memory the process `pid` has held (VmHWM), in bytes.
fn peak_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap().trim().trim_end_matches("kB").trim().parse::<u64>().unwrap();
    kb * 1024
}

#[test]
fn the_servers_peak_memory_stays_under_300_mb_under_parallel_checks_and_uploads() {
    use std::io::BufRead;
    let dir = Scratch::materials_copy("serve-memory");
    // The real binary's `serve`, stopped when it is dropped, however the test ends.
    let mut serving = Awareprint::new(dir.parent().unwrap())
        .args(["serve", "--port", "0", "--county", "boulder", "--materials"])
        .arg(&*dir)
        .stdout(std::process::Stdio::piped())
        .spawn();
    let mut line = String::new();
    std::io::BufReader::new(serving.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://127.0.0.1:")).unwrap_or_else(|| panic!("{line}")).to_string();
    let addr: std::net::SocketAddr = url["http://".len()..url.find("/?").unwrap()].parse().unwrap();
    let browser = Browser::opening(addr, &url);
    let idle = peak_memory(serving.id());

    let loaded: Value = serde_json::from_slice(&browser.post("/api/county?id=boulder", "application/json", b"").body).unwrap();
    // The largest logo an upload may be (3000 pixels a side, RGBA: 36 MB decoded), a
    // file of a few hundred kilobytes; and a real 6000 x 6000 one, as large as a logo
    // file may be, which an upload refuses from its header.
    let largest = patterned(3000, 3000);
    let too_large = patterned(6000, 6000);
    let bomb = claiming(common::png(1, 1), 100_000, 100_000);
    eprintln!("uploads: {} bytes (3000 a side), {} bytes (6000 a side)", largest.len(), too_large.len());
    let first = browser.post("/api/logo?county=boulder", "image/png", &largest);
    assert_eq!(first.status, 200, "{}", first.text());
    let upload: Value = serde_json::from_slice(&first.body).unwrap();
    let mut with_logo = loaded["form"].clone();
    with_logo["logo"] = json!("boulder-logo.png");
    with_logo["upload"] = upload["upload"].clone();

    // 50 checks (every other one with the uploaded logo, on the poster that prints it)
    // and 8 uploads of the largest logo, all at once, with the refused ones among them.
    let busy = awareprint::serve::gate::BUSY.to_string();
    let answers: Vec<(String, u16, String)> = std::thread::scope(|s| {
        let mut all = Vec::new();
        for i in 0..50 {
            let mut form = if i % 2 == 0 { with_logo.clone() } else { loaded["form"].clone() };
            form["contacts"][0]["phone"] = json!(format!("303-441-37{:02}", i % 100));
            let body = json!({ "county": "boulder", "form": form, "material": "poster", "lang": "en", "base": loaded["base"] }).to_string();
            let browser = &browser;
            all.push(s.spawn(move || {
                let a = browser.post("/api/check", "application/json", body.as_bytes());
                ("check".to_string(), a.status, a.error())
            }));
        }
        for (what, png) in [("upload", &largest); 8].into_iter().chain([("too large", &too_large); 4]).chain([("bomb", &bomb); 4]) {
            let browser = &browser;
            all.push(s.spawn(move || {
                let a = browser.post("/api/logo?county=boulder", "image/png", png);
                (what.to_string(), a.status, a.error())
            }));
        }
        all.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let peak = peak_memory(serving.id());
    let count = |what: &str, status: u16| answers.iter().filter(|(w, s, _)| w == what && *s == status).count();
    eprintln!(
        "serve's peak memory: {:.0} MB idle, {:.0} MB after 50 checks ({} answered, {} busy) and 8 uploads ({} kept, {} busy), {} + {} refused",
        idle as f64 / 1e6,
        peak as f64 / 1e6,
        count("check", 200),
        count("check", 503),
        count("upload", 200),
        count("upload", 503),
        count("too large", 422),
        count("bomb", 422)
    );
    for (what, status, error) in &answers {
        match (what.as_str(), status) {
            ("check" | "upload", 200) => {}
            ("check" | "upload", 503) => assert_eq!(error, &busy),
            ("too large", 422) => assert!(error.starts_with("the logo is 6000 x 6000 pixels; 3000 a side"), "{error}"),
            ("bomb", 422) => assert!(error.starts_with("the logo is 100000 x 100000 pixels; 3000 a side"), "{error}"),
            _ => panic!("{what}: {status} {error}"),
        }
    }
    assert!(count("check", 200) >= 1, "{answers:?}");
    assert!(peak < 300_000_000, "the server's peak memory was {peak} bytes");
    // And it still answers, heavy work too.
    assert_eq!(browser.post("/api/project", "application/json", b"").status, 200);
    assert_eq!(browser.post("/api/logo?county=boulder", "image/png", &largest).status, 200);
}

/// An answer read off the socket: status, headers (names in lower case), body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn parse(raw: &[u8]) -> Answer {
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(raw.len());
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let mut lines = head.split("\r\n");
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
        Answer { status, headers, body: raw.get(split + 4..).unwrap_or_default().to_vec() }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }

    fn error(&self) -> String {
        serde_json::from_slice::<Value>(&self.body).ok().and_then(|v| v["error"].as_str().map(String::from)).unwrap_or_default()
    }
}

/// A browser, as far as the server can tell: it asks by the server's address, and once
/// it has opened the printed address, it sends the page's origin and the session cookie.
struct Browser {
    addr: std::net::SocketAddr,
    cookie: Option<String>,
}

impl Browser {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.addr.port())
    }

    /// Send `head` (the request line and any headers past Host) and `body`; read the
    /// answer whole.
    fn raw(&self, head: &str, body: &[u8]) -> Answer {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(120))).unwrap();
        let _ = s.write_all(head.as_bytes()).and_then(|_| s.write_all(body));
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        Answer::parse(&out)
    }

    /// A GET, as a browser sends it when an address is opened.
    fn open(&self, target: &str) -> Answer {
        let cookie = self.cookie.as_ref().map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
        self.raw(&format!("GET {target} HTTP/1.1\r\nHost: {}\r\n{cookie}Connection: close\r\n\r\n", self.host()), b"")
    }

    /// The printed address opened: the key exchanged for the cookie, kept.
    fn opening(addr: std::net::SocketAddr, url: &str) -> Browser {
        let mut b = Browser { addr, cookie: None };
        let target = &url[url.find("/?").expect("a path in the printed address")..];
        let a = b.open(target);
        assert_eq!(a.status, 200, "{}", a.text());
        let set = a.header("set-cookie").expect("the session cookie");
        b.cookie = Some(set.split(';').next().unwrap().to_string());
        b
    }

    /// A POST as the page sends it.
    fn post(&self, target: &str, kind: &str, body: &[u8]) -> Answer {
        let cookie = self.cookie.as_ref().map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
        let head = format!(
            "POST {target} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nSec-Fetch-Site: same-origin\r\n{cookie}Content-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len(),
            host = self.host()
        );
        self.raw(&head, body)
    }
}

#[test]
fn the_server_listens_on_this_machine_only_and_bounds_bodies() {
    use std::io::{Read, Write};
    let dir = Scratch::materials_copy("serve-socket");
    let opts = awareprint::serve::Options {
        materials: dir.to_path_buf(),
        port: 0,
        listen: None,
        county: Some("boulder".into()),
        epoch: DEFAULT_EPOCH,
    };
    let server = awareprint::serve::Server::bind(&opts).expect("binds");
    assert!(server.addr.ip().is_loopback());
    let addr = server.addr;
    let url = server.url();
    let key = url.rsplit("key=").next().unwrap().to_string();
    assert_eq!(url, format!("http://127.0.0.1:{}/?county=boulder&key={key}", addr.port()));
    assert!(key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()), "{url}");
    let server = std::sync::Arc::new(server);
    let running = server.clone();
    std::thread::spawn(move || running.run());
    let host = format!("127.0.0.1:{}", addr.port());

    // Another process on this computer that connects: a sentence, no secret, no page.
    let stranger = Browser { addr, cookie: None };
    let page = stranger.open("/");
    assert_eq!((page.status, page.text()), (403, awareprint::serve::session::NOT_OPENED.to_string()));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert!(!page.text().contains(&key));
    let data = stranger.post("/api/project", "application/json", b"");
    assert_eq!((data.status, data.error()), (403, awareprint::serve::http::NO_SESSION.to_string()));
    let rebound =
        stranger.raw(&format!("GET /?key={key} HTTP/1.1\r\nHost: evil.example:{}\r\nConnection: close\r\n\r\n", addr.port()), b"");
    assert_eq!(rebound.status, 421, "a rebinding page with the key is refused before it is looked at");
    // The browser that opens the printed address gets the session, and the page.
    let browser = Browser::opening(addr, &url);
    assert_eq!(browser.cookie.as_deref().map(|c| c.split('=').next().unwrap().to_string()), Some(format!("awareprint-{}", addr.port())));
    let page = browser.open("/?county=boulder");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("County edition"));
    // The printed address again, from another browser: refused.
    let late = stranger.open(&url[url.find("/?").unwrap()..]);
    assert_eq!((late.status, late.text()), (403, awareprint::serve::session::KEY_USED.to_string()));

    // Without the session, a POST is refused before its body is read: the server does
    // not wait for a body that never comes.
    let started = std::time::Instant::now();
    let early = stranger.raw(
        &format!("POST /api/logo?county=boulder HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nContent-Type: image/png\r\nContent-Length: 7000000\r\n\r\n"),
        b"",
    );
    assert_eq!((early.status, early.error()), (403, awareprint::serve::http::NO_SESSION.to_string()));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let session = format!("Origin: http://{host}\r\nCookie: {}\r\n", browser.cookie.as_ref().unwrap());
    // A body larger than the limit is refused from its length, before it is read.
    let big = browser.raw(
        &format!(
            "POST /api/logo?county=boulder HTTP/1.1\r\nHost: {host}\r\n{session}Content-Length: 999999999\r\nConnection: close\r\n\r\n"
        ),
        b"",
    );
    assert_eq!((big.status, big.error()), (413, "the request is larger than 8 MB".to_string()));
    // A length no machine has, to this host or another: refused, and the server lives on.
    for h in [host.clone(), format!("evil.example:{}", addr.port())] {
        let huge = browser.raw(
            &format!("POST /api/logo?county=boulder HTTP/1.1\r\nHost: {h}\r\n{session}Content-Length: 100000000000000\r\n\r\n"),
            b"abc",
        );
        assert!(huge.status == 413 || huge.status == 421, "{}", huge.status);
    }
    let again = browser.post("/api/project", "application/json", b"");
    assert_eq!(again.status, 200, "the server still answers: {}", again.text());
    // A body of several megabytes is read whole (an upload near the limit).
    let body = vec![b'a'; 7 << 20];
    let out = browser.post("/api/logo?county=boulder", "image/png", &body);
    assert_eq!((out.status, out.error()), (422, "the logo is not a PNG file".to_string()), "read whole, then refused");
    // ... and one that does not say its length is read only up to the limit.
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    s.write_all(
        format!(
            "POST /api/logo?county=boulder HTTP/1.1\r\nHost: {host}\r\n{session}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..9 {
        if s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .and_then(|_| s.write_all(&chunk))
            .and_then(|_| s.write_all(b"\r\n"))
            .is_err()
        {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let out = Answer::parse(&out);
    assert_eq!((out.status, out.error()), (413, "the request is larger than 8 MB".to_string()));
}

#[test]
fn a_replaced_logo_is_a_change_and_a_lost_upload_an_error() {
    let (app, dir) = app("replace");
    let upload = |bytes: Vec<u8>| {
        let r = app.handle(&page_sends("/api/logo?county=boulder", bytes, "image/png"));
        assert_eq!(r.status, 200);
        r.json_body()["upload"].as_str().unwrap().to_string()
    };
    // Boulder has a logo on disk already, under the name an upload is saved as.
    std::fs::write(dir.join("counties/boulder-logo.png"), common::png(600, 200)).unwrap();
    let text = boulder_file(&dir) + "logo: boulder-logo.png\n";
    std::fs::write(dir.join("counties/boulder.yaml"), text).unwrap();
    let (mut form, base) = boulder(&app);
    assert_eq!(form["logo"], "boulder-logo.png");
    let first = upload(common::png(900, 300));
    form["upload"] = json!(first);
    let v = check(&app, &form, "poster", "en");
    assert_eq!(v["changes"], json!(["Logo: a new picture, saved with the file"]), "{}", brief(&v));
    assert_eq!(v["logo"]["width"], 900);
    // Four more uploads (other pages, other counties): the server lets the first go,
    // and the form naming it is told so, never given the old picture silently.
    for _ in 0..4 {
        upload(common::png(10, 10));
    }
    let v = check(&app, &form, "poster", "en");
    assert!(messages(&v, "logo").iter().any(|m| m.contains("no longer held")), "{}", brief(&v));
    let r = save(&app, &form, &base);
    assert_eq!(r.status, 422);
    assert_eq!(std::fs::read(dir.join("counties/boulder-logo.png")).unwrap(), common::png(600, 200), "the old logo is still there");
    // A web page printed on nothing is worth a word; a name given only in English is
    // printed in Spanish too, and a missing Spanish label is shown at the label.
    let (mut form, _) = boulder(&app);
    form["web"] =
        json!({ "url": "https://www.bouldercounty.gov/", "caption": "Local help", "on": [], "source": "test", "verified": "2026-11-23" });
    form["contacts"][0]["label"] = json!({ "en": "helps you file a report" });
    let v = check(&app, &form, "professional-handout", "en");
    assert!(messages(&v, "web.on").iter().any(|m| m.contains("no material")), "{}", brief(&v));
    assert!(messages(&v, "contacts.0.label.es").iter().any(|m| m.contains("has no es name or label")), "{}", brief(&v));
    assert!(messages(&v, "contacts.0.name.es").is_empty());
}

#[test]
fn the_county_name_is_edited_and_saved_per_language() {
    let (app, dir) = app("names");
    let project = ask(&app, "/api/project").json_body();
    assert_eq!(project["language_names"], json!({ "en": "English", "es": "Spanish" }));
    assert_eq!(project["default_language"], "en");
    let boulder_entry = project["counties"].as_array().unwrap().iter().find(|c| c["id"] == "boulder").unwrap().clone();
    assert_eq!(boulder_entry["name"], "Boulder County", "the picker shows the English name");

    let (mut form, base) = boulder(&app);
    assert_eq!(form["name"], json!({ "en": "Boulder County", "es": "Condado de Boulder" }));
    form["name"]["es"] = json!("Condado de Boulder (Colorado)");
    let v = check(&app, &form, "poster", "es");
    assert_eq!(v["errors"], 0, "{}", brief(&v));
    assert_eq!(v["changes"], json!(["County name (es): “Condado de Boulder” → “Condado de Boulder (Colorado)”"]));
    assert_eq!(save(&app, &form, &base).status, 200);
    assert!(
        boulder_file(&dir).contains("\nname:\n  en: Boulder County\n  es: Condado de Boulder (Colorado)\ncontacts:\n"),
        "{}",
        boulder_file(&dir)
    );
    // The poster prints the county's name in its box (a card's back only where its
    // one slot has room for it beside the contact).
    let es = built_text(&dir, "poster", "es");
    assert!(es.contains("Condado de Boulder (Colorado)") && !es.contains("Boulder County"), "{es}");
    assert!(built_text(&dir, "poster", "en").contains("Boulder County"));

    // A file from before names were per language: its one name is the English one, the
    // Spanish field is empty and says what is missing, and saving it refused until the
    // Spanish is typed; then it is written per language.
    let old = boulder_file(&dir).replace("name:\n  en: Boulder County\n  es: Condado de Boulder (Colorado)\n", "name: Boulder County\n");
    std::fs::write(dir.join("counties/boulder.yaml"), &old).unwrap();
    let (mut form, base) = boulder(&app);
    assert_eq!(form["name"], json!({ "*": "Boulder County" }));
    let v = check(&app, &form, "poster", "en");
    assert!(messages(&v, "name.es").iter().any(|m| m.contains("has no Spanish (es) text")), "{}", brief(&v));
    assert!(v["general"].as_array().unwrap().is_empty(), "{}", brief(&v));
    assert_eq!(save(&app, &form, &base).status, 422);
    assert_eq!(boulder_file(&dir), old);
    form["name"] = json!({ "en": "Boulder County", "es": "Condado de Boulder" });
    let v = check(&app, &form, "poster", "en");
    assert_eq!(v["changes"], json!(["County name (es): set to “Condado de Boulder”"]), "{}", brief(&v));
    assert_eq!(save(&app, &form, &base).status, 200);
    assert_eq!(boulder_file(&dir), std::fs::read_to_string(materials_dir().join("counties/boulder.yaml")).unwrap());
}
