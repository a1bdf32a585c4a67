// The county editor in a real browser: Debian's chromium driven by playwright-core.
// Run by tests/serve_browser.rs.
// Run as: node county-editor.mjs URL ARTIFACTS_DIR LOGO.png
// It opens the page, picks Boulder, clears the county's Spanish name (and waits for the
// problem beside it), types a number with a wrong digit (and waits for
// the error beside the field), types a new number (and waits for the preview to
// change), saves, downloads the zip, uploads a logo and saves it, opens a county file
// that cannot be read, and prints what it saw as one JSON line; the Rust test then
// reads the county file and rebuilds the PDFs. Screenshots go to ARTIFACTS_DIR.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [url, artifacts, logoFile] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
const seen = { steps: [] };
const step = (s) => { seen.steps.push(s); process.stderr.write(`e2e: ${s}\n`); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-default-apps", "--disable-gpu", "--disable-quic"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => { seen.page_errors = (seen.page_errors || []).concat(String(e)); });
  page.on("console", (m) => { if (m.type() === "error") seen.console_errors = (seen.console_errors || []).concat(m.text()); });
  // Which answers were errors (a console message names no address), for a failure's report.
  page.on("response", (r) => { if (r.status() >= 400) seen.failed_responses = (seen.failed_responses || []).concat(`${r.status()} ${new URL(r.url()).pathname}`); });
  page.setDefaultTimeout(15000);

  // The printed address: its key is exchanged for the session cookie, and the page
  // goes on to the same address without it.
  await page.goto(url);
  await page.waitForURL((u) => !u.searchParams.has("key"));
  await page.locator("#county option").first().waitFor({ state: "attached" });
  seen.address_after_open = page.url();
  seen.cookies = (await context.cookies()).map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite, hasKey: c.value === new URL(url).searchParams.get("key") }));
  seen.script_sees_cookie = await page.evaluate(() => document.cookie);
  step("opened");
  await page.selectOption("#county", "boulder");
  const phone = page.locator('input[data-key="contacts.0.phone"]');
  await phone.waitFor();
  await page.locator("#pages img.page").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("#preview-state").textContent.startsWith("Updating"));
  seen.loaded_phone = await phone.inputValue();
  const firstPreview = await page.locator("#pages img.page").first().getAttribute("src");
  await page.screenshot({ path: join(artifacts, "01-boulder-opened.png"), fullPage: true });
  // The web page is checked and dated like a contact's number.
  seen.web_labels = [await page.locator('label[for="web-source"]').textContent(), await page.locator('label[for="web-verified"]').textContent()];
  seen.web_verified_type = await page.locator("#web-verified").getAttribute("type");
  step("boulder loaded");

  // The county's name in each language. With the Spanish cleared, the problem (the
  // Spanish materials have no name to print) is shown beside the Spanish field.
  const nameEs = page.locator("#name-es");
  seen.names = [await page.locator("#name-en").inputValue(), await nameEs.inputValue()];
  seen.name_labels = await page.locator("#names label").allTextContents();
  await nameEs.fill("");
  const esMsg = page.locator('.msg[data-for~="name.es"] p.error');
  await esMsg.waitFor();
  seen.no_spanish_error = await esMsg.textContent();
  seen.no_spanish_invalid = await nameEs.getAttribute("aria-invalid");
  seen.no_spanish_beside_field = await page.evaluate(() => {
    const input = document.querySelector("#name-es");
    const box = document.querySelector('.msg[data-for~="name.es"]');
    const a = input.getBoundingClientRect(), b = box.getBoundingClientRect();
    return input.closest(".field") === box.closest(".field") && b.top >= a.bottom && b.top - a.bottom < 20;
  });
  seen.english_field_clean = await page.locator('.msg[data-for~="name.en"] p').count();
  await nameEs.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, "01b-no-spanish-name.png") });
  await nameEs.fill("Condado de Boulder");
  await esMsg.waitFor({ state: "detached" });
  step("spanish name checked");

  // A number with a wrong digit: an exchange cannot start with 1.
  await phone.fill("303-141-3700");
  const msg = page.locator('.msg[data-for~="contacts.0.phone"] p.error');
  await msg.waitFor();
  seen.wrong_digit_error = await msg.textContent();
  seen.wrong_digit_invalid = await phone.getAttribute("aria-invalid");
  // The message is beside the field: in the same field box, right under the input.
  seen.error_beside_field = await page.evaluate(() => {
    const input = document.querySelector('input[data-key="contacts.0.phone"]');
    const box = document.querySelector('.msg[data-for~="contacts.0.phone"]');
    const a = input.getBoundingClientRect(), b = box.getBoundingClientRect();
    return input.closest(".field") === box.closest(".field") && b.top >= a.bottom && b.top - a.bottom < 20;
  });
  // The field and its message in view (the message is under the field).
  await msg.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, "02-wrong-digit.png") });
  step("wrong digit shown");

  // The new number: the error goes, the preview changes.
  await phone.fill("303-441-3701");
  await msg.waitFor({ state: "detached" });
  await page.waitForFunction((before) => {
    const img = document.querySelector("#pages img.page");
    return img && img.getAttribute("src") !== before && !document.querySelector("#pages").classList.contains("stale");
  }, firstPreview);
  seen.preview_changed = true;
  seen.changes = await page.locator("#changes li").allTextContents();
  await page.screenshot({ path: join(artifacts, "03-new-number.png"), fullPage: true });
  step("preview changed");

  await page.selectOption("#material", "wallet-card");
  await page.waitForFunction(() => document.querySelector("#preview-state").textContent.startsWith("Updated"));
  seen.wallet_card_pages = await page.locator("#pages img.page").count();
  await page.screenshot({ path: join(artifacts, "04-wallet-card.png") });

  await page.click("#save");
  await page.locator(".save-state.good").waitFor();
  seen.saved = await page.locator("#save-state").textContent();
  seen.changes_after_save = await page.locator("#changes li").count();
  await page.screenshot({ path: join(artifacts, "05-saved.png"), fullPage: true });
  step("saved");

  // The download: the saved edition's PDFs as a zip.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  seen.download_name = download.suggestedFilename();
  await download.saveAs(join(artifacts, "download.zip"));
  step("downloaded");

  // A logo: chosen in the file picker, its printed resolution shown, saved.
  await page.selectOption("#material", "poster");
  await page.setInputFiles("#logo-file", logoFile);
  await page.waitForFunction(() => document.querySelector("#logo-state").textContent.includes("pixels per inch"));
  seen.logo_state = await page.locator("#logo-state").textContent();
  await page.waitForFunction(() => document.querySelector("#preview-state").textContent.startsWith("Updated"));
  await page.screenshot({ path: join(artifacts, "06-logo.png") });
  const [saved] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/api/save")), page.click("#save")]);
  seen.logo_save_status = saved.status();
  await page.locator(".save-state.good").waitFor();
  step("logo saved");

  // A county file the form cannot read: nothing stays editable or savable. (The
  // browser logs the server's 422 answer to that request as a console error.)
  seen.console_errors_before_unreadable = (seen.console_errors || []).slice();
  await page.selectOption("#county", "zz-broken");
  await page.locator("#notice:not([hidden])").waitFor();
  seen.broken_notice = await page.locator("#notice").textContent();
  seen.broken_save_disabled = await page.locator("#save").isDisabled();
  await page.locator("#name-en").focus().catch(() => {});
  seen.broken_name_focusable = await page.evaluate(() => document.activeElement === document.querySelector("#name-en"));
  await page.screenshot({ path: join(artifacts, "07-unreadable-county.png") });
  step("unreadable county");

  // Another browser (another profile, or another account's) opening the printed
  // address, or the bare address: a sentence, and nothing of the editor.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  const late = await stranger.goto(url);
  seen.second_browser = { status: late.status(), text: await stranger.locator("body").innerText(), forms: await stranger.locator("form").count() };
  const bare = await stranger.goto(new URL("/?county=boulder", url).href);
  seen.bare_address = { status: bare.status(), text: await stranger.locator("body").innerText() };
  seen.stranger_api = await stranger.evaluate(async () => {
    const r = await fetch("/api/project", { method: "POST" });
    return { status: r.status, body: await r.text() };
  });
  await other.close();
  step("other browser refused");

  // Every request went to this server: nothing from a CDN or elsewhere.
  const origin = new URL(url).origin;
  seen.foreign_requests = requests.filter((r) => !r.startsWith(origin) && !r.startsWith("data:"));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(seen) + "\n");
