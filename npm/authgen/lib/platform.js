// Which of the platform packages (platforms.json) fits this machine: by
// process.platform, process.arch and, on Linux, the C library.
"use strict";

const fs = require("node:fs");

const PLATFORMS = require("../platforms.json").platforms;

/** True on a musl Linux (Alpine), false on glibc and elsewhere. */
function isMusl() {
  if (process.platform !== "linux") return false;
  const report = typeof process.report?.getReport === "function" ? process.report.getReport() : null;
  if (report?.header?.glibcVersionRuntime) return false;
  try {
    return fs.readFileSync("/usr/bin/ldd", "utf8").includes("musl");
  } catch {
    return report !== null;
  }
}

/** The entry of platforms.json for this machine, or undefined. */
function current() {
  const libc = process.platform === "linux" ? (isMusl() ? "musl" : "glibc") : undefined;
  return PLATFORMS.find((p) => p.os === process.platform && p.cpu === process.arch && p.libc === libc);
}

module.exports = { PLATFORMS, current };
