//! Re-runs with one answer changed: every file authgen generated follows the
//! new answer (whatever its kind: route guard, config, pages, backend code,
//! docs), nothing authgen wrote is called the user's, and a second identical
//! run writes nothing.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use tempfile::TempDir;

const NEXT_PACKAGE: &str = r#"{"name": "web", "scripts": {"dev": "next dev"}, "dependencies": {"next": "16.0.0"}, "devDependencies": {"typescript": "^5"}}"#;
const FIRST: &[&str] =
    &["init", "--no-input", "--arch", "separate", "--backend", "fastapi", "--db", "postgres", "--src-dir"];

struct Project(TempDir);

impl Project {
    /// create-next-app's package.json in frontend/, then authgen's first run.
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("frontend")).unwrap();
        fs::write(dir.path().join("frontend/package.json"), NEXT_PACKAGE).unwrap();
        let project = Project(dir);
        let (code, stdout) = project.run(FIRST);
        assert_eq!(code, 0, "{stdout}");
        project
    }

    fn run(&self, args: &[&str]) -> (i32, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_authgen"))
            .current_dir(self.0.path())
            .args(args)
            .env_remove("CI")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
        (output.status.code().unwrap_or(-1), text)
    }

    /// `init --no-input` with `extra`, replaying the rest from authgen.toml.
    fn rerun(&self, extra: &[&str]) -> String {
        let args: Vec<&str> = ["init", "--no-input"].iter().copied().chain(extra.iter().copied()).collect();
        let (code, text) = self.run(&args);
        assert_eq!(code, 0, "{extra:?}: {text}");
        assert!(!text.contains("kept your"), "authgen's own file was called the user's ({extra:?}):\n{text}");
        assert!(!text.contains("is kept as it is"), "authgen's own guard was called the user's:\n{text}");
        // The same answers again: not one file touched.
        let before = self.mtimes();
        let (code, again) = self.run(&["init", "--no-input"]);
        assert_eq!(code, 0, "{again}");
        assert!(again.contains("everything is already up to date"), "{extra:?}, second run:\n{again}");
        assert_eq!(self.mtimes(), before, "{extra:?}: a second identical run wrote a file");
        text
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.0.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn exists(&self, rel: &str) -> bool {
        self.0.path().join(rel).exists()
    }

    fn mtimes(&self) -> Vec<(String, SystemTime)> {
        let root = self.0.path();
        let mut files: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| (rel(root, e.path()), e.metadata().unwrap().modified().unwrap()))
            .collect();
        files.sort();
        files
    }
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap().to_string_lossy().into_owned()
}

const PROXY: &str = "frontend/src/proxy.ts";
const AUTH: &str = "frontend/src/lib/auth.ts";
const ROUTE: &str = "frontend/src/app/api/auth/[...all]/route.ts";

