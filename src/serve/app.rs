//! The server's handlers: one function from a request to a response, with no socket
//! in sight, so that every route, refusal and save can be tested in-process.

use super::edit::{self, Draft, Placed, logo_name};
use super::form::{self, CountyForm};
use super::gate::Gate;
use super::http::{self, Guard, MAX_JSON, Request, Response, SECURITY_HEADERS};
use super::session::{self, Opened, Session};
use super::shared;
use crate::diag::{Diagnostic, Problems};
use crate::logo::Logo;
use crate::model::{CountyFile, Profile};
use crate::project::Project;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

/// Previews are drawn this many pixels wide (a wallet card at about 230 ppi, a
/// tabloid poster at 72), between 72 and 250 ppi.
pub const PREVIEW_WIDTH_PX: f64 = 800.0;

/// A logo uploaded (and decoded once, to check it), kept until the page that uploaded
/// it saves: as its file's bytes, at most [`crate::logo::MAX_BYTES`], decoded again by
/// each check and save that uses it, so that what waits holds no pixels.
struct Upload {
    county: String,
    bytes: Arc<Vec<u8>>,
}

/// Logos kept at once, waiting for a save (the oldest goes first).
const MAX_UPLOADS: usize = 4;
/// The largest logo accepted here, in pixels per side: 2 in wide at 600 ppi is 1,200.
pub const MAX_UPLOAD_SIDE: u32 = 3000;

