// Lays out and packs authgen's npm packages: the main package `authgen` (the
// launcher, with the platform packages as exact-version optionalDependencies)
// and one package per platform holding only its binary. The version comes
// from Cargo.toml.
//
// usage: node scripts/npm-package.mjs OUT_DIR (--host BINARY | --binaries DIR) [--stand-ins]
//   --host BINARY   package this machine's binary as its platform package
//   --binaries DIR  package DIR/<rust target>/authgen[.exe] for every platform (release)
//   --stand-ins     also write the other platforms' packages around a stand-in
//                   script into OUT_DIR/stand-ins (layout tests only; marked as
//                   such in their description, never published)
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const out = resolve(args[0] ?? "");
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
if (!args[0] || args[0].startsWith("--") || (!option("--host") && !option("--binaries"))) {
  console.error("usage: node scripts/npm-package.mjs OUT_DIR (--host BINARY | --binaries DIR) [--stand-ins]");
  process.exit(2);
}

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const field = (name) => cargo.match(new RegExp(`^${name} = "([^"]*)"`, "m"))?.[1];
const version = field("version");
const common = {
  version,
  license: field("license"),
  repository: { type: "git", url: `git+${field("repository")}.git` },
  homepage: field("homepage") ?? field("repository"),
};
const { PLATFORMS, current } = createRequire(import.meta.url)(join(root, "npm/authgen/lib/platform.js"));
const host = current();

const stage = join(out, ".stage");
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const write = (dir, file, text) => {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), text);
};
const pack = (dir, dest) => execFileSync("npm", ["pack", "--silent", "--pack-destination", dest], { cwd: dir, encoding: "utf8" }).trim();

// The main package.
const main = join(stage, "authgen");
mkdirSync(join(main, "bin"), { recursive: true });
copyFileSync(join(root, "npm/authgen/bin/authgen.js"), join(main, "bin/authgen.js"));
chmodSync(join(main, "bin/authgen.js"), 0o755);
mkdirSync(join(main, "lib"), { recursive: true });
copyFileSync(join(root, "npm/authgen/lib/platform.js"), join(main, "lib/platform.js"));
copyFileSync(join(root, "npm/authgen/platforms.json"), join(main, "platforms.json"));
copyFileSync(join(root, "npm/authgen/README.md"), join(main, "README.md"));
write(main, "package.json", JSON.stringify({
  name: "authgen",
  description: field("description"),
  ...common,
  keywords: ["better-auth", "auth", "nextjs", "jwt", "fastapi", "express", "nestjs", "cli"],
  bin: { authgen: "bin/authgen.js" },
  files: ["bin", "lib", "platforms.json"],
  engines: { node: ">=18" },
  optionalDependencies: Object.fromEntries(PLATFORMS.map((p) => [p.package, version])),
}, null, 2) + "\n");
const packed = [pack(main, out)];

// The platform packages.
for (const platform of PLATFORMS) {
  let binary = option("--binaries") ? join(resolve(option("--binaries")), platform.target, platform.binary) : undefined;
  if (!binary && platform === host) binary = resolve(option("--host"));
  const standIn = !binary && args.includes("--stand-ins");
  if (!binary && !standIn) continue;
  if (binary && !existsSync(binary)) {
    console.error(`no binary for ${platform.target} at ${binary}`);
    process.exit(1);
  }
  const dir = join(stage, platform.package.replace("/", "+"));
  mkdirSync(dir, { recursive: true });
  if (binary) copyFileSync(binary, join(dir, platform.binary));
  else write(dir, platform.binary, `#!/bin/sh\necho "stand-in for ${platform.target}: not a real authgen" >&2\nexit 1\n`);
  chmodSync(join(dir, platform.binary), 0o755);
  write(dir, "package.json", JSON.stringify({
    name: platform.package,
    description: standIn
      ? `STAND-IN for layout tests, not a real binary: authgen for ${platform.target}`
      : `The authgen binary for ${platform.target}; install \`authgen\` instead.`,
    ...common,
    os: [platform.os],
    cpu: [platform.cpu],
    ...(platform.libc ? { libc: [platform.libc] } : {}),
    files: [platform.binary],
    preferUnplugged: true,
  }, null, 2) + "\n");
  // Stand-ins go to a folder of their own, so nobody publishes them by mistake.
  const dest = standIn ? join(out, "stand-ins") : out;
  mkdirSync(dest, { recursive: true });
  packed.push(join(dest === out ? "" : "stand-ins", pack(dir, dest)));
}
rmSync(stage, { recursive: true, force: true });
for (const file of packed) console.log(join(out, file));
