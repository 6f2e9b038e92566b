// Walks the pages of one Better Auth plugin in headless Chromium, as people
// would. magic-link: an account made with a password asks for a sign-in link
// on /sign-in, the emailed link signs it in, the same link is refused the
// second time, and a link sent to an address without an account says so.
// two-factor: turned on from the dashboard (the code computed here from the
// secret shown for manual entry), then sign-in asks for a code: a wrong one
// is refused, a backup code and a code from the "app" let the user in; turned
// off, sign-in needs the password only. admin: `authgen create-admin` (the
// AUTHGEN binary, run in APP_ROOT) promotes a user, who then sees the users
// page, finds another by email, bans them (their session ends, their sign-in
// is refused), unbans and signs them out everywhere; a non-admin gets a 404
// at /admin. Emails are read from the local SMTP
// capture; messages inside <main> (Next.js adds a role="alert" route
// announcer of its own). Prints one JSON report.
// usage: node plugins-flow.mjs <app url> <mail url> <screenshot folder> <variant> <plugin>
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";

import { launch, shooter, sleep } from "./browser.mjs";

const [appUrl, mailUrl, shots, variant, plugin] = process.argv.slice(2);
const browser = await launch();
const report = {};
const takeShot = shooter(shots, `plugins-${variant}`, report);
const at = (pathname) => (url) => url.pathname === pathname;
const path = (page) => new URL(page.url()).pathname + new URL(page.url()).search;

// Sign-in, sign-up and magic-link requests are rate-limited in production:
// each waits until 10.5 s after the previous one.
let lastLimited = 0;
async function limited(step) {
  await sleep(Math.max(0, lastLimited + 10500 - Date.now()));
  lastLimited = Date.now();
  return step();
}

/** The messages to `to` with `subject`, once there are at least `count`. */
async function mail(to, subject, count = 1) {
  for (let tries = 0; tries < 100; tries++) {
    const all = await (await fetch(mailUrl)).json();
    const found = all.filter((m) => m.to.includes(to) && m.subject === subject);
    if (found.length >= count) return found;
    await sleep(200);
  }
  throw new Error(`no "${subject}" email to ${to}`);
}
const linkIn = (message) => message.text.match(/https?:\/\/\S+/)[0];
const alertOf = (page) => page.textContent("main [role=alert]");

async function session(context) {
  const answer = await context.request.get(`${appUrl}/api/auth/get-session`);
  return answer.json();
}

/** Asks for a sign-in link for `email` on /sign-in; returns the status shown. */
async function askForLink(page, email) {
  await page.goto(`${appUrl}/dashboard`);
  await page.waitForURL(/\/sign-in/);
  await page.fill("input[name=email]", email);
  await limited(() => page.click("text=Email me a sign-in link"));
  return (await page.waitForSelector("[role=status]")).textContent();
}

