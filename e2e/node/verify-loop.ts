// Keeps one instance of a generated Node verifier (verify-token.ts) alive
// and verifies each token read from stdin, one a line; prints one JSON line
// per token: {"ok": true, "sub": ...} or {"ok": false, "status": ..., "error": ...}.
// usage: tsx verify-loop.ts <path to verify-token.ts>
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const { verifyAuthorization } = await import(pathToFileURL(process.argv[2]).href);
for await (const token of createInterface({ input: process.stdin })) {
  try {
    const user = await verifyAuthorization(`Bearer ${token}`);
    console.log(JSON.stringify({ ok: true, sub: user.id }));
  } catch (error) {
    console.log(JSON.stringify({ ok: false, status: (error as { status?: number }).status, error: String(error) }));
  }
}
