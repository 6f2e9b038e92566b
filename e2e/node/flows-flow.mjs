// Walks the account flows in headless Chromium as people would: sign-up with
// email verification, password reset, GitHub and Google sign-in, and the
// errors each can show. Emails are read from the local SMTP capture; the
// browser's trip to GitHub or Google is intercepted here and sent back to the
// app's callback with a code naming the test user (oauth-fake.cjs answers
// the server's calls). Prints one JSON report.
// usage: node flows-flow.mjs <app url> <mail url> <screenshot folder> <variant>
import { launch, shooter, sleep } from "./browser.mjs";

const [appUrl, mailUrl, shots, variant] = process.argv.slice(2);
const browser = await launch();
const report = {};
const takeShot = shooter(shots, variant, report);
const path = (page) => new URL(page.url()).pathname + new URL(page.url()).search;

// Better Auth allows 3 sign-in/sign-up requests per 10 s per IP in
// production. Each such step waits until 10.5 s after the previous one: the
// limit stays on.
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

async function fill(page, fields) {
  for (const [name, value] of Object.entries(fields)) await page.fill(`input[name=${name}]`, value);
}
async function session(context) {
  const answer = await context.request.get(`${appUrl}/api/auth/get-session`);
  return answer.json();
}
async function signOut(page) {
  await page.click("text=Sign out");
  await page.waitForURL(/\/sign-in/);
}

// The provider's authorize page, answered with a redirect to the app's
// callback carrying the state and a code that names the user.
let providerUser = "octocat";
async function interceptProviders(context) {
  for (const authorize of [/^https:\/\/github\.com\/login\/oauth\/authorize/, /^https:\/\/accounts\.google\.com\/o\/oauth2\/v2\/auth/]) {
    await context.route(authorize, (route) => {
      const asked = new URL(route.request().url());
      const back = new URL(asked.searchParams.get("redirect_uri"));
      back.searchParams.set("code", providerUser);
      back.searchParams.set("state", asked.searchParams.get("state"));
      return route.fulfill({ status: 302, headers: { location: back.href } });
    });
  }
}

