// Walks the generated pages in headless Chromium as a person would and
// prints one JSON report: what each step showed, plus screenshots.
// usage: node pages-flow.mjs <app url> <screenshot folder> <variant>
import { launch, shooter, sleep } from "./browser.mjs";

const [appUrl, shots, variant] = process.argv.slice(2);
const browser = await launch();
const report = {};
const takeShot = shooter(shots, variant, report);
// Better Auth allows 3 sign-in/sign-up requests per 10 s per IP in production:
// its window restarts with every request, so these steps wait 10.5 s apart:
// the limit is respected, not switched off.
const spaced = async (step) => {
  await sleep(10500);
  return step();
};
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 720 } });
  const shot = (name) => takeShot(page, name);

  await page.goto(`${appUrl}/dashboard`);
  await page.waitForURL(/\/sign-in/);
  report.signedOutDashboard = new URL(page.url()).pathname + new URL(page.url()).search;
  await page.waitForSelector("input[name=password]", { state: "visible" });
  await shot("sign-in");

  await page.click("text=Create one");
  await page.waitForURL(/\/sign-up/);
  await page.waitForSelector("input[name=name]", { state: "visible" });
  await shot("sign-up");
  const email = `ada-${Date.now()}@example.com`;
  await page.fill("input[name=name]", "Ada Lovelace");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", "correct-horse-battery");
  await spaced(() => page.click("button[type=submit]"));
  await page.waitForURL(/\/dashboard/, { timeout: 20000 });
  await page.waitForSelector("[data-testid=user-email]");
  report.afterSignUp = {
    path: new URL(page.url()).pathname,
    name: await page.textContent("[data-testid=user-name]"),
    email: await page.textContent("[data-testid=user-email]"),
    expected: email,
  };
  const answer = await page.$("[data-testid=backend-answer]");
  if (answer) {
    await page.waitForFunction(() => !document.querySelector("[data-testid=backend-answer]").textContent.includes("Asking"), null, { timeout: 20000 });
    report.backendAnswer = await answer.textContent();
  }
  await shot("dashboard");

  await page.click("text=Sign out");
  await page.waitForURL(/\/sign-in/);
  report.afterSignOut = new URL(page.url()).pathname;
  await page.goBack();
  await sleep(1500);
  report.backShowsEmail = (await page.content()).includes(email);
  report.backPath = new URL(page.url()).pathname;

  await page.goto(`${appUrl}/sign-in`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", "wrong-password-123");
  await spaced(() => page.click("button[type=submit]"));
  await page.waitForSelector("form [role=alert]");
  report.wrongPassword = { message: await page.textContent("form [role=alert]"), path: new URL(page.url()).pathname };
  await shot("sign-in-error");

  for (const [name, returnTo] of [["same", "/dashboard?tab=1"], ["evil", "https://evil.example"], ["protocol-relative", "//evil.example"]]) {
    await page.goto(`${appUrl}/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", "correct-horse-battery");
    await spaced(() => page.click("button[type=submit]"));
    try {
      await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 20000 });
    } catch (error) {
      const alert = await page.$("form [role=alert]");
      throw new Error(`still on ${page.url()} (${alert ? await alert.textContent() : "no alert"}): ${error.message}`);
    }
    report[`returnTo-${name}`] = page.url();
    await page.click("text=Sign out");
    await page.waitForURL(/\/sign-in/);
  }
  report.localStorage = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  report.keyboard = await page.evaluate(() => {
    const labelled = [...document.querySelectorAll("input")].every((input) => input.labels && input.labels.length > 0);
    return { labelled };
  });
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}
