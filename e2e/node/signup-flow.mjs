// Signs up through the generated form in headless Chromium and prints one
// JSON report: where the dashboard landed, what the backend answered, and
// every request the page sent to the app's auth routes.
// usage: node signup-flow.mjs <app url>
import { launch } from "./browser.mjs";

const [appUrl] = process.argv.slice(2);
const browser = await launch();
const report = { authRequests: [] };
try {
  const page = await browser.newPage();
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin === appUrl && !url.pathname.startsWith("/_next")) report.authRequests.push(`${request.method()} ${url.pathname}`);
  });
  await page.goto(`${appUrl}/sign-up`);
  await page.waitForSelector("input[name=name]", { state: "visible" });
  const email = `grace-${Date.now()}@example.com`;
  await page.fill("input[name=name]", "Grace Hopper");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", "correct-horse-battery");
  await page.click("button[type=submit]");
  await page.waitForURL(/\/dashboard/, { timeout: 20000 });
  await page.waitForSelector("[data-testid=user-email]");
  report.email = email;
  report.shownEmail = await page.textContent("[data-testid=user-email]");
  await page.waitForFunction(() => !document.querySelector("[data-testid=backend-answer]").textContent.includes("Asking"), null, { timeout: 20000 });
  report.backendAnswer = await page.textContent("[data-testid=backend-answer]");
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
