// Walks the pages of the Better Auth plugins in headless Chromium: for the
// magic link, an account made with a password asks for a sign-in link on
// /sign-in, the emailed link signs it in, the same link is refused the
// second time, and a link sent to an address without an account says so.
// Emails are read from the local SMTP capture. Prints one JSON report.
// usage: node plugins-flow.mjs <app url> <mail url> <screenshot folder> <variant>
import { launch, shooter, sleep } from "./browser.mjs";

const [appUrl, mailUrl, shots, variant] = process.argv.slice(2);
const browser = await launch();
const report = {};
const takeShot = shooter(shots, `plugins-${variant}`, report);
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
const alertOf = (page) => page.textContent("[role=alert]");

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

async function magicLink() {
  const ada = "ada@example.com";
  const owner = await browser.newContext();
  const signUp = await owner.newPage();
  await signUp.goto(`${appUrl}/sign-up`);
  await signUp.fill("input[name=name]", "Ada Lovelace");
  await signUp.fill("input[name=email]", ada);
  await signUp.fill("input[name=password]", "correct horse battery");
  await limited(() => signUp.click("button[type=submit]"));
  await signUp.waitForURL(/\/dashboard/);
  await owner.close();

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
  await page.waitForURL(/\/dashboard/);
  report.signedIn = { path: path(page), email: (await session(context))?.user?.email };

  // The same link again, in another browser.
  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto(link);
  await second.waitForURL(/\/sign-in/);
  await second.waitForSelector("[role=alert]");
  report.reused = { path: path(second), alert: await alertOf(second), session: await session(other) };
  await takeShot(second, "magic-link-used");

  // An address without an account gets a link that says so.
  const stranger = "nobody@example.com";
  report.strangerSent = await askForLink(second, stranger);
  const [strangerMessage] = await mail(stranger, "Your sign-in link");
  await second.goto(linkIn(strangerMessage));
  await second.waitForURL(/error=/);
  await second.waitForSelector("[role=alert]");
  report.stranger = { path: path(second), alert: await alertOf(second), session: await session(other) };
}

try {
  await magicLink();
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
