//! Admin: roles and bans. Verified against better-auth 1.7.25: `admin` from
//! `better-auth/plugins`, `adminClient` from `better-auth/client/plugins`;
//! columns `user.role`, `user.banned`, `user.banReason`, `user.banExpires`,
//! `session.impersonatedBy`; `authClient.admin.listUsers({ query: {
//! searchValue, searchField, searchOperator, limit } })` answers `{ users,
//! total }`, `banUser({ userId, banReason })` also ends the user's sessions,
//! `unbanUser({ userId })`, `revokeUserSessions({ userId })`; each checks
//! the caller's role on the server; a banned user's sign-in answers
//! `BANNED_USER` (403). `authgen create-admin` sets `role` to "admin".

use super::{Descriptor, Import, PluginFile, Routers};
use crate::cli::Plugin;

pub const DESCRIPTOR: Descriptor = Descriptor {
    plugin: Plugin::Admin,
    id: "admin",
    label: "Admin (a users page: search, ban, unban, sign out everywhere)",
    server: Import { name: "admin", module: "better-auth/plugins" },
    server_template: "plugins/admin/server.ts.j2",
    client: Import { name: "adminClient", module: "better-auth/client/plugins" },
    client_call: "adminClient()",
    tables: &[],
    columns: &["user.role", "user.banned", "user.banReason", "user.banExpires", "session.impersonatedBy"],
    env: &[],
    packages: &[],
    files: &[
        PluginFile {
            path: "components/auth/admin-users.{jsx}",
            role: "frontend.form",
            template: "plugins/admin/admin-users.tsx.j2",
            routers: Routers::Both,
        },
        PluginFile {
            path: "components/auth/admin-link.{jsx}",
            role: "frontend.form",
            template: "plugins/admin/admin-link.tsx.j2",
            routers: Routers::Both,
        },
        PluginFile {
            path: "app/admin/page.{jsx}",
            role: "frontend.page",
            template: "plugins/admin/app-page.tsx.j2",
            routers: Routers::App,
        },
        PluginFile {
            path: "pages/admin.{jsx}",
            role: "frontend.page",
            template: "plugins/admin/pages-page.tsx.j2",
            routers: Routers::Pages,
        },
    ],
    sign_in: None,
    sign_in_step: None,
    dashboard: Some(Import { name: "AdminLink", module: "admin-link" }),
    messages: &[
        ("BANNED_USER", "This account is banned. Contact the site's team if this is a mistake."),
        ("YOU_CANNOT_BAN_YOURSELF", "You cannot ban yourself."),
    ],
    setup_doc: "plugins/admin/SETUP.md.j2",
    troubleshooting_doc: "plugins/admin/TROUBLESHOOTING.md.j2",
    own_config: "{name}()",
    own_config_mails: false,
};
