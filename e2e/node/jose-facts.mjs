// What the generated Node verifiers rely on in jose, checked against the
// installed version; prints one JSON line (read by test_verifier_faults.py).
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT } from "jose";

const sign = (privateKey, alg) =>
  new SignJWT({ sub: "u" }).setProtectedHeader({ alg, kid: "k" }).setIssuedAt().setExpirationTime("5m").sign(privateKey);
const ed = await generateKeyPair("EdDSA", { extractable: true });
const es = await generateKeyPair("ES256", { extractable: true });
const esToken = await sign(es.privateKey, "ES256");
const out = {};

// An algorithm outside `algorithms` is refused before the key resolver runs.
let calls = 0;
await jwtVerify(esToken, async () => (calls++, ed.publicKey), { algorithms: ["EdDSA"] }).catch((e) => {
  out.algNotAllowed = { code: e.code, resolverCalls: calls };
});
// The resolver gets the protected header, and what it throws reaches the caller unchanged.
const mine = new Error("mine");
await jwtVerify(esToken, async (header) => {
  out.header = header;
  throw mine;
}).catch((e) => {
  out.resolverErrorPropagates = e === mine;
});
// importJWK reads a JWK as Better Auth publishes it (kid, alg, no use).
const jwk = { ...(await exportJWK(ed.publicKey)), kid: "k", alg: "EdDSA" };
const key = await importJWK(jwk, "EdDSA");
out.importedKeyVerifies = (await jwtVerify(await sign(ed.privateKey, "EdDSA"), async () => key, { algorithms: ["EdDSA"] })).payload.sub === "u";
// A key of another algorithm than the token's is refused (a TypeError, not a JOSEError).
await jwtVerify(esToken, async () => key, { algorithms: ["EdDSA", "ES256"] }).catch((e) => {
  out.keyOfAnotherAlgorithm = e.name;
});
console.log(JSON.stringify(out));
