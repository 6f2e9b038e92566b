//! `next-cookies-missing`: server actions sign in through `auth.api` but the config has no `nextCookies()`.

use super::*;

pub static NEXT_COOKIES_MISSING: Rule = Rule {
    id: "next-cookies-missing",
    severity: Error,
    summary: "server actions sign in or out through auth.api but the config has no nextCookies()",
    doc: "`auth.api.signInEmail`, `signUpEmail`, `signInSocial`, `signOut`… called from a server action return \
the `Set-Cookie` header on their response object; nothing copies it into Next.js's cookie store. The \
`nextCookies()` plugin from \"better-auth/next-js\" does that (its after-hook sets every cookie through \
`cookies()` from \"next/headers\"). Without it the action succeeds and the browser never gets the session cookie: \
the user stays signed out (or, for signOut, stays signed in). A config whose plugins are not a list literal, \
and an action file that sets cookies itself through `cookies().set`, are not judged.",
    fix: "add nextCookies() from \"better-auth/next-js\" as the last entry of the config's plugins",
    invalid: &[
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } });\n//- web/app/actions.ts\n\"use server\";\nimport { auth } from \"@/lib/auth\";\nexport async function signIn(form: FormData) {\n  await auth.api.signInEmail({ body: { email: String(form.get(\"email\")), password: String(form.get(\"password\")) } });\n}\n",
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { jwt } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/app/sign-up/page.tsx\nimport { auth } from \"@/lib/auth\";\nexport default function Page() {\n  async function signUp(form: FormData) {\n    \"use server\";\n    await auth.api.signUpEmail({ body: { name: \"a\", email: \"a@b.c\", password: \"p\" } });\n  }\n  return <form action={signUp} />;\n}\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nexport const auth = betterAuth({ plugins: [nextCookies()] });\n//- web/app/actions.ts\n\"use server\";\nimport { auth } from \"@/lib/auth\";\nexport async function signIn() {\n  await auth.api.signInEmail({ body: { email: \"a@b.c\", password: \"p\" } });\n}\n",
        // Server-side reads set no cookie; the client signs in itself.
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nexport const auth = betterAuth({});\n//- web/app/actions.ts\n\"use server\";\nimport { headers } from \"next/headers\";\nimport { auth } from \"@/lib/auth\";\nexport async function me() {\n  return auth.api.getSession({ headers: await headers() });\n}\n",
        // A route handler, not a server action.
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nexport const auth = betterAuth({});\n//- web/app/api/login/route.ts\nimport { auth } from \"@/lib/auth\";\nexport async function POST(request: Request) {\n  return auth.api.signInEmail({ body: await request.json(), asResponse: true });\n}\n",
        // The action copies the returned cookies itself.
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nexport const auth = betterAuth({});\n//- web/app/actions.ts\n\"use server\";\nimport { cookies } from \"next/headers\";\nimport { auth } from \"@/lib/auth\";\nexport async function signIn() {\n  const { headers } = await auth.api.signInEmail({ body: { email: \"a@b.c\", password: \"p\" }, returnHeaders: true });\n  const [name, value] = parse(headers.get(\"set-cookie\"));\n  (await cookies()).set(name, value);\n}\n",
        // Plugins doctor cannot list.
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { plugins } from \"./plugins\";\nexport const auth = betterAuth({ plugins });\n//- web/app/actions.ts\n\"use server\";\nimport { auth } from \"@/lib/auth\";\nexport async function signOut() {\n  await auth.api.signOut({ headers: new Headers() });\n}\n",
    ],
    autofix: None,
    check: |model| {
        let Some(config) = model.configs.first() else { return Vec::new() };
        let listed = match config.options.get("plugins") {
            None => true,
            Some(Value::List(items)) => items.iter().all(|p| p.call().is_some()),
            Some(_) => false,
        };
        if model.host != Host::Next || !listed || next_cookies(model, config).is_some() {
            return Vec::new();
        }
        let app = model.project.app_dir.as_deref().unwrap_or(".");
        // An action that copies the cookies itself (`(await cookies()).set(...)`) is not judged.
        let copies = |f: &File| f.module.calls.iter().any(|c| c.method() == "set" && c.callee.contains("cookies"));
        let action = model
            .code()
            .filter(|(_, f)| inside(&f.path, app) && server_actions(f) && !copies(f))
            .find_map(|(_, f)| f.module.calls.iter().find(|c| sets_session_cookie(c)).map(|c| (f, c)));
        let Some((file, call)) = action else { return Vec::new() };
        let path = &model.file(config.file).path;
        vec![Hit::at(
            path,
            config.call.line,
            format!(
                "{}:{} calls {} in a server action, but the config has no nextCookies(): the browser never gets the cookie",
                file.path, call.line, call.callee
            ),
        )]
    },
};

examples_test!(NEXT_COOKIES_MISSING);
