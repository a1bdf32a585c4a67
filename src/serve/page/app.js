// The county editor: reads the county file as a form, sends the form to be checked
// as the user types (the server runs the same checks as `awareprint check` and lays
// out the chosen material), and saves it. No library, no network beyond this server.
"use strict";

const $ = (id) => document.getElementById(id);
const EVERY = "*";

const state = {
  project: null,
  county: null,
  form: null,       // what the page shows now
  loaded: null,     // the form as the file was loaded or last saved
  loads: 0,         // the latest county load asked for; older answers are ignored
  typed: false,     // typed since the last check answered
  base: "",         // fingerprint of the file as loaded or last saved
  dirty: false,
  changes: [],
  errors: 0,
  seq: 0,           // the latest check sent; older answers are ignored
  timer: null,
  checking: false,
  again: false,
};

// Every request is a POST from this page: the server answers only those that carry
// this page's origin and the browser's session cookie (which the script never sees).
async function api(path, body, type) {
  const init = body === undefined ? { method: "POST" } : {
    method: "POST",
    headers: { "Content-Type": type || "application/json" },
    body: type ? body : JSON.stringify(body),
  };
  let resp;
  try {
    resp = await fetch(path, init);
  } catch (e) {
    return { status: 0, data: { error: "The awareprint server did not answer. Is it still running? Your changes are still here." } };
  }
  let data = {};
  try { data = await resp.json(); } catch (e) { data = { error: "The server's answer could not be read." }; }
  return { status: resp.status, data };
}

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function langName(code) {
  return (state.project && state.project.language_names[code]) || code;
}

// ---- loading -------------------------------------------------------------------

async function start() {
  const { status, data } = await api("/api/project");
  if (status !== 200) return fatal(data);
  state.project = data;
  const county = $("county");
  for (const c of data.counties) county.append(el("option", { value: c.id }, c.name));
  const wanted = new URLSearchParams(location.search).get("county") || data.county;
  if (wanted && data.counties.some((c) => c.id === wanted)) county.value = wanted;
  county.addEventListener("change", () => {
    if ((state.dirty || state.typed) && !confirm("You have changes that are not saved. Open another county and lose them?")) {
      county.value = state.county;
      return;
    }
    load(county.value);
  });
  for (const m of data.materials) $("material").append(el("option", { value: m.id }, m.label));
  if (data.materials.some((m) => m.id === "poster")) $("material").value = "poster";
  for (const l of data.languages) $("lang").append(el("option", { value: l }, langName(l)));
  nameFields();
  $("material").addEventListener("change", () => { syncLang(); check(); });
  $("lang").addEventListener("change", check);
  $("form").addEventListener("input", changed);
  $("form").addEventListener("change", changed);
  $("add-contact").addEventListener("click", addContact);
  $("logo-file").addEventListener("change", uploadLogo);
  $("logo-remove").addEventListener("click", () => { state.form.logo = null; state.form.upload = null; showLogo(); changed(); });
  $("save").addEventListener("click", save);
  $("profile").addEventListener("change", showDownload);
  window.addEventListener("beforeunload", (e) => { if (state.dirty || state.typed) { e.preventDefault(); e.returnValue = ""; } });
  syncLang();
  load(county.value);
}

function syncLang() {
  const m = state.project.materials.find((x) => x.id === $("material").value);
  $("lang").disabled = !!(m && m.bilingual);
}

function fatal(data) {
  $("preview-state").textContent = "";
  const n = $("notice");
  n.hidden = false;
  n.replaceChildren(el("p", {}, data.error || "Something went wrong."));
  for (const p of data.problems || []) n.append(el("pre", {}, p.message));
}