#[test]
fn protected_paths_reach_the_generated_route_guard() {
    let project = Project::new();
    let text = project.rerun(&["--protect", "/dashboard", "--protect", "/settings"]);
    assert!(text.contains(&format!("update     {PROXY}")), "{text}");
    let proxy = project.read(PROXY);
    assert!(proxy.contains(r#""/dashboard/:path*", "/settings/:path*""#), "{proxy}");
    // The route handler authgen wrote stays authgen's: unchanged, never "kept".
    assert!(project.read(ROUTE).contains("toNextJsHandler"));
}

#[test]
fn pages_turned_off_go_away_and_come_back_when_turned_on() {
    let project = Project::new();
    let pages = ["frontend/src/app/sign-in/page.tsx", "frontend/src/components/auth/sign-in-form.tsx"];
    let text = project.rerun(&["--no-pages"]);
    assert!(text.contains("remove     frontend/src/app/sign-in/page.tsx"), "{text}");
    for page in pages {
        assert!(!project.exists(page), "{page} is still there");
    }
    assert!(!project.exists("frontend/src/app/sign-in"), "an emptied folder stays");
    assert!(!project.exists("frontend/src/components"), "an emptied folder stays");
    project.rerun(&["--pages"]);
    for page in pages {
        assert!(project.exists(page), "{page} did not come back");
    }
}

#[test]
fn a_generated_file_the_user_edited_is_kept_when_no_longer_generated() {
    let project = Project::new();
    let form = "frontend/src/components/auth/sign-in-form.tsx";
    let edited = project.read(form) + "// my change\n";
    fs::write(project.0.path().join(form), &edited).unwrap();
    let (code, text) = project.run(&["init", "--no-input", "--no-pages"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("no longer generated with these answers, but you edited it"), "{text}");
    assert_eq!(project.read(form), edited);
    // Generated again later, it merges with the edit instead of conflicting.
    let (code, text) = project.run(&["init", "--no-input", "--pages"]);
    assert_eq!(code, 0, "{text}");
    assert!(project.read(form).contains("// my change"));
}

#[test]
fn the_email_transport_reaches_lib_email() {
    let project = Project::new();
    project.rerun(&["--email", "smtp"]);
    let email = project.read("frontend/src/lib/email.ts");
    assert!(email.contains("nodemailer") && email.contains("SMTP_URL"), "{email}");
    assert!(project.read("docs/auth/SETUP.md").contains("SMTP_URL"));
    project.rerun(&["--email", "resend"]);
    let email = project.read("frontend/src/lib/email.ts");
    assert!(email.contains("resend") && !email.contains("nodemailer"), "{email}");
}

#[test]
fn email_verification_reaches_the_config() {
    let project = Project::new();
    assert!(!project.read(AUTH).contains("requireEmailVerification"));
    project.rerun(&["--email-verification"]);
    assert!(project.read(AUTH).contains("requireEmailVerification: true"), "{}", project.read(AUTH));
    project.rerun(&["--no-email-verification"]);
    assert!(!project.read(AUTH).contains("requireEmailVerification"));
}

#[test]
fn social_providers_reach_the_config_and_the_buttons() {
    let project = Project::new();
    project.rerun(&["--social", "github"]);
    assert!(project.read(AUTH).contains("GITHUB_CLIENT_ID"));
    assert!(project.read("frontend/src/components/auth/social-buttons.tsx").contains("GitHub"));
    project.rerun(&["--no-social"]);
    assert!(!project.read(AUTH).contains("GITHUB_CLIENT_ID"));
    assert!(!project.exists("frontend/src/components/auth/social-buttons.tsx"));
}

#[test]
fn plugins_added_and_removed_reach_the_config_the_client_and_the_pages() {
    let project = Project::new();
    let (client, button) = ("frontend/src/lib/auth-client.ts", "frontend/src/components/auth/magic-link-button.tsx");
    // A user's edit of authgen's config survives the plugin coming and going.
    let edited = project.read(AUTH).replace("export const auth", "// my note\nexport const auth");
    fs::write(project.0.path().join(AUTH), edited).unwrap();
    project.rerun(&["--plugins", "magic-link"]);
    let config = project.read(AUTH);
    assert!(config.contains(r#"import { jwt, magicLink } from "better-auth/plugins";"#), "{config}");
    assert!(config.find("magicLink({").unwrap() < config.find("nextCookies()").unwrap(), "{config}");
    assert!(config.contains("// my note"), "{config}");
    assert!(project.read(client).contains("magicLinkClient()"));
    assert!(project.read("frontend/src/components/auth/sign-in-form.tsx").contains("<MagicLinkButton"));
    assert!(project.exists(button));
    assert!(project.read("authgen.toml").contains(r#"plugins = ["magic-link"]"#));
    project.rerun(&["--no-plugins"]);
    let config = project.read(AUTH);
    assert!(!config.contains("magicLink") && config.contains("// my note"), "{config}");
    assert!(!project.read(client).contains("magicLink"));
    assert!(!project.read("frontend/src/components/auth/sign-in-form.tsx").contains("MagicLink"));
    assert!(!project.exists(button));
    assert!(!project.read("authgen.toml").contains("plugins"));
}

#[test]
fn the_jwt_algorithm_reaches_the_config_and_the_backend() {
    let project = Project::new();
    project.rerun(&["--jwt-alg", "ES256"]);
    assert!(project.read(AUTH).contains(r#"alg: "ES256""#), "{}", project.read(AUTH));
    assert!(project.read("backend/.env").contains("AUTH_JWT_ALGORITHMS=ES256"));
}

#[test]
fn key_rotation_reaches_the_config() {
    let project = Project::new();
    project.rerun(&["--jwt-rotation-days", "30"]);
    assert!(project.read(AUTH).contains("rotationInterval"), "{}", project.read(AUTH));
    project.rerun(&["--no-jwt-rotation"]);
    assert!(!project.read(AUTH).contains("rotationInterval"));
}

#[test]
fn the_app_url_reaches_every_file_that_names_it() {
    let project = Project::new();
    project.rerun(&["--app-url", "https://app.example.com"]);
    assert!(project.read(AUTH).contains("https://app.example.com"));
    assert!(project.read("backend/.env").contains("BETTER_AUTH_URL=https://app.example.com"));
    assert!(project.read("frontend/.env.local").contains("BETTER_AUTH_URL=https://app.example.com"));
}