/** A new browser signed up as `email` with `password`, on the dashboard. */
async function signedUp(name, email, password) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${appUrl}/sign-up`);
  await page.fill("input[name=name]", name);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await limited(() => page.click("button[type=submit]"));
  await page.waitForURL(at("/dashboard"));
  return { context, page };
}

async function magicLink() {
  const ada = "ada@example.com";
  await (await signedUp("Ada Lovelace", ada, "correct horse battery")).context.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  // The button checks the address field before sending anything.
  await page.goto(`${appUrl}/sign-in`);
  await page.click("text=Email me a sign-in link");
  report.emptyField = await page.evaluate(() => document.querySelector("input[name=email]").validationMessage !== "");
  report.sent = await askForLink(page, ada);
  await takeShot(page, "magic-link-sent");
  const [message] = await mail(ada, "Your sign-in link");
  const link = linkIn(message);
  report.before = await session(context);
  await page.goto(link);
  await page.waitForURL(at("/dashboard"));
  report.signedIn = { path: path(page), email: (await session(context))?.user?.email };

  // The same link again, in another browser.
  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto(link);
  await second.waitForURL(/\/sign-in/);
  await second.waitForSelector("main [role=alert]");
  report.reused = { path: path(second), alert: await alertOf(second), session: await session(other) };
  await takeShot(second, "magic-link-used");

  // An address without an account gets a link that says so.
  const stranger = "nobody@example.com";
  report.strangerSent = await askForLink(second, stranger);
  const [strangerMessage] = await mail(stranger, "Your sign-in link");
  await second.goto(linkIn(strangerMessage));
  await second.waitForURL(/error=/);
  await second.waitForSelector("main [role=alert]");
  report.stranger = { path: path(second), alert: await alertOf(second), session: await session(other) };
}

/** RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret. */
function totp(secret, at = Date.now()) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bits = [...secret.replace(/=+$/, "").toUpperCase()].map((c) => alphabet.indexOf(c).toString(2).padStart(5, "0")).join("");
  const key = Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1e6).padStart(6, "0");
}

async function signIn(page, email, password) {
  await page.goto(`${appUrl}/sign-in?returnTo=/dashboard`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await limited(() => page.click("button[type=submit]"));
}

/** Submits the code on /two-factor; returns "dashboard" once there, else the message shown. */
async function secondStep(page, code) {
  await page.fill("input[name=code]", code);
  const answered = page.waitForResponse((r) => r.url().includes("/api/auth/two-factor/verify-"));
  await limited(() => page.click("button[type=submit]"));
  if ((await answered).ok()) {
    await page.waitForURL(at("/dashboard"));
    return "dashboard";
  }
  return (await page.waitForSelector("main [role=alert]")).textContent();
}

async function twoFactor() {
  const grace = "grace@example.com";
  const password = "correct horse battery";
  const { context, page } = await signedUp("Grace Hopper", grace, password);
  report.offHeading = await page.textContent("h2");
  await page.fill("#two-factor-password", password);
  await limited(() => page.click("text=Set up two-factor authentication"));
  const secret = (await (await page.waitForSelector("[data-testid=totp-secret]")).textContent()).trim();
  report.secretLength = secret.length;
  // The QR code: an SVG titled for screen readers, drawn at 128 px.
  report.qrCode = ((await page.locator("svg:has(title)").boundingBox())?.width ?? 0) >= 128;
  await takeShot(page, "two-factor-setup");
  const wrong = totp(secret, Date.now() - 10 * 60 * 1000);
  await page.fill("#two-factor-code", wrong === totp(secret) ? "000000" : wrong);
  await limited(() => page.click("button[type=submit]"));
  report.wrongOnEnable = await (await page.waitForSelector("main [role=alert]")).textContent();
  await page.fill("#two-factor-code", totp(secret));
  await limited(() => page.click("button[type=submit]"));
  const codes = (await (await page.waitForSelector("[data-testid=backup-codes]")).textContent()).trim().split(/\s+/);
  report.backupCodes = { count: codes.length, shape: codes.every((c) => /^[A-Za-z0-9]{5}-[A-Za-z0-9]{5}$/.test(c)) };
  await takeShot(page, "two-factor-backup-codes");
  await page.click("text=I have saved them");
  report.onHeading = await page.textContent("h2");
  await page.click("text=Sign out");
  await page.waitForURL(/\/sign-in/);

  // Password right: the code comes next, and no session before it.
  await signIn(page, grace, password);
  await page.waitForURL(/\/two-factor/);
  report.secondStep = { path: new URL(page.url()).pathname, session: await session(context) };
  await takeShot(page, "two-factor-step");
  report.wrongCode = await secondStep(page, "000000" === totp(secret) ? "111111" : "000000");
  await page.click("text=Use a backup code instead");
  report.backupCode = await secondStep(page, codes[0]);
  report.afterBackup = (await session(context))?.user?.email;
  await page.click("text=Sign out");
  await page.waitForURL(/\/sign-in/);

  // A used backup code is refused; the app's current code lets the user in.
  await signIn(page, grace, password);
  await page.waitForURL(/\/two-factor/);
  await page.click("text=Use a backup code instead");
  report.usedBackupCode = await secondStep(page, codes[0]);
  await page.click("text=Use a code from the app");
  report.appCode = await secondStep(page, totp(secret));

  // Turned off with the password: sign-in needs the password only.
  await page.fill("#two-factor-password", password);
  await limited(() => page.click("text=Turn off two-factor authentication"));
  await page.waitForSelector("text=Two-factor authentication is off");
  await page.click("text=Sign out");
  await page.waitForURL(/\/sign-in/);
  await signIn(page, grace, password);
  await page.waitForURL(at("/dashboard"));
  report.afterDisable = (await session(context))?.user?.email;
}

/** `authgen create-admin --email <email>` in the test's repository: exit code and last line. */
function createAdmin(email) {
  const run = spawnSync(process.env.AUTHGEN, ["create-admin", "--email", email], { cwd: process.env.APP_ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: run.status, line: run.stderr.trim().split("\n").pop() };
}

/** What a signed-in user gets at /admin: the status, Next's 404 page or the users list. */
async function adminPage(page) {
  const status = (await page.goto(`${appUrl}/admin`)).status();
  return { status, notFound: await page.isVisible("text=This page could not be found"), list: await page.isVisible("text=Email contains") };
}

async function admin() {
  const password = "correct horse battery";
  const alan = await signedUp("Alan Turing", "alan@example.com", password);
  const barbara = await signedUp("Barbara Liskov", "barbara@example.com", password);
  report.linkBefore = await alan.page.isVisible("text=Manage users");
  report.pageBefore = await adminPage(alan.page);
  report.unknown = createAdmin("nobody@example.com");
  report.made = createAdmin("alan@example.com");

  await alan.page.goto(`${appUrl}/dashboard`);
  await alan.page.click("text=Manage users");
  await alan.page.waitForURL(at("/admin"));
  const emails = () => alan.page.$$eval("li[data-email]", (items) => items.map((i) => i.dataset.email).sort());
  await alan.page.waitForSelector("li[data-email]");
  report.listed = await emails();
  await takeShot(alan.page, "admin-users");
  await alan.page.fill("#user-search", "barb");
  await alan.page.press("#user-search", "Enter");
  await alan.page.waitForFunction(() => document.querySelectorAll("li[data-email]").length === 1);
  report.searched = await emails();

  // Banned with a reason: the session ends and sign-in is refused.
  const row = alan.page.locator('li[data-email="barbara@example.com"]');
  await row.locator("input[name=reason]").fill("Spam");
  await row.locator("button[type=submit]").click();
  await alan.page.waitForSelector("main [role=status]");
  report.banned = { status: await alan.page.textContent("main [role=status]"), row: await row.locator("p").textContent() };
  report.sessionAfterBan = await session(barbara.context);
  await signIn(barbara.page, "barbara@example.com", password);
  report.bannedSignIn = await (await barbara.page.waitForSelector("main [role=alert]")).textContent();
  await takeShot(barbara.page, "admin-banned-sign-in");

  // Unbanned: sign-in works again, and /admin is still a 404 for a non-admin.
  await row.locator("text=Unban").click();
  await alan.page.waitForSelector("text=barbara@example.com can sign in again.");
  await signIn(barbara.page, "barbara@example.com", password);
  await barbara.page.waitForURL(at("/dashboard"));
  report.afterUnban = (await session(barbara.context))?.user?.email;
  report.pageForOther = await adminPage(barbara.page);
  await row.locator("text=Sign out everywhere").click();
  await alan.page.waitForSelector("text=barbara@example.com is signed out everywhere.");
  report.sessionAfterRevoke = await session(barbara.context);
}

try {
  await { "magic-link": magicLink, "two-factor": twoFactor, admin }[plugin]();
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