async function load(id) {
  const mine = ++state.loads;
  const { status, data } = await api("/api/county?id=" + encodeURIComponent(id));
  if (mine !== state.loads) return;
  $("notice").hidden = true;
  history.replaceState(null, "", "?county=" + encodeURIComponent(id));
  if (status !== 200) {
    // Nothing of the county shown before stays editable or savable.
    state.form = null;
    state.county = id;
    state.dirty = false;
    $("form").inert = true;
    for (const section of document.querySelectorAll("#form section, .side")) section.hidden = true;
    $("save").disabled = true;
    $("county-file").textContent = "";
    $("pages").replaceChildren();
    $("changes").replaceChildren();
    $("save-state").textContent = "";
    $("download").classList.add("disabled");
    $("download").setAttribute("aria-disabled", "true");
    return fatal(data);
  }
  $("form").inert = false;
  for (const section of document.querySelectorAll("#form section, .side")) section.hidden = false;
  state.county = id;
  state.form = data.form;
  state.loaded = JSON.parse(JSON.stringify(data.form));
  state.base = data.base;
  $("county-file").textContent = data.file;
  const notes = [];
  if (data.later_comments) notes.push("This file has notes (comments) below its header. Saving keeps the header and your values, not those notes.");
  for (const d of data.dropped) notes.push("Not kept when you save: " + d + ".");
  if (notes.length) {
    $("notice").hidden = false;
    $("notice").replaceChildren(...notes.map((t) => el("p", {}, t)));
  }
  render();
  setDirty(false, []);
  $("save-state").textContent = "";
  check();
}

// ---- the form ------------------------------------------------------------------

// The county's name: a field for each language the materials are written in. A name
// the file gives once is the English name (the default language's).
function nameFields() {
  const box = $("names");
  box.replaceChildren();
  for (const l of state.project.languages) {
    const id = `name-${l}`;
    const key = `name.${l}`;
    const field = el("div", { class: "field" });
    const input = el("input", { id, "data-key": key, "data-lang": l, maxlength: "80", "aria-describedby": `${id}-msg ${id}-count` });
    // A problem right under the field; then how long the name is, and what it is for.
    const keys = [key].concat(l === state.project.default_language ? [`name.${EVERY}`, "name"] : []);
    const msg = el("div", { class: "msg", id: `${id}-msg`, "data-for": keys.join(" ") });
    field.append(el("label", { for: id }, `Name in ${langName(l)}`), input, msg, el("p", { class: "count", id: `${id}-count` }));
    if (l !== state.project.default_language) {
      field.append(el("p", { class: "help" }, `Printed on the ${langName(l)} materials instead of the English name.`));
    }
    box.append(field);
  }
}

function render() {
  const f = state.form;
  const once = f.name[EVERY];
  for (const input of document.querySelectorAll("#names input[data-lang]")) {
    const l = input.dataset.lang;
    input.value = f.name[l] !== undefined ? f.name[l] : (l === state.project.default_language && once !== undefined ? once : "");
  }
  const box = $("contacts");
  box.replaceChildren();
  f.contacts.forEach((c, i) => box.append(contactBlock(c, i)));
  const web = f.web || { url: "", caption: "", on: [], source: "", verified: "" };
  $("web-url").value = web.url;
  $("web-caption").value = web.caption;
  $("web-source").value = web.source || "";
  $("web-verified").value = web.verified || "";
  const on = $("web-on");
  on.replaceChildren(...state.project.materials.map((m) => check_box("web-on-" + m.id, m, web.on.includes(m.id), "web")));
  showLogo();
  countName();
}

function check_box(id, material, checked, group) {
  const label = el("label", { class: "check" });
  const box = el("input", { type: "checkbox", id, "data-material": material.id, "data-group": group });
  box.checked = checked;
  label.append(box, document.createTextNode(" " + material.label));
  return label;
}

