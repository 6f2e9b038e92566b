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
    messages: &[("new_user_signup_disabled", "No account uses this email address. Create one first.")],
    setup_doc: "plugins/magic-link/SETUP.md.j2",
    troubleshooting_doc: "plugins/magic-link/TROUBLESHOOTING.md.j2",
    by_hand: "magicLink({ disableSignUp: true, sendMagicLink: async ({ email, url }) => { /* send url to email */ } }) (import { magicLink } from \"better-auth/plugins\") to the config's plugins, and magicLinkClient() (import { magicLinkClient } from \"better-auth/client/plugins\") to the client's",
};
