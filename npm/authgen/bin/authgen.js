#!/usr/bin/env node
// Runs the authgen binary of this platform, installed by npm as one of the
// optional dependencies @authgen/cli-<os>-<cpu>[-libc]. No install script,
// no download: the package manager picks the package by os, cpu and libc.
"use strict";

const { spawn } = require("node:child_process");
const path = require("node:path");

const { current } = require("../lib/platform.js");

function binaryPath() {
  if (process.env.AUTHGEN_BINARY) return process.env.AUTHGEN_BINARY;
  const platform = current();
  if (!platform) {
    fail(`authgen has no build for ${process.platform} ${process.arch}; install it with \`cargo install authgen\`, or set AUTHGEN_BINARY to a binary you built`);
  }
  try {
    const manifest = require.resolve(`${platform.package}/package.json`);
    return path.join(path.dirname(manifest), platform.binary);
  } catch {
    fail(
      `authgen: the package ${platform.package} (its binary for this platform) is not installed. ` +
        "Reinstall without --omit=optional (or --no-optional), and with node_modules made on this platform; " +
        "or install authgen with `cargo install authgen`; or set AUTHGEN_BINARY to an authgen binary.",
    );
  }
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const child = spawn(binaryPath(), process.argv.slice(2), { stdio: "inherit", windowsHide: false });

// Ctrl-C reaches the binary too (same process group): wait for it, so its own
// cancel handling runs. Other signals sent to this launcher are passed on.
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("error", (error) => fail(`authgen: could not start ${error.path ?? "the binary"}: ${error.message}`));
child.on("exit", (code, signal) => {
  if (signal) {
    const number = require("node:os").constants.signals[signal] ?? 1;
    process.exit(128 + number);
  }
  process.exit(code ?? 1);
});