function contactBlock(c, i) {
  const node = $("contact-template").content.firstElementChild.cloneNode(true);
  node.dataset.index = i;
  node.dataset.id = c.id;
  const first = Object.values(c.name).find((t) => t) || "";
  node.querySelector("legend").textContent = first ? first : "New local contact";
  const langs = state.project.languages;
  for (const [part, title, hint] of [
    ["name", "Name", "Leave empty to print the English name on Spanish materials too."],
    ["label", "What they help with", "optional, e.g. helps you file a report"],
  ]) {
    const box = node.querySelector(part === "name" ? ".names" : ".labels");
    const texts = c[part] || {};
    langs.forEach((l, k) => {
      const key = `contacts.${i}.${part}.${l}`;
      const id = `c${i}-${part}-${l}`;
      const field = el("div", { class: "field" });
      const label = el("label", { for: id }, `${title} in ${langName(l)}`);
      const value = texts[l] !== undefined ? texts[l] : (k === 0 && texts[EVERY] !== undefined ? texts[EVERY] : "");
      const input = el("input", { id, "data-key": key, "data-part": part, "data-lang": l, "aria-describedby": id + "-msg" });
      input.value = value;
      field.append(label, input);
      if (k > 0 && part === "name") field.append(el("p", { class: "help" }, hint));
      if (k === 0 && part === "label") input.placeholder = hint;
      const keys = [key].concat(k === 0 ? [`contacts.${i}.${part}.${EVERY}`, `contacts.${i}.${part}`] : []);
      field.append(el("div", { class: "msg", id: id + "-msg", "data-for": keys.join(" ") }));
      box.append(field);
    });
  }
  for (const input of node.querySelectorAll("input[data-part]:not([data-lang])")) {
    const part = input.dataset.part;
    const id = `c${i}-${part}`;
    input.id = id;
    input.dataset.key = `contacts.${i}.${part}`;
    input.value = c[part] || "";
    const label = input.closest(".field").querySelector("label");
    if (label) label.setAttribute("for", id);
    input.setAttribute("aria-describedby", id + "-msg");
  }
  for (const msg of node.querySelectorAll("[data-part-msg]")) {
    const part = msg.dataset.partMsg;
    msg.dataset.for = `contacts.${i}.${part}`;
    msg.id = `c${i}-${part}-msg`;
  }
  node.querySelector(".show").append(...state.project.materials.map((m) => check_box(`c${i}-show-${m.id}`, m, c.show.includes(m.id), "show")));
  node.querySelector(".digits").hidden = !/[A-Za-z]/.test(c.phone || "") && !c.digits;
  node.querySelector(".remove").addEventListener("click", () => {
    const typed = [...node.querySelectorAll('input[data-part="name"]')].map((x) => x.value).find((t) => t);
    if (!confirm(`Remove ${typed || "this contact"}? It will no longer be printed once you save.`)) return;
    state.form = read();
    state.form.contacts.splice(i, 1);
    render();
    // Focus goes where the contact was: the next one, or the button that adds one.
    const blocks = document.querySelectorAll(".contact");
    const next = blocks[Math.min(i, blocks.length - 1)];
    (next ? next.querySelector("input") : $("add-contact")).focus();
    changed();
  });
  if (c.url || c.sms || c.sms_word) node.querySelector("details").open = true;
  return node;
}

function addContact() {
  state.form = read();
  const ids = state.form.contacts.map((c) => c.id);
  let id = `${state.county}-local`;
  for (let n = 2; ids.includes(id); n++) id = `${state.county}-local-${n}`;
  state.form.contacts.push({ id, name: { [EVERY]: "" }, label: {}, phone: "", digits: "", sms: "", sms_word: "", url: "", source: "", verified: "", show: [] });
  render();
  const blocks = document.querySelectorAll(".contact");
  blocks[blocks.length - 1].querySelector("input").focus();
  changed();
}

