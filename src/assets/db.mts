// Run by authgen with the project's own packages (through tsx): creates or
// checks Better Auth's tables with Better Auth's programmatic migration, which
// asks the database what exists. Prints one JSON line.
// `rotate-keys` deletes the jwt plugin's signing keys (the `jwks` rows) through
// the app's own adapter; the next token request creates a key with the
// configured algorithm.
// `create-admin <email>` sets that user's role to admin (the admin plugin's
// `role` column); `{ ok: false, code: "NO_USER" }` when nobody has the email.
// usage: tsx db.mts <path to lib/auth.ts> check|migrate|rotate-keys|create-admin [email]
import { pathToFileURL } from "node:url";

const [authFile, mode, email] = process.argv.slice(2);

function describe(error: unknown) {
  const e = (error ?? {}) as { code?: unknown; errno?: unknown; message?: unknown; cause?: unknown };
  const cause = (e.cause ?? {}) as { code?: unknown; message?: unknown };
  return {
    ok: false,
    code: String(e.code ?? cause.code ?? ""),
    message: String(e.message ?? error).split("\n")[0],
  };
}

try {
  const { getMigrations } = await import("better-auth/db/migration");
  const { auth } = await import(pathToFileURL(authFile).href);
  let deleted = 0;
  if (mode === "rotate-keys") {
    const context = await auth.$context;
    const keys = await context.adapter.findMany<{ id: string }>({ model: "jwks" });
    for (const key of keys) {
      await context.adapter.delete({ model: "jwks", where: [{ field: "id", value: key.id }] });
    }
    deleted = keys.length;
  }
  if (mode === "create-admin") {
    const context = await auth.$context;
    const found = await context.internalAdapter.findUserByEmail(String(email).toLowerCase());
    if (!found) {
      console.log(JSON.stringify({ ok: false, code: "NO_USER", message: "no such user" }));
      process.exit(1);
    }
    await context.internalAdapter.updateUser(found.user.id, { role: "admin" });
  }
  if (mode === "migrate") {
    const { runMigrations } = await getMigrations(auth.options);
    await runMigrations();
  }
  const { toBeCreated, toBeAdded } = await getMigrations(auth.options);
  console.log(
    JSON.stringify({
      ok: true,
      deleted,
      missingTables: toBeCreated.map((t: { table: string }) => t.table),
      missingColumns: toBeAdded.flatMap((t: { table: string; fields: Record<string, unknown> }) =>
        Object.keys(t.fields).map((field) => `${t.table}.${field}`),
      ),
    }),
  );
  process.exit(0);
} catch (error) {
  console.log(JSON.stringify(describe(error)));
  process.exit(1);
}