/// The server's state: where the materials are, who may talk to it, and logos
/// uploaded but not yet saved.
pub struct App {
    pub materials: PathBuf,
    pub guard: Guard,
    /// Dates in the PDFs (SOURCE_DATE_EPOCH, as `build`).
    pub epoch: i64,
    /// The county the page opens with.
    pub county: Option<String>,
    /// Whether the printed address's key was exchanged for the session cookie.
    pub session: Session,
    /// Places for requests that build, decode or draw.
    pub gate: Gate,
    /// Held from reading a county file to writing it: two saves never interleave.
    saving: Mutex<()>,
    /// By upload id (random), in the order they came.
    uploads: Mutex<Vec<(String, Upload)>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckBody {
    county: String,
    form: CountyForm,
    material: String,
    lang: String,
    base: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveBody {
    county: String,
    form: CountyForm,
    base: String,
}

/// The fingerprint of a file's bytes the page holds while it edits: a save is refused
/// when the file on disk no longer has it.
pub fn fingerprint(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn problems_json(p: &Problems) -> Vec<Value> {
    p.iter().map(|d| json!({ "message": d.to_string() })).collect()
}

fn label(material: &str) -> String {
    let words = material.replace('-', " ");
    let mut c = words.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

impl App {
    pub fn new(materials: &Path, guard: Guard, epoch: i64, county: Option<String>) -> App {
        App {
            materials: materials.to_path_buf(),
            guard,
            epoch,
            county,
            session: Session::default(),
            gate: Gate::default(),
            saving: Mutex::new(()),
            uploads: Mutex::new(Vec::new()),
        }
    }

    /// Answer one request. Every response carries the security headers.
    pub fn handle(&self, req: &Request) -> Response {
        let mut resp = self.route(req);
        for (name, value) in SECURITY_HEADERS {
            resp = resp.with_header(name, *value);
        }
        resp
    }

    fn route(&self, req: &Request) -> Response {
        if let Err(r) = self.guard.host(req) {
            return r;
        }
        // Each handler answers Ok, or Err with a refusal; both are sent.
        let answer = |r: Result<Response, Response>| r.unwrap_or_else(|refusal| refusal);
        // Every API request comes from the page, in the browser that holds the session.
        let api = |f: fn(&App, &Request) -> Result<Response, Response>| answer(self.guard.api(req).and_then(|()| f(self, req)));
        // The page's script and style, like the page, only to that browser.
        let file = |content_type: &'static str, text: &'static str| match self.guard.has_session(req) {
            true => Response::new(200, content_type, text),
            false => session::plain(403, session::NOT_OPENED),
        };
        match (req.method.as_str(), req.path.as_str()) {
            ("GET", "/") => match self.session.open(&self.guard, req) {
                Opened::Yes => Response::new(200, "text/html; charset=utf-8", PAGE),
                Opened::No(r) => r,
            },
            // A browser asks for an icon on its own (on the key's page, on a refusal):
            // nothing, rather than an error in its console.
            ("GET", "/favicon.ico") => Response::new(204, "image/x-icon", ""),
            ("GET", "/app.js") => file("text/javascript; charset=utf-8", SCRIPT),
            ("GET", "/app.css") => file("text/css; charset=utf-8", STYLE),
            ("POST", "/api/project") => api(App::project_info),
            ("POST", "/api/county") => api(App::county),
            ("POST", "/api/download") => api(App::download),
            ("POST", "/api/check") => api(App::check),
            ("POST", "/api/logo") => api(App::upload_logo),
            ("POST", "/api/save") => api(App::save),
            (_, "/" | "/app.js" | "/app.css")
            | (_, "/api/project" | "/api/county" | "/api/download" | "/api/check" | "/api/logo" | "/api/save") => {
                Response::error(405, "that method is not used here")
            }
            _ => Response::error(404, "no such page"),
        }
    }

    fn open(&self) -> Result<Project, Response> {
        Project::open(&self.materials).map_err(|p| {
            Response::json(422, &json!({ "error": "the materials folder has problems; fix them first", "problems": problems_json(&p) }))
        })
    }

    /// The county `id` names, and its file; only counties the folder has.
    fn county_file(project: &Project, id: &str) -> Result<PathBuf, Response> {
        project
            .counties
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, p)| p.clone())
            .ok_or_else(|| Response::error(404, format!("there is no county `{id}` in the materials folder")))
    }

    /// A county file's text, read as `check` and `build` read it (the same limits).
    fn read(project: &Project, path: &Path) -> Result<String, Response> {
        crate::model::read_source(path).map_err(|p| {
            Response::json(422, &json!({ "error": format!("{} cannot be read", display(project, path)), "problems": problems_json(&p) }))
        })
    }

    fn json_body<'a, T: Deserialize<'a>>(req: &'a Request) -> Result<T, Response> {
        if req.body.len() > MAX_JSON {
            return Err(Response::error(413, format!("the request is larger than {MAX_JSON} bytes")));
        }
        let media = req.header("content-type").map(|t| t.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
        if media.as_deref() != Some("application/json") {
            return Err(Response::error(415, "the request is not JSON"));
        }
        serde_json::from_slice(&req.body).map_err(|e| Response::error(400, format!("the request is not a county form: {e}")))
    }

    fn project_info(&self, _: &Request) -> Result<Response, Response> {
        let project = self.open()?;
        let counties: Vec<Value> = project
            .counties
            .iter()
            .map(|(id, path)| {
                // The county's name in English (or the first language it gives), else its id.
                let name = crate::model::load_yaml::<CountyFile>(path)
                    .ok()
                    .and_then(|f| {
                        let texts = f.value.name.value.texts();
                        let english = texts.iter().find(|(l, _)| l.is_none_or(|l| l == crate::model::DEFAULT_LANG));
                        english.or(texts.first()).map(|(_, t)| t.to_string())
                    })
                    .unwrap_or_else(|| id.clone());
                json!({ "id": id, "name": name })
            })
            .collect();
        let materials: Vec<Value> = project
            .materials
            .iter()
            .map(|(id, _)| json!({ "id": id, "label": label(id), "bilingual": is_bilingual(&project, id) }))
            .collect();
        let mut languages: Vec<&String> = project.copies.values().flatten().map(|(l, _)| l).collect();
        languages.sort();
        languages.dedup();
        // What the page calls each language: its English name, or its code.
        let language_names: serde_json::Map<String, Value> =
            languages.iter().map(|l| (l.to_string(), json!(crate::model::language_name(l).unwrap_or(l)))).collect();
        Ok(Response::json(
            200,
            &json!({
                "counties": counties,
                "materials": materials,
                "languages": languages,
                "language_names": language_names,
                "default_language": crate::model::DEFAULT_LANG,
                "county": self.county,
                "max_name": crate::content::MAX_NAME_CHARS,
            }),
        ))
    }

    fn county(&self, req: &Request) -> Result<Response, Response> {
        let project = self.open()?;
        let id = req.param("id").unwrap_or("");
        let path = App::county_file(&project, id)?;
        let text = App::read(&project, &path)?;
        let base = fingerprint(text.as_bytes());
        match crate::model::parse_yaml::<CountyFile>(&path, text.clone()) {
            Ok(file) => {
                let (form, dropped) = CountyForm::from_file(&file.value);
                Ok(Response::json(
                    200,
                    &json!({
                        "id": id,
                        "file": display(&project, &path),
                        "form": form,
                        "base": base,
                        "later_comments": form::has_later_comments(&text),
                        "dropped": dropped,
                    }),
                ))
            }
            Err(p) => Err(Response::json(
                422,
                &json!({
                    "error": format!("{} cannot be read into the form; fix it in a text editor first", display(&project, &path)),
                    "problems": problems_json(&p),
                }),
            )),
        }
    }

    /// The logo the form's page uploaded for this county, if the form still names it:
    /// decoded (as `build` will decode the file), and its file's bytes.
    fn pending(&self, county: &str, form: &CountyForm) -> Option<(Arc<Logo>, Arc<Vec<u8>>)> {
        let id = form.upload.as_deref().filter(|_| form.logo.as_deref() == Some(&logo_name(county)))?;
        let bytes = {
            let uploads = self.uploads.lock().unwrap_or_else(|e| e.into_inner());
            uploads.iter().find(|(u, up)| u == id && up.county == county).map(|(_, up)| up.bytes.clone())?
        };
        Logo::from_png(&bytes).ok().map(|l| (Arc::new(l), bytes))
    }

    /// A form naming an upload this server no longer holds (it keeps the last few):
    /// an error at the logo, never the old picture silently.
    fn lost_upload(&self, county: &str, form: &CountyForm, pending: bool) -> Option<Diagnostic> {
        let names_upload = form.upload.is_some() && form.logo.as_deref() == Some(&logo_name(county));
        (names_upload && !pending).then(|| {
            Diagnostic::error("the picture you chose is no longer held by the server (it keeps the last few uploads)")
                .hint("choose the logo file again")
        })
    }

    /// The form as the page sent it, if it can stand for a county file at all.
    fn form_shape(form: &CountyForm) -> Result<(), Response> {
        match form.shape_problem() {
            Some(p) => Err(Response::error(400, format!("the request is not a county form: {p}"))),
            None => Ok(()),
        }
    }

    /// Check a form as `check` and `build` would (every material in every language)
    /// and draw the pages of one material in one language.
    fn check(&self, req: &Request) -> Result<Response, Response> {
        let body: CheckBody = App::json_body(req)?;
        App::form_shape(&body.form)?;
        self.gate.run(|| self.check_form(&body))
    }

    fn check_form(&self, body: &CheckBody) -> Result<Response, Response> {
        let project = self.open()?;
        let path = App::county_file(&project, &body.county)?;
        if !project.materials.iter().any(|(m, _)| *m == body.material) {
            return Err(Response::error(400, format!("there is no material `{}`", body.material)));
        }
        if !project.copies.get(&body.material).is_some_and(|l| l.iter().any(|(c, _)| *c == body.lang)) {
            return Err(Response::error(400, format!("`{}` has no `{}` language file", body.material, body.lang)));
        }
        let on_disk = App::read(&project, &path)?;
        let draft = Draft {
            id: &body.county,
            path: path.clone(),
            form: &body.form,
            on_disk: &on_disk,
            pending_logo: self.pending(&body.county, &body.form).map(|(l, _)| l),
        };
        let (edition, mut placed) = edit::edition(&project, &draft);
        placed.fields.extend(self.lost_upload(&body.county, &body.form, draft.pending_logo.is_some()).map(|d| ("logo".to_string(), d)));
        if draft.pending_logo.is_some() {
            placed.fields.extend(shared::problem(&project, &body.county, &logo_name(&body.county)).map(|d| ("logo".to_string(), d)));
        }
        let mut pages = Vec::new();
        let mut logo = Value::Null;
        if let Some(edition) = &edition {
            // As `check`: every material at every size and profile a build or a print
            // run can ask for; then the chosen material's PDF, for the preview.
            let mut problems = crate::check::edition_layouts(&project, edition, edit::MAX_THREADS);
            let (shown, built) = edit::build_one(&project, edition, &body.material, Profile::Office, self.epoch);
            problems.extend(built);
            draft.place(&mut placed, crate::diag::merge(problems), &[]);
            // The chosen material: a bilingual one is built once, in its languages.
            let chosen = shown.iter().filter(|s| s.id == body.material);
            let chosen: Vec<&edit::Shown> = match chosen.clone().find(|s| s.lang == body.lang) {
                Some(s) => vec![s],
                None => chosen.take(1).collect(),
            };
            for s in chosen {
                let dpi = (PREVIEW_WIDTH_PX / (s.width_pt / 72.0)).clamp(72.0, 250.0);
                let drawn = super::draw::pages(&s.pdf, edition.logo.as_deref().zip(s.logo_width_pt), dpi);
                match drawn {
                    Ok(rasters) => pages.extend(rasters.iter().map(|r| format!("data:image/png;base64,{}", base64(&r.png())))),
                    Err(e) => placed.general.push(Diagnostic::error(format!("the preview could not be drawn: {e}"))),
                }
                if let (Some(w), Some(l)) = (s.logo_width_pt, &edition.logo) {
                    logo = json!({ "width": l.width, "height": l.height, "inches": w / 72.0, "ppi": l.ppi(w).round(), "sharp": l.ppi(w) >= crate::logo::MIN_PPI });
                }
            }
        }
        let saved = CountyForm::from_file(&match crate::model::parse_yaml::<CountyFile>(&path, on_disk.clone()) {
            Ok(f) => f.value,
            Err(_) => return Ok(Response::json(200, &self.checked(&placed, pages, logo, Vec::new(), true))),
        })
        .0;
        let stale = fingerprint(on_disk.as_bytes()) != body.base;
        let mut changes = form::changes(&saved, &body.form);
        if draft.pending_logo.is_some() && !changes.iter().any(|c| c.starts_with("Logo")) {
            changes.push("Logo: a new picture, saved with the file".into());
        }
        Ok(Response::json(200, &self.checked(&placed, pages, logo, changes, stale)))
    }

    fn checked(&self, placed: &Placed, pages: Vec<String>, logo: Value, changes: Vec<String>, stale: bool) -> Value {
        let mut out = placed.to_json();
        out["errors"] = json!(placed.errors());
        out["pages"] = json!(pages);
        out["logo"] = logo;
        out["changes"] = json!(changes);
        out["changed_on_disk"] = json!(stale);
        out
    }

    /// A PNG for a county's logo: decoded before it is kept; saved with the form that
    /// names its upload id.
    fn upload_logo(&self, req: &Request) -> Result<Response, Response> {
        if req.header("content-type") != Some("image/png") {
            return Err(Response::error(415, "the logo must be a PNG file"));
        }
        if req.body.len() > crate::logo::MAX_BYTES {
            return Err(Response::error(413, format!("the logo is larger than {} MB", crate::logo::MAX_BYTES / (1024 * 1024))));
        }
        // Its size from its header, before anything is decoded: a small file claiming
        // a huge picture costs nothing.
        let (w, h) = crate::logo::png_size(&req.body).map_err(|e| Response::error(422, e.to_string()))?;
        if w.max(h) > MAX_UPLOAD_SIDE {
            return Err(Response::error(
                422,
                format!(
                    "the logo is {w} x {h} pixels; {MAX_UPLOAD_SIDE} a side is the most needed (2 in at 600 ppi is 1,200): make it smaller"
                ),
            ));
        }
        // Decoded to check it, in turn with other heavy work, and let go.
        let id = req.param("county").unwrap_or("");
        self.gate.run(|| {
            App::county_file(&self.open()?, id)?;
            Logo::from_png(&req.body).map(drop).map_err(|e| Response::error(422, e.to_string()))
        })?;
        let upload_id = http::new_secret().map_err(|e| Response::error(500, e))?;
        let mut uploads = self.uploads.lock().unwrap_or_else(|e| e.into_inner());
        if uploads.len() >= MAX_UPLOADS {
            uploads.remove(0);
        }
        uploads.push((upload_id.clone(), Upload { county: id.to_string(), bytes: Arc::new(req.body.clone()) }));
        Ok(Response::json(200, &json!({ "name": logo_name(id), "upload": upload_id, "width": w, "height": h })))
    }

    /// Write the county file (and an uploaded logo) when every material of the
    /// edition builds in every language, and the file is as the page loaded it.
    fn save(&self, req: &Request) -> Result<Response, Response> {
        let body: SaveBody = App::json_body(req)?;
        App::form_shape(&body.form)?;
        self.gate.run(|| self.save_form(&body))
    }

    fn save_form(&self, body: &SaveBody) -> Result<Response, Response> {
        let project = self.open()?;
        let path = App::county_file(&project, &body.county)?;
        let _one_at_a_time = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let on_disk = App::read(&project, &path)?;
        let changed_meanwhile = || {
            Response::json(
                409,
                &json!({
                    "error": format!("{} was changed by someone else since you opened it; nothing was saved. Reload to see their version.", display(&project, &path)),
                    "conflict": true,
                }),
            )
        };
        if fingerprint(on_disk.as_bytes()) != body.base {
            return Err(changed_meanwhile());
        }
        let pending = self.pending(&body.county, &body.form);
        // The upload is saved as the county's logo file: never over one another file prints.
        if pending.is_some()
            && let Some(d) = shared::problem(&project, &body.county, &logo_name(&body.county))
        {
            let error = format!("nothing was saved: {}", d.message);
            let mut placed = Placed::default();
            placed.fields.push(("logo".to_string(), d));
            let mut out = placed.to_json();
            out["error"] = json!(error);
            out["errors"] = json!(1);
            return Err(Response::json(422, &out));
        }
        let draft = Draft {
            id: &body.county,
            path: path.clone(),
            form: &body.form,
            on_disk: &on_disk,
            pending_logo: pending.as_ref().map(|(l, _)| l.clone()),
        };
        let (edition, mut placed) = edit::edition(&project, &draft);
        placed.fields.extend(self.lost_upload(&body.county, &body.form, pending.is_some()).map(|d| ("logo".to_string(), d)));
        if let Some(edition) = &edition {
            // Every size and profile a build or a print run can ask for, as `check`.
            draft.place(&mut placed, crate::check::edition_layouts(&project, edition, edit::MAX_THREADS), &[]);
        }
        if placed.errors() > 0 || edition.is_none() {
            let mut out = placed.to_json();
            out["error"] = json!("nothing was saved: fix the problems marked on the page first");
            out["errors"] = json!(placed.errors());
            return Err(Response::json(422, &out));
        }
        let saved = crate::model::parse_yaml::<CountyFile>(&path, on_disk.clone()).ok().map(|f| CountyForm::from_file(&f.value).0);
        let (text, _) = edit::file_text(&draft, &body.form);
        // The text as written, read back by the loader `check` and `build` use (its size
        // limit, its parser): a file they would refuse is never written.
        if let Err(p) = crate::model::parse_yaml::<CountyFile>(&path, text.clone()) {
            let why = p.first().map_or_else(|| "the file would not read back".to_string(), |d| d.message.clone());
            return Err(Response::json(422, &json!({ "error": format!("nothing was saved: {why}"), "problems": problems_json(&p) })));
        }
        // Both files are written beside their places and flushed to disk first; then,
        // the build having taken a moment, the county file must still be as the page
        // loaded it; then both are put in place (two renames, microseconds apart) and
        // the renames flushed too, so that a save reported is a save kept.
        let write_failed =
            |what: &str, e: std::io::Error| Response::error(500, format!("{what} could not be saved ({e}); nothing was changed"));
        let logo = match &pending {
            Some((_, bytes)) => Some(
                crate::fsio::Pending::write_durable(&path.with_file_name(logo_name(&body.county)), bytes.as_slice())
                    .map_err(|e| write_failed("the logo", e))?,
            ),
            None => None,
        };
        let file = crate::fsio::Pending::write_durable(&path, text.as_bytes()).map_err(|e| write_failed(&display(&project, &path), e))?;
        if App::read(&project, &path).ok().map(|t| fingerprint(t.as_bytes())) != Some(body.base.clone()) {
            return Err(changed_meanwhile());
        }
        if let Some(logo) = logo {
            logo.replace().map_err(|e| write_failed("the logo", e))?;
        }
        file.replace().map_err(|e| write_failed(&display(&project, &path), e))?;
        crate::fsio::sync_dir(path.parent().unwrap_or(&project.dir)).map_err(|e| {
            Response::error(500, format!("{} was written but could not be flushed to disk ({e}); save again", display(&project, &path)))
        })?;
        if let Some(id) = &body.form.upload {
            self.uploads.lock().unwrap_or_else(|e| e.into_inner()).retain(|(u, _)| u != id);
        }
        Ok(Response::json(
            200,
            &json!({
                "saved": display(&project, &path),
                "base": fingerprint(text.as_bytes()),
                "form": crate::model::parse_yaml::<CountyFile>(&path, text.clone()).ok().map(|f| CountyForm::from_file(&f.value).0),
                "changes": saved.map(|s| form::changes(&s, &body.form)).unwrap_or_default(),
            }),
        ))
    }

    /// The saved edition's PDFs, every material in every language, as a zip.
    fn download(&self, req: &Request) -> Result<Response, Response> {
        self.gate.run(|| self.zip(req))
    }

    fn zip(&self, req: &Request) -> Result<Response, Response> {
        let project = self.open()?;
        let id = req.param("county").unwrap_or("");
        let path = App::county_file(&project, id)?;
        let profile = match req.param("profile").unwrap_or("office") {
            "office" => Profile::Office,
            "press" => Profile::Press,
            other => return Err(Response::error(400, format!("`{other}` is not a profile: office or press"))),
        };
        let edition = project
            .edition(id, &path)
            .map_err(|p| Response::json(422, &json!({ "error": "the saved file has problems", "problems": problems_json(&p) })))?;
        let (shown, problems) = edit::build(&project, &edition, profile, self.epoch);
        if problems.iter().any(Diagnostic::is_error) {
            return Err(Response::json(422, &json!({ "error": "the edition does not build", "problems": problems_json(&problems) })));
        }
        let files: Vec<(String, Vec<u8>)> = shown.into_iter().map(|s| (s.path.to_string_lossy().replace('\\', "/"), s.pdf)).collect();
        let zip = crate::zip::stored(&files).map_err(|e| Response::error(500, e.to_string()))?;
        let profile = req.param("profile").unwrap_or("office");
        Ok(Response::new(200, "application/zip", zip)
            .with_header("Content-Disposition", format!("attachment; filename=\"awareprint-{id}-{profile}.zip\"")))
    }
}

fn is_bilingual(project: &Project, id: &str) -> bool {
    project
        .materials
        .iter()
        .find(|(m, _)| m == id)
        .and_then(|(_, p)| crate::model::load_yaml::<crate::model::MaterialFile>(p).ok())
        .is_some_and(|f| f.value.languages.is_some())
}

/// A path as the partner knows it: inside the materials folder.
fn display(project: &Project, path: &Path) -> String {
    let dir = project.dir.file_name().map(PathBuf::from).unwrap_or_default();
    dir.join(path.strip_prefix(&project.dir).unwrap_or(path)).display().to_string()
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(super::label("wallet-card"), "Wallet card");
    }
}
