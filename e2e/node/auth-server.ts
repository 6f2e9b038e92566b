// Serves a generated lib/auth.ts, unchanged, the way Next.js would: Better
// Auth's handler on /api/auth/*. Creates the tables first with Better Auth's
// programmatic migration (the `auth` CLI needs Node >= 22.12).
// Test-only route: POST /test/sign {payload} signs a JWT with the app's real
// key (auth.api.signJWT), to mint expired or foreign-audience tokens.
//
// usage: tsx auth-server.ts <path to lib/auth.ts> <port | "migrate">
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";

const [authFile, port] = process.argv.slice(2);
const { auth } = await import(pathToFileURL(authFile).href);

const { toBeCreated, toBeAdded, runMigrations } = await getMigrations(auth.options);
await runMigrations();
console.log(`migrated: ${toBeCreated.map((t: { table: string }) => t.table).join(",")} (+${toBeAdded.length} altered)`);
if (port === "migrate") process.exit(0);

const handler = toNodeHandler(auth);
createServer((req, res) => {
  if (req.method === "POST" && req.url === "/test/sign") {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", async () => {
      try {
        const { payload } = JSON.parse(body);
        const result = await auth.api.signJWT({ body: { payload } });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
    return;
  }
  handler(req, res);
}).listen(Number(port), "127.0.0.1", () => console.log(`ready on ${port}`));
