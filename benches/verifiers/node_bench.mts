// Cost per request of a generated Node verifier against a bare check.
// usage: tsx node_bench.mts express|nestjs AUTH_DIR   (run by benches/verifiers/run.sh)
// Both sides are awaited one request after another, with the key set already fetched:
// - bare: split the token, Ed25519 verify with node:crypto, base64url + JSON decode of the payload;
// - verifier: the generated verifyAuthorization (Express's requireAuth calls it) or, for NestJS,
//   JwtAuthGuard.canActivate (issuer, audience, algorithm and expiry checks, the user object).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { KeyObject, verify } from "node:crypto";
import { pathToFileURL } from "node:url";

import { exportJWK, generateKeyPair, SignJWT } from "jose";

const ROUNDS = 9;
const N = 5_000;
const ORIGIN = "http://app.test";
const [backend, authDir] = process.argv.slice(2);

const pair = await generateKeyPair("EdDSA", { extractable: true });
const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k", alg: "EdDSA" };
const server = createServer((_req, res) =>
  res.end(JSON.stringify({ keys: [jwk] })),
);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
process.env.BETTER_AUTH_URL = ORIGIN;
process.env.AUTH_JWKS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
process.env.AUTH_JWT_ALGORITHMS = "EdDSA";

const token = await new SignJWT({
  id: "u1",
  email: "u1@example.com",
  name: "U",
  emailVerified: false,
})
  .setProtectedHeader({ alg: "EdDSA", kid: "k" })
  .setSubject("u1")
  .setIssuedAt()
  .setIssuer(ORIGIN)
  .setAudience(ORIGIN)
  .setExpirationTime("1h")
  .sign(pair.privateKey);
const publicKey = KeyObject.from(pair.publicKey);

async function bare() {
  const [header, payload, signature] = token.split(".");
  if (
    !verify(
      null,
      Buffer.from(`${header}.${payload}`),
      publicKey,
      Buffer.from(signature, "base64url"),
    )
  ) {
    throw new Error("bad signature");
  }
  return JSON.parse(Buffer.from(payload, "base64url").toString());
}

let run: () => Promise<unknown>;
if (backend === "nestjs") {
  const { JwtAuthGuard } = await import(
    pathToFileURL(`${authDir}/jwt-auth.guard.ts`).href
  );
  const guard = new JwtAuthGuard();
  const request = { headers: { authorization: `Bearer ${token}` } };
  const context = {
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => ({ header() {} }),
    }),
  };
  run = () => guard.canActivate(context);
} else {
  const { verifyAuthorization } = await import(
    pathToFileURL(`${authDir}/verify-token.ts`).href
  );
  run = () => verifyAuthorization(`Bearer ${token}`);
}

async function roundUs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < N; i++) await fn();
  return ((performance.now() - start) / N) * 1000;
}
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await run(); // fetches the key set once
await bare();
// Rounds alternate, so a busy machine slows both sides alike; medians are reported.
const bareRounds: number[] = [];
const verifierRounds: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  bareRounds.push(await roundUs(bare));
  verifierRounds.push(await roundUs(run));
}
const ratio = median(verifierRounds.map((v, i) => v / bareRounds[i]));
const round = (x: number, places = 1) =>
  Math.round(x * 10 ** places) / 10 ** places;
console.log(
  JSON.stringify({
    backend,
    bare_us: round(median(bareRounds)),
    verifier_us: round(median(verifierRounds)),
    ratio: round(ratio, 2),
  }),
);
server.close();
