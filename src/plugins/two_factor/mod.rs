//! Two-factor authentication with an authenticator app (TOTP) and backup
//! codes. Verified against better-auth 1.7.25: `twoFactor` from
//! `better-auth/plugins`, `twoFactorClient` from `better-auth/client/plugins`;
//! `authClient.twoFactor.enable({ password })` answers `{ totpURI,
//! backupCodes }` and the first right `verifyTotp({ code })` turns it on
//! (`user.twoFactorEnabled`); with it on, `signIn.email` answers `{
//! twoFactorRedirect: true, twoFactorMethods }` and sets no session until
//! `verifyTotp` or `verifyBackupCode` succeeds; `disable({ password })`.
//! Its endpoints are limited to 3 requests per 10 s.

use super::{Descriptor, Import, PluginFile, Routers};
use crate::cli::Plugin;

pub const DESCRIPTOR: Descriptor = Descriptor {
    plugin: Plugin::TwoFactor,
    id: "two-factor",
    label: "Two-factor authentication (authenticator app, backup codes)",
    server: Import { name: "twoFactor", module: "better-auth/plugins" },
    server_template: "plugins/two-factor/server.ts.j2",
    client: Import { name: "twoFactorClient", module: "better-auth/client/plugins" },
    client_call: "twoFactorClient()",
    tables: &["twoFactor"],
    columns: &["user.twoFactorEnabled"],
    env: &[],
    // The QR code of the authenticator app's secret, drawn as SVG.
    packages: &["qrcode.react"],
    files: &[
        PluginFile {
            path: "components/auth/two-factor-settings.{jsx}",
            role: "frontend.form",
            template: "plugins/two-factor/two-factor-settings.tsx.j2",
            routers: Routers::Both,
        },
        PluginFile {
            path: "components/auth/two-factor-form.{jsx}",
            role: "frontend.form",
            template: "plugins/two-factor/two-factor-form.tsx.j2",
            routers: Routers::Both,
        },
        PluginFile {
            path: "app/two-factor/page.{jsx}",
            role: "frontend.page",
            template: "plugins/two-factor/app-page.tsx.j2",
            routers: Routers::App,
        },
        PluginFile {
            path: "pages/two-factor.{jsx}",
            role: "frontend.page",
            template: "plugins/two-factor/pages-page.tsx.j2",
            routers: Routers::Pages,
        },
    ],
    sign_in: None,
    sign_in_step: Some("plugins/two-factor/sign-in-step.tsx.j2"),
    dashboard: Some(Import { name: "TwoFactorSettings", module: "two-factor-settings" }),
    messages: &[
        ("INVALID_CODE", "That code is not right. Enter the one your app shows now."),
        ("INVALID_BACKUP_CODE", "That backup code is not right or was already used."),
        ("INVALID_TWO_FACTOR_COOKIE", "The second step has expired. Sign in again."),
        ("TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE", "Too many wrong codes. Sign in again."),
        ("ACCOUNT_TEMPORARILY_LOCKED", "Too many wrong codes: this account is locked for a while."),
        ("INVALID_PASSWORD", "Wrong password."),
    ],
    setup_doc: "plugins/two-factor/SETUP.md.j2",
    troubleshooting_doc: "plugins/two-factor/TROUBLESHOOTING.md.j2",
    own_config: "{name}()",
    own_config_mails: false,
};
