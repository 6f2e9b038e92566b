//! `database-committed`: a database file is committed to git.

use super::*;

pub static DATABASE_COMMITTED: Rule = Rule {
    id: "database-committed",
    severity: Error,
    summary: "a database file is committed to git",
    doc: "A committed SQLite file (`dev.db`, `sqlite.db`) or Postgres data folder holds Better Auth's tables: \
every user's email, the password hashes of the `account` table, live session tokens and, with the jwt plugin, \
the encrypted signing keys. Anyone with the repository can read them and crack the hashes offline, and every \
clone starts with someone's sessions. Test fixtures are not judged.",
    fix: "git rm --cached the database, ignore it (*.db, *.sqlite), and revoke the sessions and keys it held",
    invalid: &["//- server/prisma/dev.db\n", "//- db/data/PG_VERSION\n16\n"],
    valid: &[
        "//- server/prisma/schema.prisma\ndatasource db { provider = \"sqlite\" url = \"file:./dev.db\" }\n",
        "//- server/tests/fixtures/users.db\n",
    ],
    autofix: None,
    check: |model| {
        model
            .project
            .databases
            .iter()
            .filter(|p| crate::doctor::project::scope_of(p, "") == crate::doctor::project::Scope::Code)
            .map(|p| {
                Hit::at(
                    p,
                    0,
                    "a database is committed: its users, password hashes and sessions ship with the repository",
                )
            })
            .collect()
    },
};

examples_test!(DATABASE_COMMITTED);