const password = "correct-horse-battery";
const newPassword = "a-brand-new-passphrase";
try {
  const context = await browser.newContext({ viewport: { width: 1024, height: 720 } });
  const page = await context.newPage();
  const shot = (name) => takeShot(page, name);

  // 1. Sign-up with verification: no session until the link is opened.
  await page.goto(`${appUrl}/sign-up`);
  await fill(page, { name: "Ada Lovelace", email: "ada@example.com", password });
  await limited(() => page.click("button[type=submit]"));
  await page.waitForSelector("[role=status]");
  report.signUp = { heading: await page.textContent("h1"), status: await page.textContent("[role=status]"), session: await session(context) };
  await shot("check-inbox");

  // 2. Sign-in before confirming: refused, with a button that sends the link again.
  await page.goto(`${appUrl}/sign-in`);
  await fill(page, { email: "ada@example.com", password });
  await limited(() => page.click("button[type=submit]"));
  await page.waitForSelector("form [role=alert]");
  report.unverified = await page.textContent("form [role=alert]");
  await shot("not-verified");
  await page.click("text=Send the confirmation link again");
  await page.waitForSelector("form [role=status]");
  report.resent = await page.textContent("form [role=status]");

  // 3. The email's link signs in and lands on the dashboard.
  const confirmations = await mail("ada@example.com", "Confirm your email address", 2);
  report.confirmations = confirmations.length;
  const confirmLink = linkIn(confirmations.at(-1));
  await page.goto(confirmLink);
  await page.waitForSelector("[data-testid=user-email]");
  report.verified = { path: new URL(page.url()).pathname, email: await page.textContent("[data-testid=user-email]") };
  await signOut(page);

  // 4. A bad confirmation link shows a message.
  const bad = new URL(confirmLink);
  bad.searchParams.set("token", "not-a-real-token");
  await page.goto(bad.href);
  await page.waitForSelector("form [role=alert]");
  report.badConfirmation = { path: new URL(page.url()).pathname, alert: await page.textContent("form [role=alert]") };

  // 5. Forgot password: the same neutral answer for a stranger and for Ada.
  await page.goto(`${appUrl}/sign-in`);
  await page.click("text=Forgot password?");
  await page.waitForURL(/\/forgot-password/);
  await fill(page, { email: "nobody@example.com" });
  await page.click("button[type=submit]");
  await page.waitForSelector("[role=status]");
  report.forgotUnknown = await page.textContent("[role=status]");
  await page.goto(`${appUrl}/forgot-password`);
  await shot("forgot-password");
  await fill(page, { email: "ada@example.com" });
  await page.click("button[type=submit]");
  await page.waitForSelector("[role=status]");
  report.forgotKnown = await page.textContent("[role=status]");

  // Ada is also signed in on another device, which the reset must sign out.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(`${appUrl}/sign-in`);
  await fill(otherPage, { email: "ada@example.com", password });
  await limited(() => otherPage.click("button[type=submit]"));
  await otherPage.waitForURL(/\/dashboard/);
  report.otherDeviceBefore = Boolean((await session(other))?.user);

  const resets = await mail("ada@example.com", "Reset your password");
  const all = await (await fetch(mailUrl)).json();
  report.resetEmails = all.filter((m) => m.subject === "Reset your password").map((m) => m.to);
  const resetLink = linkIn(resets[0]);
  await page.goto(resetLink);
  await page.waitForURL(/\/reset-password\?token=/);
  await page.waitForSelector("input[name=confirm]");
  await shot("reset-password");
  await fill(page, { password: newPassword, confirm: newPassword });
  await page.click("button[type=submit]");
  await page.waitForURL(/\/sign-in\?reset=done/);
  report.afterReset = { path: path(page), status: await page.textContent("form [role=status]") };
  report.otherDeviceAfter = Boolean((await session(other))?.user);
  await other.close();

  await fill(page, { email: "ada@example.com", password });
  await limited(() => page.click("button[type=submit]"));
  await page.waitForSelector("form [role=alert]");
  report.oldPassword = await page.textContent("form [role=alert]");
  await fill(page, { email: "ada@example.com", password: newPassword });
  await limited(() => page.click("button[type=submit]"));
  await page.waitForURL(/\/dashboard/);
  report.newPassword = new URL(page.url()).pathname;
  await signOut(page);

  // 6. The used link again: an error with a way to ask for a new one.
  await page.goto(resetLink);
  await page.waitForSelector("form [role=alert]");
  report.usedLink = { path: path(page), alert: await page.textContent("form [role=alert]"), newLink: await page.isVisible("text=Send me a new link") };
  await shot("reset-link-used");

  // 7. GitHub and Google, through Better Auth's real providers.
  const social = await browser.newContext({ viewport: { width: 1024, height: 720 } });
  await interceptProviders(social);
  const socialPage = await social.newPage();
  for (const [provider, user] of [["GitHub", "octocat"], ["Google", "grace"]]) {
    providerUser = user;
    await socialPage.goto(`${appUrl}/sign-in`);
    if (provider === "GitHub") await takeShot(socialPage, "sign-in-social");
    await limited(() => socialPage.click(`text=Continue with ${provider}`));
    await socialPage.waitForURL(/\/dashboard/, { timeout: 20000 });
    await socialPage.waitForSelector("[data-testid=user-email]");
    report[provider] = {
      path: new URL(socialPage.url()).pathname,
      name: await socialPage.textContent("[data-testid=user-name]"),
      email: await socialPage.textContent("[data-testid=user-email]"),
    };
    await signOut(socialPage);
  }

  // 8. A provider error comes back to /sign-in?error=... as a message:
  // GitHub's address belongs to an account made with a password and never confirmed.
  await socialPage.goto(`${appUrl}/sign-up`);
  await fill(socialPage, { name: "Mallory", email: "mallory@example.com", password });
  await limited(() => socialPage.click("button[type=submit]"));
  await socialPage.waitForSelector("[role=status]");
  providerUser = "mallory";
  await socialPage.goto(`${appUrl}/sign-in`);
  await limited(() => socialPage.click("text=Continue with GitHub"));
  await socialPage.waitForURL(/\/sign-in\?error=/, { timeout: 20000 });
  await socialPage.waitForSelector("form [role=alert]");
  report.notLinked = { path: path(socialPage), alert: await socialPage.textContent("form [role=alert]") };
  await takeShot(socialPage, "oauth-error");
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}
