// Shared by the browser drivers: headless Chromium, and screenshots with an
// axe-core pass that records serious and critical violations.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";

import { chromium } from "playwright-core";

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** shot(page, name): a full-page screenshot `<folder>/<variant>-<name>.png`, and axe's findings in report.accessibility[name]. */
export function shooter(folder, variant, report) {
  mkdirSync(folder, { recursive: true });
  report.accessibility ??= {};
  return async (page, name) => {
    await page.screenshot({ path: `${folder}/${variant}-${name}.png`, fullPage: true });
    await page.addScriptTag({ path: axePath });
    const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    report.accessibility[name] = violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