// The texts typed in `inputs`, one per language: a contact's name or label, or the
// county's name. A text the file gave once stays so while only the field of `onceLang`
// (where it is shown) is filled; a text given per language stays per language (a
// Spanish edition then prints no English label).
function texts(inputs, before, onceLang) {
  const out = {};
  const langs = state.project.languages;
  const given = [];
  for (const input of inputs) {
    if (input.value !== "") given.push([input.dataset.lang, input.value]);
  }
  const once = Object.prototype.hasOwnProperty.call(before, EVERY);
  if (once && given.length === 1 && given[0][0] === onceLang) out[EVERY] = given[0][1];
  else for (const [l, t] of given) out[l] = t;
  // Texts in languages this page has no field for are kept as they were.
  for (const [l, t] of Object.entries(before)) if (l !== EVERY && !langs.includes(l)) out[l] = t;
  return out;
}

// The form as the page shows it now.
function read() {
  const names = document.querySelectorAll("#names input[data-lang]");
  const f = { name: texts(names, (state.loaded && state.loaded.name) || {}, state.project.default_language), contacts: [],
    logo: state.form.logo || null, web: null, listed: state.form.listed || [], upload: state.form.upload || null };
  for (const node of document.querySelectorAll(".contact")) {
    const v = (part) => node.querySelector(`input[data-part="${part}"]:not([data-lang])`).value;
    // How the file gave each text (once, or per language) decides how it is written;
    // a new contact's name is given once, its label per language.
    const before = ((state.loaded && state.loaded.contacts) || []).find((c) => c.id === node.dataset.id) || { name: { [EVERY]: "" }, label: {} };
    const typed = (part) => node.querySelectorAll(`input[data-part="${part}"][data-lang]`);
    const first = state.project.languages[0];
    f.contacts.push({
      id: node.dataset.id,
      name: texts(typed("name"), before.name, first),
      label: texts(typed("label"), before.label, first),
      phone: v("phone"), digits: v("digits"), sms: v("sms"), sms_word: v("sms_word"), url: v("url"),
      source: v("source"), verified: v("verified"),
      show: keepOrder(state.form.contacts.find((c) => c.id === node.dataset.id)?.show || [],
        [...node.querySelectorAll('input[data-group="show"]:checked')].map((b) => b.dataset.material)),
    });
  }
  const on = keepOrder((state.form.web || {}).on || [], [...document.querySelectorAll('input[data-group="web"]:checked')].map((b) => b.dataset.material));
  const url = $("web-url").value, caption = $("web-caption").value;
  const source = $("web-source").value, verified = $("web-verified").value;
  if (url || caption || on.length || source || verified) f.web = { url, caption, on, source, verified };
  return f;
}

// The materials ticked, those ticked before in their order, then new ones.
function keepOrder(before, ticked) {
  return before.filter((m) => ticked.includes(m)).concat(ticked.filter((m) => !before.includes(m)));
}

function countName() {
  for (const input of document.querySelectorAll("#names input[data-lang]")) {
    const n = [...input.value].length;
    const count = $(`${input.id}-count`);
    count.textContent = `${n} of ${state.project.max_name} characters`;
    count.classList.toggle("over", n > state.project.max_name);
  }
}

function changed(e) {
  if (e && (e.target.id === "county" || e.target.id === "material" || e.target.id === "lang" || e.target.id === "profile" || e.target.id === "logo-file")) return;
  if (!state.form) return;
  state.form = read();
  state.typed = true;
  countName();
  for (const node of document.querySelectorAll(".contact")) {
    const typed = [...node.querySelectorAll('input[data-part="name"]')].map((x) => x.value).find((t) => t);
    node.querySelector("legend").textContent = typed || "New local contact";
    const phone = node.querySelector('input[data-part="phone"]').value;
    const digits = node.querySelector('input[data-part="digits"]').value;
    node.querySelector(".digits").hidden = !/[A-Za-z]/.test(phone) && !digits;
  }
  clearTimeout(state.timer);
  state.timer = setTimeout(check, 250);
}

// ---- checking and the preview --------------------------------------------------

