//! Magic link: "Email me a sign-in link" on /sign-in, sent through the
//! generated `sendEmail`. Verified against better-auth 1.7.25: `magicLink`
//! from `better-auth/plugins`, `magicLinkClient` from
//! `better-auth/client/plugins`, `authClient.signIn.magicLink({ email,
//! callbackURL, errorCallbackURL })`; tokens live in the `verification` table
//! (no table of its own); a used or unknown link is sent to errorCallbackURL
//! with `?error=INVALID_TOKEN`, an unknown address with `disableSignUp` with
//! `?error=new_user_signup_disabled`.

use super::{Descriptor, Import, PluginFile, Routers};
use crate::cli::Plugin;

pub const DESCRIPTOR: Descriptor = Descriptor {
    plugin: Plugin::MagicLink,
    id: "magic-link",
    label: "Magic link (\"Email me a sign-in link\" on /sign-in)",
    server: Import { name: "magicLink", module: "better-auth/plugins" },
    server_template: "plugins/magic-link/server.ts.j2",
    client: Import { name: "magicLinkClient", module: "better-auth/client/plugins" },
    client_call: "magicLinkClient()",
    tables: &[],
    columns: &[],
    env: &[],
    packages: &[],
    files: &[PluginFile {
        path: "components/auth/magic-link-button.{jsx}",
        role: "frontend.form",
        template: "plugins/magic-link/magic-link-button.tsx.j2",
        routers: Routers::Both,
    }],
    sign_in: Some(Import { name: "MagicLinkButton", module: "./magic-link-button" }),
    sign_in_step: None,
    dashboard: None,
    messages: &[("new_user_signup_disabled", "No account uses this email address. Create one first.")],
    setup_doc: "plugins/magic-link/SETUP.md.j2",
    troubleshooting_doc: "plugins/magic-link/TROUBLESHOOTING.md.j2",
    own_config: "{name}({ disableSignUp: true, sendMagicLink: async ({ email, url }) => { await sendEmail({ to: email, subject: \"Your sign-in link\", text: `To sign in, open this link within 5 minutes:\\n${url}` }); } })",
    own_config_mails: true,
};
