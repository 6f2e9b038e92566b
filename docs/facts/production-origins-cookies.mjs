// Re-runs the checks behind docs/facts/production-origins-cookies.md.
// In a scratch folder: npm install better-auth@1.7.29, copy this file there, node it.
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { getSessionCookie } from "better-auth/cookies";

const make = (options) =>
  betterAuth({
    logger: { disabled: true },
    secret: "x".repeat(40),
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    emailAndPassword: { enabled: true },
    ...options,
  });

let n = 0;
async function signUp(auth, url, origin, extra = {}) {
  n += 1;
  const body = { email: `user${n}@example.com`, password: "password1234", name: "A", ...extra };
  const headers = { "content-type": "application/json", origin, cookie: "a=b" };
  const res = await auth.handler(new Request(url, { method: "POST", headers, body: JSON.stringify(body) }));
  const cookies = (res.headers.getSetCookie?.() ?? []).map((c) => c.replace(/=[^;]*;/, "=…;"));
  return `${res.status} ${(await res.text()).slice(0, 60)} ${cookies.join(" | ")}`;
}

const api = "https://api.example.com/api/auth/sign-up/email";
const app = "https://app.example.com/api/auth/sign-up/email";
const show = async (label, result) => console.log(label.padEnd(44), await result);

let auth = make({ baseURL: "https://api.example.com", trustedOrigins: ["http://localhost:3000"] });
await show("frontend missing from trustedOrigins", signUp(auth, api, "https://app.example.com"));
await show("frontend listed (localhost)", signUp(auth, api, "http://localhost:3000"));
await show("http origin for an https baseURL", signUp(auth, api, "http://api.example.com"));

auth = make({ baseURL: "https://app.example.com", trustedOrigins: ["*.vercel.app"] });
await show("*.vercel.app, origin attacker.vercel.app", signUp(auth, app, "https://attacker.vercel.app"));
await show("*.vercel.app, callbackURL on attacker", signUp(auth, app, "https://app.example.com", { callbackURL: "https://attacker.vercel.app/x" }));
auth = make({ baseURL: "https://app.example.com", trustedOrigins: ["https://*"] });
await show("https://*, origin evil.com", signUp(auth, app, "https://evil.com"));

auth = make({ baseURL: { allowedHosts: ["myapp-*-team.vercel.app"], protocol: "https" } });
const preview = "https://myapp-git-x-team.vercel.app";
await show("allowedHosts, the preview's own origin", signUp(auth, `${preview}/api/auth/sign-up/email`, preview));
await show("allowedHosts, another vercel.app origin", signUp(auth, `${preview}/api/auth/sign-up/email`, "https://other.vercel.app"));

process.env.BETTER_AUTH_TRUSTED_ORIGINS = "https://a.example.com, https://b.example.com";
auth = make({ baseURL: "https://api.example.com" });
await show("env list, first entry", signUp(auth, api, "https://a.example.com"));
await show("env list, entry after ', '", signUp(auth, api, "https://b.example.com"));
delete process.env.BETTER_AUTH_TRUSTED_ORIGINS;

for (const [label, options] of [
  ["cookies, https baseURL", { baseURL: "https://app.example.com" }],
  ["cookies, http://localhost baseURL", { baseURL: "http://localhost:3000" }],
  ["cookies, cookiePrefix myapp", { baseURL: "https://app.example.com", advanced: { cookiePrefix: "myapp" } }],
  ["cookies, sameSite none, secure false", { baseURL: "https://app.example.com", advanced: { defaultCookieAttributes: { sameSite: "none", secure: false } } }],
  ["cookies, crossSubDomain vercel.app", { baseURL: "https://app.example.com", advanced: { crossSubDomainCookies: { enabled: true, domain: "vercel.app" } } }],
]) {
  const origin = new URL(options.baseURL).origin;
  await show(label, signUp(make(options), `${origin}/api/auth/sign-up/email`, origin));
}

const request = (cookie) => new Request("https://app.example.com/", { headers: { cookie } });
console.log("getSessionCookie, __Secure-myapp, no prefix", getSessionCookie(request("__Secure-myapp.session_token=abc")));
console.log("getSessionCookie, __Secure-myapp, prefix   ", getSessionCookie(request("__Secure-myapp.session_token=abc"), { cookiePrefix: "myapp" }));
