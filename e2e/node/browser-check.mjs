// Opens the app's /e2e page in headless Chromium, clicks "run" and reports
// what the page showed and which requests the browser made.
// usage: node browser-check.mjs <app url> <api url>
import { chromium } from "playwright-core";

const [appUrl, apiUrl] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  const tokenRequests = [];
  const apiRequests = [];
  page.on("request", (request) => {
    if (request.url().startsWith(`${appUrl}/api/auth/token`)) tokenRequests.push(request.url());
    if (request.url().startsWith(apiUrl) && request.method() === "GET") {
      apiRequests.push({ url: request.url(), authorization: request.headers()["authorization"] ?? null });
    }
  });
  await page.goto(`${appUrl}/e2e`);
  await page.click("button");
  await page.waitForFunction(() => document.querySelector("#result")?.textContent !== "idle", null, { timeout: 30000 });
  const result = await page.textContent("#result");
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  console.log(JSON.stringify({ result, tokenRequests: tokenRequests.length, apiRequests, localStorage: stored }));
} finally {
  await browser.close();
}