async function check() {
  if (!state.form) return;
  if (state.checking) { state.again = true; return; }
  state.checking = true;
  const seq = ++state.seq;
  const county = state.county;
  $("preview-state").textContent = "Updating…";
  const started = performance.now();
  const body = { county, form: state.form, material: $("material").value, lang: $("lang").value, base: state.base };
  let answer;
  try {
    answer = await api("/api/check", body);
  } finally {
    state.checking = false;
  }
  if (state.again) { state.again = false; check(); }
  // An answer for a county no longer open, or for an older form, is dropped.
  if (seq !== state.seq || county !== state.county || !state.form) return;
  const { status, data } = answer;
  if (status !== 200) { $("preview-state").textContent = data.error || "The check failed."; return; }
  state.typed = false;
  showMessages(data);
  state.errors = data.errors;
  if (data.pages.length) {
    const pages = $("pages");
    pages.classList.remove("stale");
    pages.replaceChildren(...data.pages.map((src, n) => {
      const img = el("img", { src, alt: `${$("material").selectedOptions[0].textContent}, page ${n + 1}`, class: "page" });
      return img;
    }));
    $("preview-state").textContent = `Updated in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  } else {
    $("pages").classList.add("stale");
    $("preview-state").textContent = data.errors ? "Fix the marked fields to update the preview" : "";
  }
  showLogo(data.logo);
  setDirty(data.changes.length > 0, data.changes);
  if (data.changed_on_disk) {
    $("save-state").textContent = "The file was changed by someone else since you opened it. Saving is refused: reload to see their version.";
    $("save-state").className = "save-state bad";
  }
}

function showMessages(data) {
  for (const m of document.querySelectorAll(".msg")) m.replaceChildren();
  for (const input of document.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  const general = [];
  for (const [key, list] of Object.entries(data.fields)) {
    const box = [...document.querySelectorAll(".msg")].find((m) => (m.dataset.for || "").split(" ").includes(key));
    if (!box) { general.push(...list); continue; }
    for (const d of list) box.append(message(d));
    const input = document.querySelector(`[data-key="${CSS.escape(key)}"]`) || box.closest(".field")?.querySelector("input");
    if (input && list.some((d) => d.severity === "error")) input.setAttribute("aria-invalid", "true");
  }
  general.push(...data.general);
  const g = $("general");
  g.replaceChildren();
  if (general.length) {
    g.append(el("h2", {}, general.some((d) => d.severity === "error") ? "Problems to fix" : "Worth a look"));
    for (const d of general) g.append(message(d));
  }
}

function message(d) {
  const p = el("p", { class: d.severity });
  p.append(el("strong", {}, d.severity === "error" ? "Fix: " : "Check: "), ...marked(d.message));
  if (d.hint) p.append(el("span", { class: "hint" }, " "), ...marked(d.hint));
  return p;
}

// Text with `code` spans (as the command line writes them) as text and <code> nodes.
function marked(text) {
  return text.split("`").map((part, i) => (i % 2 ? el("code", {}, part) : document.createTextNode(part)));
}

function showLogo(info) {
  const logo = state.form && state.form.logo;
  $("logo-remove").hidden = !logo;
  if (!logo) { $("logo-state").textContent = "No logo."; return; }
  let text = `Logo: ${logo}.`;
  if (info) {
    text += ` ${info.width} × ${info.height} pixels, printed ${info.inches.toFixed(2)} in wide on this material: ${info.ppi} pixels per inch`;
    text += info.sharp ? " (sharp)." : " (below 300: it may print blurry; use a larger image).";
  }
  $("logo-state").textContent = text;
  $("logo-state").className = "logo-state" + (info && !info.sharp ? " bad" : "");
}

async function uploadLogo() {
  const file = $("logo-file").files[0];
  $("logo-file").value = "";
  if (!file) return;
  const box = $("logo-msg");
  if (file.size > 8 * 1024 * 1024) { box.replaceChildren(message({ severity: "error", message: "The file is larger than 8 MB." })); return; }
  const { status, data } = await api("/api/logo?county=" + encodeURIComponent(state.county), await file.arrayBuffer(), "image/png");
  if (status !== 200) { box.replaceChildren(message({ severity: "error", message: data.error })); return; }
  box.replaceChildren();
  state.form = read();
  state.form.logo = data.name;
  state.form.upload = data.upload;
  showLogo();
  changed();
}

// ---- saving --------------------------------------------------------------------

function setDirty(dirty, changes) {
  state.dirty = dirty;
  state.changes = changes;
  const box = $("changes");
  box.replaceChildren();
  if (!dirty) {
    box.append(el("p", { class: "help" }, "No changes since the file was opened."));
  } else {
    box.append(el("p", {}, `${changes.length} change${changes.length === 1 ? "" : "s"} since the file was opened:`));
    const ul = el("ul");
    for (const c of changes) ul.append(el("li", {}, c));
    box.append(ul);
  }
  $("save").disabled = !dirty || state.errors > 0;
  if (dirty && state.errors > 0) {
    $("save-state").className = "save-state bad";
    $("save-state").textContent = "Fix the marked fields before saving.";
  } else if ($("save-state").textContent === "Fix the marked fields before saving.") {
    $("save-state").textContent = "";
  }
  showDownload();
}

function showDownload() {
  const a = $("download");
  const blocked = state.dirty || state.errors > 0 || !state.form;
  a.classList.toggle("disabled", blocked);
  a.setAttribute("aria-disabled", blocked ? "true" : "false");
  $("download-note").textContent = state.dirty
    ? "Save first: the download is made from the saved file."
    : state.errors > 0 ? "Fix the marked problems first: the saved file does not build." : "Every material, in every language, as saved.";
}

document.addEventListener("click", (e) => {
  if (e.target.id !== "download") return;
  e.preventDefault();
  if (e.target.getAttribute("aria-disabled") !== "true") download();
});

// The zip is asked for like every other request (a POST from this page), then handed
// to the browser as a file.
async function download() {
  const note = $("download-note");
  const q = new URLSearchParams({ county: state.county || "", profile: $("profile").value });
  note.textContent = "Building every material in every language…";
  let resp;
  try {
    resp = await fetch("/api/download?" + q, { method: "POST" });
  } catch (e) {
    note.textContent = "The awareprint server did not answer. Is it still running?";
    return;
  }
  if (resp.status !== 200) {
    let data = {};
    try { data = await resp.json(); } catch (e) { data = {}; }
    note.textContent = data.error || "The download failed.";
    return;
  }
  const blob = await resp.blob();
  const named = /filename="([^"]+)"/.exec(resp.headers.get("Content-Disposition") || "");
  const a = el("a", { href: URL.createObjectURL(blob), download: named ? named[1] : "awareprint.zip", hidden: "" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  showDownload();
}

async function save() {
  if (!state.form) return;
  clearTimeout(state.timer);
  state.form = read();
  $("save").disabled = true;
  $("save-state").className = "save-state";
  $("save-state").textContent = "Checking every material in every language…";
  const county = state.county;
  const { status, data } = await api("/api/save", { county, form: state.form, base: state.base });
  if (county !== state.county) return;
  if (status === 200) {
    state.base = data.base;
    state.form.upload = null;
    if (data.form) {
      state.loaded = data.form;
      state.form.listed = data.form.listed;
    }
    setDirty(false, []);
    $("save-state").textContent = `Saved ${data.saved}.`;
    $("save-state").className = "save-state good";
    check();
    return;
  }
  $("save").disabled = false;
  $("save-state").className = "save-state bad";
  $("save-state").textContent = data.error || "Not saved.";
  if (data.fields) showMessages(data);
  const first = document.querySelector("#general:not(:empty), .msg p.error");
  if (first) first.scrollIntoView({ block: "center" });
}

start();
