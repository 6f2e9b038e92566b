// Test-only preload for `next start` (NODE_OPTIONS=--require ...): answers
// the server-side calls Better Auth's built-in GitHub and Google providers
// make (token exchange, user info) without network. The browser's trip to
// the provider's authorize page is intercepted by the test driver, which
// sends back `code=<user>`; the user's profile is picked by that code.
// Every other request goes to the real fetch.
const USERS = {
  octocat: { id: 583231, login: "octocat", name: "The Octocat", email: "octocat@example.com", verified: true },
  // Same address as an account made with a password and never confirmed.
  mallory: { id: 66, login: "mallory", name: "Mallory", email: process.env.FAKE_OAUTH_UNVERIFIED_EMAIL ?? "mallory@example.com", verified: false },
  grace: { id: "108", name: "Grace Hopper", email: "grace@example.com", verified: true },
};

const realFetch = globalThis.fetch;
const json = (body) => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");

async function codeOf(init) {
  const body = init?.body;
  const text = body instanceof URLSearchParams ? body.toString() : typeof body === "string" ? body : "";
  return new URLSearchParams(text).get("code") ?? (text.startsWith("{") ? JSON.parse(text).code : null);
}

function bearer(init) {
  const headers = new Headers(init?.headers);
  return (headers.get("authorization") ?? "").replace(/^Bearer /i, "").replace(/^token-/, "");
}

globalThis.fetch = async function fakeProviders(input, init) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (url.startsWith("https://github.com/login/oauth/access_token")) {
    const code = await codeOf(init);
    return json({ access_token: `token-${code}`, token_type: "bearer", scope: "read:user,user:email" });
  }
  if (url === "https://api.github.com/user") {
    const user = USERS[bearer(init)];
    return json({ id: user.id, login: user.login, name: user.name, email: null, avatar_url: "https://example.com/a.png" });
  }
  if (url === "https://api.github.com/user/emails") {
    const user = USERS[bearer(init)];
    return json([{ email: user.email, primary: true, verified: user.verified, visibility: "private" }]);
  }
  if (url.startsWith("https://oauth2.googleapis.com/token")) {
    const user = USERS[await codeOf(init)];
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: "https://accounts.google.com", aud: process.env.GOOGLE_CLIENT_ID, sub: user.id, email: user.email, email_verified: true, name: user.name, iat: now, exp: now + 3600 };
    return json({ access_token: "google-token", expires_in: 3599, token_type: "Bearer", scope: "openid email profile", id_token: `${b64({ alg: "RS256", kid: "test" })}.${b64(claims)}.c2ln` });
  }
  return realFetch(input, init);
};
